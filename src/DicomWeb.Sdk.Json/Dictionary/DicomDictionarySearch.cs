namespace DicomWeb;

// The lookup behind the `dicomweb tags` verb and the tag-lookup site (src/DicomWeb.Docs), whose
// JavaScript follows these rules step by step: a test runs the same queries through both and
// compares the lists. A change here is a change there (docs/tag-lookup.md states the rules).
public static partial class DicomDictionary
{
    private static SearchIndex? _searchIndex;

    /// <summary>
    /// Finds elements and registered UIDs (transfer syntaxes included) for what a person types:
    /// a keyword in any case or with spaces ("PatientName", "patient name"), a tag in any usual
    /// spelling ("(0010,0010)", "0010,0010", "00100010", "0x00100010", "0010 0010", or its first
    /// digits), a concrete tag of a repeating group ("6002,3000" finds (60xx,3000)), words of the
    /// name ("birth date"), a VR ("PN"), or a UID or its beginning. Best matches first; retired
    /// entries after current ones of the same rank.
    /// </summary>
    /// <param name="query">The text typed; blank or punctuation only gives no hits.</param>
    /// <param name="max">At most this many hits.</param>
    /// <returns>The hits in rank order; ties go current before retired, elements before UIDs, then by <see cref="DicomDictionaryMatch.Key"/> (ordinal).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is less than 1.</exception>
    /// <example><code>
    /// DicomDictionaryMatch best = DicomDictionary.Search("patient name")[0];   // (0010,0010) PatientName
    /// var overlays = DicomDictionary.Search("(6002,3000)");                     // (60xx,3000) OverlayData
    /// </code></example>
    public static IReadOnlyList<DicomDictionaryMatch> Search(string query, int max = 50)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        SearchIndex index = _searchIndex ??= new SearchIndex();
        var hits = new List<(int Rank, int Entry)>();
        string[] words = SearchText.Words(query);
        if (words.Length == 0)
            return [];
        string compact = string.Concat(words);
        string? tag = SearchText.TagDigits(query);
        string? uid = SearchText.UidText(query);
        string? vr = SearchText.VR(query);

        for (int i = 0; i < index.Keys.Length; i++)
        {
            int rank = int.MaxValue;
            if (index.IsElement[i])
            {
                if (tag is not null)
                    rank = Math.Min(rank, TagRank(index.Keys[i], tag));
                if (vr is not null && Array.IndexOf(index.VRs[i], vr) >= 0)
                    rank = Math.Min(rank, 2);
            }
            else if (uid is not null)
            {
                string key = index.Keys[i];
                if (key == uid)
                    rank = 0;
                else if (key.StartsWith(uid, StringComparison.Ordinal))
                    rank = Math.Min(rank, 3);
            }
            rank = Math.Min(rank, TextRank(index, i, compact, words));
            if (rank != int.MaxValue)
                hits.Add((rank, i));
        }

        hits.Sort((a, b) =>
        {
            int order = a.Rank.CompareTo(b.Rank);
            if (order == 0) order = index.Retired[a.Entry].CompareTo(index.Retired[b.Entry]);
            if (order == 0) order = index.IsElement[b.Entry].CompareTo(index.IsElement[a.Entry]);
            if (order == 0) order = string.CompareOrdinal(index.Keys[a.Entry], index.Keys[b.Entry]);
            return order;
        });

