// The tag-lookup page. The search follows DicomDictionary.Search
// (src/DicomWeb.Sdk.Json/Dictionary/DicomDictionarySearch.cs) rule for rule, so the site and the
// `dicomweb tags` verb give the same hits in the same order; a test compares the two.
(function () {
  "use strict";
  var startedAt = performance.now();
  var data = window.DICOM_DICTIONARY;
  var MAX = 50;
  var KNOWN_VRS = data.vrs; // written by SiteData.cs from the VR table

  // ---- Text rules: ASCII only, as in C# ----

  // The runs of ASCII letters and digits, lower-cased; anything else separates. (toLowerCase
  // sees only ASCII letters here, so it lowers exactly as the C# does.)
  var SEPARATORS = /[^A-Za-z0-9]+/;
  function words(text) {
    var parts = text.split(SEPARATORS), out = [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].length > 0) out.push(parts[i].toLowerCase());
    }
    return out;
  }

  function trim(text) {
    var start = 0, end = text.length;
    while (start < end && text.charCodeAt(start) <= 32) start++;
    while (end > start && text.charCodeAt(end - 1) <= 32) end--;
    return text.substring(start, end);
  }

  // Up to eight tag digits (upper-case hex, x repeating) or null: see SearchText.TagDigits.
  function tagDigits(text) {
    var digits = "", decimalDigit = false;
    for (var i = 0; i < text.length; i++) {
      var c = text[i], code = text.charCodeAt(i);
      if (c >= "0" && c <= "9") { digits += c; decimalDigit = true; }
      else if (c >= "a" && c <= "f") digits += String.fromCharCode(code - 32);
      else if ((c >= "A" && c <= "F") || c === "x") digits += c;
      else if (c === "X") digits += "x";
      else if (c !== "(" && c !== ")" && c !== "," && code > 32) return null;
    }
    if (digits.length > 2 && digits.substring(0, 2) === "0x") digits = digits.substring(2);
    return decimalDigit && digits.length >= 1 && digits.length <= 8 ? digits : null;
  }

  function uidText(text) {
    var t = trim(text);
    if (t.length === 0 || t.indexOf(".") < 0) return null;
    for (var i = 0; i < t.length; i++) {
      var c = t[i];
      if (!((c >= "0" && c <= "9") || c === ".")) return null;
    }
    return t;
  }

  function vrOf(text) {
    var t = trim(text);
    if (t.length !== 2) return null;
    var upper = "";
    for (var i = 0; i < 2; i++) {
      var code = t.charCodeAt(i);
      upper += code >= 97 && code <= 122 ? String.fromCharCode(code - 32) : t[i];
    }
    return KNOWN_VRS.indexOf(upper) >= 0 ? upper : null;
  }

  // ---- The index: one entry per element, then one per UID ----

  var entries = [];
  data.elements.forEach(function (row, i) {
    var nameWords = words(row[2]);
    entries.push({
      element: true, index: i, key: row[0], retired: row[5] === 1,
      keyword: words(row[1]).join(""), name: nameWords.join(""), words: nameWords,
      vrs: row[3].length > 0 ? row[3].split("/") : []
    });
  });
  data.uids.forEach(function (row, i) {
    var nameWords = words(row[4]);
    entries.push({
      element: false, index: i, key: row[0], retired: row[3] === 1,
      keyword: words(row[1]).join(""), name: nameWords.join(""), words: nameWords.concat(words(row[2])),
      vrs: []
    });
  });
  // A Map, not an object: a key from the address (#__proto__, #constructor) must find nothing
  // rather than Object.prototype's members.
  var byKey = new Map();
  entries.forEach(function (e) { byKey.set(e.key, e); });

  var NONE = 1e9;

  function tagRank(pattern, digits) {
    for (var i = 0; i < digits.length; i++) {
      if (pattern[i] !== "x" && pattern[i] !== digits[i]) return NONE;
    }
    if (digits.length < 8) return 3;
    return pattern === digits ? 0 : 1;
  }

  function everyWordStartsOne(queryWords, entryWords) {
    for (var q = 0; q < queryWords.length; q++) {
      var found = false;
      for (var w = 0; w < entryWords.length; w++) {
        if (entryWords[w].startsWith(queryWords[q])) { found = true; break; }
      }
      if (!found) return false;
    }
    return true;
  }

  function textRank(e, compact, queryWords) {
    if (e.keyword.length > 0 && e.keyword === compact) return 0;
    if (e.name === compact) return 1;
    if (e.keyword.startsWith(compact)) return 3;
    if (everyWordStartsOne(queryWords, e.words)) return 4;
    if (e.keyword.indexOf(compact) >= 0 || e.name.indexOf(compact) >= 0) return 5;
    return NONE;
  }

  // The tie order within a rank: current before retired, elements before UIDs, then by key
  // (ordinal, as C# string.CompareOrdinal). Walking the entries in this order and dropping each
  // hit into the bucket of its rank gives the sorted list without sorting per keystroke.
  var tieOrder = entries.slice().sort(function (a, b) {
    if (a.retired !== b.retired) return a.retired ? 1 : -1;
    if (a.element !== b.element) return a.element ? -1 : 1;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
  var RANKS = 6;

  // Each word once, in order of first appearance: "every word starts one" means the same for
  // "a a a" as for "a", and a query pasted or linked with thousands of repeats stays one pass.
  function distinct(list) {
    var seen = new Set(), out = [];
    for (var i = 0; i < list.length; i++) {
      if (!seen.has(list[i])) { seen.add(list[i]); out.push(list[i]); }
    }
    return out;
  }

  // All hits in rank order: [{entry, rank}].
  function searchAll(query) {
    var allWords = words(query);
    if (allWords.length === 0) return [];
    var compact = allWords.join(""), queryWords = distinct(allWords);
    var tag = tagDigits(query), uid = uidText(query), vr = vrOf(query);
    var buckets = [];
    for (var r = 0; r < RANKS; r++) buckets.push([]);
    for (var i = 0; i < tieOrder.length; i++) {
      var e = tieOrder[i], rank = NONE;
      if (e.element) {
        if (tag !== null) rank = Math.min(rank, tagRank(e.key, tag));
        if (vr !== null && e.vrs.indexOf(vr) >= 0) rank = Math.min(rank, 2);
      } else if (uid !== null) {
        if (e.key === uid) rank = 0;
        else if (e.key.startsWith(uid)) rank = Math.min(rank, 3);
      }
      if (rank > 0) rank = Math.min(rank, textRank(e, compact, queryWords));
      if (rank !== NONE) buckets[rank].push({ entry: e, rank: rank });
    }
    return [].concat.apply([], buckets);
  }

  function search(query, max) {
    return searchAll(query).slice(0, max || MAX).map(function (h) { return h.entry.key; });
  }

  var indexedAt = performance.now();

  // ---- Rendering ----

  var input = document.getElementById("q");
  var results = document.getElementById("results");
  var detail = document.getElementById("detail");
  var status = document.getElementById("status");
  var shown = [], active = -1;
  var stats = { searches: 0, lastSearchMs: 0, maxSearchMs: 0, lastRenderMs: 0 };

  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function tagText(key) { return "(" + key.substring(0, 4) + "," + key.substring(4) + ")"; }

  function rowOf(e) { return e.element ? data.elements[e.index] : data.uids[e.index]; }

  function resultItem(e, i) {
    var row = rowOf(e);
    var retired = e.retired ? '<span class="badge retired">retired</span>' : "";
    if (e.element) {
      return '<li role="option" id="r' + i + '" data-key="' + esc(e.key) + '"><a href="#' + esc(e.key) + '">' +
        '<span class="tag">' + tagText(e.key) + '</span><span class="kw">' + esc(row[1] || "(no keyword)") + retired + '</span>' +
        '<span class="vr">' + esc(row[3].replace(/\//g, " or ")) + '</span><span class="name">' + esc(row[2]) + '</span></a></li>';
    }
    var ts = row[6] ? '<span class="badge ts">transfer syntax</span>' : "";
    return '<li role="option" id="r' + i + '" data-key="' + esc(e.key) + '"><a href="#' + esc(e.key) + '">' +
      '<span class="tag">UID</span><span class="kw">' + esc(row[1] || row[4]) + retired + ts + '</span><span class="vr"></span>' +
      '<span class="name">' + esc(row[4]) + ' · ' + esc(e.key) + '</span></a></li>';
  }

  function run(query) {
    var started = performance.now();
    var hits = searchAll(query);
    var searched = performance.now();
    shown = hits.slice(0, MAX).map(function (h) { return h.entry; });
    active = shown.length > 0 ? 0 : -1;
    results.innerHTML = shown.map(resultItem).join("");
    markActive();
    var q = trim(query);
    status.textContent = q.length === 0
      ? data.elements.length + " elements and " + data.uids.length + " UIDs. Type a keyword, tag, words of a name, a VR or a UID."
      : hits.length === 0 ? "No match for “" + q + "”."
      : hits.length > MAX ? "The first " + MAX + " of " + hits.length + " matches; type more to narrow them."
      : hits.length + (hits.length === 1 ? " match." : " matches.");
    var done = performance.now();
    stats.searches++;
    stats.lastSearchMs = searched - started;
    stats.maxSearchMs = Math.max(stats.maxSearchMs, stats.lastSearchMs);
    stats.lastRenderMs = done - searched;
  }

  function markActive() {
    var items = results.children;
    for (var i = 0; i < items.length; i++) items[i].className = i === active ? "active" : "";
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", "r" + active);
      items[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function remember(query) {
    try {
      var url = trim(query).length > 0 ? "?q=" + encodeURIComponent(query) : location.pathname.split("/").pop();
      history.replaceState(null, "", url + location.hash);
    } catch (e) { /* some browsers refuse history changes on file:// pages; the search still works */ }
  }

  function codeBlock(text) { return "<pre><code>" + esc(text) + "</code></pre>"; }

  function showElement(e) {
    var row = data.elements[e.index];
    var key = row[0], keyword = row[1], vrs = row[3];
    var kind = row[6] >= 0 ? data.kinds[row[6]] : null;
    var vrSet = data.vrSets[vrs] || {};
    var repeating = row.length > 7;
    var member = keyword ? (repeating ? keyword + "(" + row[8] + ")" : keyword) : null;
    var html = "<h2>" + esc(row[2] || "(unnamed)") + (e.retired ? ' <span class="badge retired">retired</span>' : "") + "</h2>";
    html += "<dl>";
    html += "<dt>Tag</dt><dd><code>" + tagText(key) + "</code>" + (repeating ? ' <span class="note">repeating: each x is any hex digit, e.g. <code>' + tagText(row[9]) + "</code></span>" : "") + "</dd>";
    html += "<dt>Keyword</dt><dd><code>" + esc(keyword || "(none)") + "</code></dd>";
    html += "<dt>VR</dt><dd>" + (vrs ? esc(vrs.replace(/\//g, " or ")) : "none (item or delimiter)") + "</dd>";
    html += "<dt>VM</dt><dd>" + esc(row[4]) + "</dd>";
    html += "<dt>Status</dt><dd>" + (e.retired ? "retired from the standard" + (keyword ? "; the C# member is [Obsolete]" : "") : "current") + "</dd>";
    html += "</dl>";
    html += "<h3>C#</h3>";
    if (keyword) {
      var signature = "DicomTags." + keyword + (repeating ? "(" + row[7] + ")" : "") + " : " + (kind ? kind.type : "DicomTag");
      html += codeBlock(signature);
      if (kind) {
        var many = row[4] !== "1" && kind.type !== "SequenceTag" && kind.type !== "BinaryTag";
        html += '<p class="note"><code>dataset.Get(' + esc(member) + ")</code> reads " + (kind.type === "SequenceTag" ? "the items" : kind.type === "BinaryTag" ? "the value" : "the first value") + " as " + esc(kind.value) +
          (many ? '; <code>dataset.GetAll(' + esc(member) + ")</code> all " + esc(row[4]) + " values" : "") + ".</p>";
      }
    } else {
      html += '<p class="note">No keyword, so no member of DicomTags; look it up with <code>DicomDictionary.TryGetEntry(new DicomTag(0x' + key.substring(0, 4) + ", 0x" + key.substring(4) + "), out var entry)</code>.</p>";
    }
    html += "<h3>QIDO matchers</h3>";
    if (keyword && kind && kind.matchers.length > 0) {
      html += "<p class=\"note\">" + kind.matchers.map(function (m) { return "<code>" + esc(m[0]) + "</code>"; }).join(", ") + " on " + esc(kind.type) + ":</p>";
      html += codeBlock(kind.matchers.map(function (m) { return "Qido.Studies().Where(" + m[1].replace("{0}", member) + ")"; }).join("\n"));
    } else {
      html += '<p class="note">None: ' + (kind ? esc(kind.type) : "this element") + " has no QIDO matchers (a search cannot match on it), but it can still be asked for with <code>.Include(...)</code>.</p>";
    }
    if (vrSet.stored) {
      html += "<h3>[DicomJsonModel] property types</h3>";
      html += "<p>" + vrSet.model.map(function (t) { return "<code>" + esc(t) + "</code>"; }).join(", ") + "</p>";
      var bulk = vrSet.model.indexOf("DicomBulkData") >= 0;
      html += '<p class="note">T or T? for the first ' + (vrSet.stored === "SQ" ? "item" : "value") +
        (bulk && vrSet.model.length === 1 ? "" : "; T[] or IReadOnlyList&lt;T&gt; for all " + (vrSet.stored === "SQ" ? "items" : "values") + (bulk ? " (DicomBulkData is one value for the whole element)" : "")) +
        (vrs.indexOf("/") >= 0 ? ". Read as VR " + esc(vrSet.stored) + " (" + esc(vrs.replace(/\//g, " or ")) + " in the dictionary)." : ".") + "</p>";
      if (keyword && !repeating) {
        var t = vrSet.preferred;
        html += codeBlock((row[4] === "1" && vrSet.stored !== "SQ") || t === "DicomBulkData"
          ? "public " + t + "? " + keyword + " { get; init; }"
          : "public IReadOnlyList<" + t + "> " + keyword + " { get; init; } = [];");
      }
      html += "<h3>DICOM JSON</h3>";
      var example = {};
      example[repeating ? row[9] : key] = vrSet.json;
      html += codeBlock(JSON.stringify(example, null, 2));
    }
    detail.innerHTML = html;
  }

  function showUid(e) {
    var row = data.uids[e.index];
    var ts = row[6];
    var html = "<h2>" + esc(row[4]) + (e.retired ? ' <span class="badge retired">retired</span>' : "") + "</h2><dl>";
    html += "<dt>UID</dt><dd><code>" + esc(row[0]) + "</code></dd>";
    html += "<dt>Keyword</dt><dd><code>" + esc(row[1] || "(none)") + "</code></dd>";
    html += "<dt>Type</dt><dd>" + esc(row[2]) + "</dd>";
    html += "<dt>Status</dt><dd>" + (e.retired ? "retired" : "current") + "</dd>";
    if (row[5]) html += "<dt>Note</dt><dd>" + esc(row[5]) + "</dd>";
    if (ts) {
      html += "<dt>VR</dt><dd>" + (ts.explicitVR ? "explicit" : "implicit") + "</dd>";
      html += "<dt>Byte order</dt><dd>" + (ts.bigEndian ? "big endian" : "little endian") + "</dd>";
      html += "<dt>Encapsulated</dt><dd>" + (ts.encapsulated ? "yes (compressed or encapsulated frames)" : "no (native pixel data)") + "</dd>";
      html += "<dt>Lossy</dt><dd>" + (ts.lossy ? "yes, or may be" : "no") + "</dd>";
      html += "<dt>Deflated</dt><dd>" + (ts.deflated ? "yes (the data set is deflated)" : "no") + "</dd>";
    }
    html += "</dl><h3>C#</h3>";
    if (row[1]) {
      var lines = ["DicomUids." + row[1] + " == \"" + row[0] + "\""];
      if (ts) lines.push("DicomTransferSyntax." + row[1] + "   // .IsLossy == " + ts.lossy + ", .IsEncapsulated == " + ts.encapsulated + ", .IsBigEndian == " + ts.bigEndian);
      html += codeBlock(lines.join("\n"));
    } else {
      html += '<p class="note">No keyword, so no constant; <code>DicomUids.TryGetInfo("' + esc(row[0]) + '", out var info)</code> finds it.</p>';
    }
    detail.innerHTML = html;
  }

  // The longest key is a UID (64 characters); a tag in any spelling is shorter still.
  var MAX_KEY = 80;

  function showKey(key) {
    var e = byKey.get(key);
    if (!e && key && key.length <= MAX_KEY) {
      // A concrete tag of a repeating group, e.g. #60023000, opens its pattern.
      var hits = searchAll(key);
      if (hits.length > 0 && hits[0].rank <= 1) e = hits[0].entry;
    }
    if (!e) { detail.innerHTML = ""; return false; }
    if (e.element) showElement(e); else showUid(e);
    document.title = (rowOf(e)[1] || e.key) + " — DICOM tag lookup";
    return true;
  }

  // The key in the address: percent-decoded, or as written when that is malformed (#%, #%E0%A4).
  function hashKey() {
    var raw = location.hash.replace(/^#/, "");
    try { return decodeURIComponent(raw); } catch (e) { return raw; }
  }

  function fromHash() {
    if (!showKey(hashKey())) document.title = "DICOM tag lookup — DicomWeb";
  }

  input.addEventListener("input", function () {
    run(input.value);
    remember(input.value);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (shown.length === 0) return;
      active = event.key === "ArrowDown" ? Math.min(active + 1, shown.length - 1) : Math.max(active - 1, 0);
      markActive();
      event.preventDefault();
    } else if (event.key === "Enter") {
      if (active >= 0) {
        // Setting the same hash again fires no hashchange, so that case draws the detail itself.
        if (hashKey() === shown[active].key) fromHash();
        else location.hash = "#" + shown[active].key;
      }
      event.preventDefault();
    } else if (event.key === "Escape") {
      input.value = "";
      run("");
      remember("");
      event.preventDefault();
    }
  });

  document.addEventListener("keydown", function (event) {
    // Typing anywhere goes to the search box; Escape comes back to it.
    if (document.activeElement !== input && (event.key === "Escape" || event.key === "/")) {
      input.focus();
      input.select();
      event.preventDefault();
    }
  });

  window.addEventListener("hashchange", fromHash);

  // The public face, for tests and the curious: same rules as DicomDictionary.Search.
  window.TagLookup = { search: search, stats: stats, words: words };

  var initial = new URLSearchParams(location.search).get("q") || "";
  input.value = initial;
  run(initial);
  fromHash();
  input.focus();
  window.TagLookup.startedAt = startedAt;
  window.TagLookup.indexedAt = indexedAt;
  window.TagLookup.readyAt = performance.now();
  document.body.setAttribute("data-ready", "true");
})();