        var matches = new DicomDictionaryMatch[Math.Min(max, hits.Count)];
        for (int i = 0; i < matches.Length; i++)
            matches[i] = index.ToMatch(hits[i].Entry, hits[i].Rank);
        return matches;
    }

    // 0 the tag exactly (or the pattern as written, "60xx3000"), 1 a tag the pattern covers,
    // 3 the first digits of a tag or pattern.
    private static int TagRank(string pattern, string digits)
    {
        for (int i = 0; i < digits.Length; i++)
        {
            if (pattern[i] != 'x' && pattern[i] != digits[i])
                return int.MaxValue;
        }
        if (digits.Length < 8)
            return 3;
        return pattern == digits ? 0 : 1;
    }

    private static int TextRank(SearchIndex index, int i, string compact, string[] words)
    {
        string keyword = index.Keywords[i], name = index.Names[i];
        if (keyword.Length > 0 && keyword == compact)
            return 0;
        if (name == compact)
            return 1;
        if (keyword.StartsWith(compact, StringComparison.Ordinal))
            return 3;
        if (EveryWordStartsOne(words, index.Words[i]))
            return 4;
        if (keyword.Contains(compact, StringComparison.Ordinal) || name.Contains(compact, StringComparison.Ordinal))
            return 5;
        return int.MaxValue;
    }

    private static bool EveryWordStartsOne(string[] queryWords, string[] entryWords)
    {
        foreach (string word in queryWords)
        {
            bool found = false;
            foreach (string candidate in entryWords)
            {
                if (candidate.StartsWith(word, StringComparison.Ordinal))
                {
                    found = true;
                    break;
                }
            }
            if (!found)
                return false;
        }
        return true;
    }

    /// <summary>How queries and entries are cut into comparable pieces; ASCII only, so JavaScript does exactly the same.</summary>
    private static class SearchText
    {
        /// <summary>The runs of ASCII letters and digits, lower-cased; anything else separates.</summary>
        public static string[] Words(string text)
        {
            var words = new List<string>();
            var word = new System.Text.StringBuilder();
            foreach (char c in text)
            {
                if (c is >= 'A' and <= 'Z')
                    word.Append((char)(c + 32));
                else if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
                    word.Append(c);
                else if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }
            }
            if (word.Length > 0)
                words.Add(word.ToString());
            return [.. words];
        }

        /// <summary>
        /// Up to eight tag digits (upper-case hex, x for a repeating digit) when the text is only hex
        /// digits, parentheses, commas and blanks, optionally after 0x, and has a decimal digit;
        /// otherwise null ("face" is a word, not a tag).
        /// </summary>
        public static string? TagDigits(string text)
        {
            var digits = new System.Text.StringBuilder();
            bool decimalDigit = false;
            foreach (char c in text)
            {
                if (c is >= '0' and <= '9')
                {
                    digits.Append(c);
                    decimalDigit = true;
                }
                else if (c is >= 'a' and <= 'f')
                    digits.Append((char)(c - 32));
                else if (c is >= 'A' and <= 'F' or 'x')
                    digits.Append(c);
                else if (c == 'X')
                    digits.Append('x');
                else if (c is not ('(' or ')' or ',') && c > ' ')
                    return null;
            }
            string result = digits.ToString();
            if (result.StartsWith("0x", StringComparison.Ordinal) && result.Length > 2)
                result = result[2..];
            return decimalDigit && result.Length is >= 1 and <= 8 ? result : null;
        }

        /// <summary>The text without surrounding blanks when it is digits and dots with at least one dot; otherwise null.</summary>
        public static string? UidText(string text)
        {
            string trimmed = Trim(text);
            if (trimmed.Length == 0 || !trimmed.Contains('.'))
                return null;
            foreach (char c in trimmed)
            {
                if (c is not (>= '0' and <= '9' or '.'))
                    return null;
            }
            return trimmed;
        }

        /// <summary>The VR code when the text, without surrounding blanks, is one (any case); otherwise null.</summary>
        public static string? VR(string text)
        {
            string trimmed = Trim(text);
            if (trimmed.Length != 2)
                return null;
            string upper = string.Concat(Upper(trimmed[0]), Upper(trimmed[1]));
            return DicomVR.TryParse(upper, out _) ? upper : null;
        }

        private static string Upper(char c) => (c is >= 'a' and <= 'z' ? (char)(c - 32) : c).ToString();

        // Blanks are the ASCII controls and space, as in the JavaScript (whose trim() knows more).
        private static string Trim(string text)
        {
            int start = 0, end = text.Length;
            while (start < end && text[start] <= ' ')
                start++;
            while (end > start && text[end - 1] <= ' ')
                end--;
            return text[start..end];
        }
    }

    /// <summary>Every element and registered UID, cut up once for searching.</summary>
    private sealed class SearchIndex
    {
        public SearchIndex()
        {
            IReadOnlyList<DicomUidInfo> uids = DicomUids.All;
            int count = ElementCount + uids.Count;
            Keys = new string[count];
            Keywords = new string[count];
            Names = new string[count];
            Words = new string[count][];
            VRs = new string[count][];
            Retired = new bool[count];
            IsElement = new bool[count];
            for (int i = 0; i < ElementCount; i++)
            {
                uint mask = i < ExactCount ? 0xFFFFFFFFu : RepeatingMasks[i - ExactCount];
                Keys[i] = Pattern(EntryTags[i], mask);
                Keywords[i] = string.Concat(SearchText.Words(EntryKeywords[i]));
                string[] nameWords = SearchText.Words(EntryNames[i]);
                Names[i] = string.Concat(nameWords);
                Words[i] = nameWords;
                VRs[i] = Array.ConvertAll(VRSets[EntryFlags[i] >> 1], vr => vr.ToString());
                Retired[i] = (EntryFlags[i] & 1) != 0;
                IsElement[i] = true;
            }
            for (int u = 0; u < uids.Count; u++)
            {
                int i = ElementCount + u;
                DicomUidInfo info = uids[u];
                Keys[i] = info.Uid;
                Keywords[i] = string.Concat(SearchText.Words(info.Keyword));
                string[] nameWords = SearchText.Words(info.Name);
                Names[i] = string.Concat(nameWords);
                Words[i] = [.. nameWords, .. SearchText.Words(info.Type)];
                VRs[i] = [];
                Retired[i] = info.IsRetired;
            }
        }

        public string[] Keys { get; }

        public string[] Keywords { get; }

        public string[] Names { get; }

        public string[][] Words { get; }

        public string[][] VRs { get; }

        public bool[] Retired { get; }

        public bool[] IsElement { get; }

        public DicomDictionaryMatch ToMatch(int i, int rank)
        {
            if (!IsElement[i])
            {
                DicomUids.TryGetInfo(Keys[i], out DicomUidInfo info);
                return new DicomDictionaryMatch(Keys[i], rank, null, info);
            }
            return new DicomDictionaryMatch(Keys[i], rank, EntryAt(i, EntryTags[i]), null);
        }

        private static string Pattern(uint tag, uint mask)
        {
            Span<char> text = stackalloc char[8];
            for (int nibble = 0; nibble < 8; nibble++)
            {
                int shift = 28 - 4 * nibble;
                text[nibble] = ((mask >> shift) & 0xF) == 0 ? 'x' : "0123456789ABCDEF"[(int)((tag >> shift) & 0xF)];
            }
            return new string(text);
        }
    }
}
