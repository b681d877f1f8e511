using System.Globalization;
using System.Text.Json;
using DicomWeb.Generators.Dictionary;
using DicomWeb.Generators.Models;

namespace DicomWeb.Docs;

/// <summary>
/// Writes dictionary-data.js: <c>window.DICOM_DICTIONARY = {...}</c> with the elements and UIDs as
/// arrays of rows (compact: 5,000 objects with named fields would double the file), plus the
/// tables the detail view needs per typed-tag kind and per VR.
/// </summary>
internal static class SiteData
{
    public const string FileName = "dictionary-data.js";

    public static void Write(DictionarySpec spec, Stream output)
    {
        output.Write("window.DICOM_DICTIONARY = "u8);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            var kinds = TagKind.All.ToList();
            json.WriteStartArray("kinds");
            foreach (TagKind kind in kinds)
                WriteKind(json, kind);
            json.WriteEndArray();

            // The site's VR lookup reads the codes from here, the build tools' one VR table, not from a copy in JavaScript.
            json.WriteStartArray("vrs");
            foreach (VRFact vr in VRFacts.All)
                json.WriteStringValue(vr.Code);
            json.WriteEndArray();

            json.WriteStartObject("vrSets");
            foreach (string vrSet in spec.Elements.Select(e => string.Join("/", e.VRs)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                WriteVRSet(json, vrSet);
            json.WriteEndObject();

            var exactTags = new HashSet<uint>(spec.Elements.Where(e => !e.IsRepeating).Select(e => e.Tag));
            json.WriteStartArray("elements");
            foreach (ElementSpec e in spec.Elements)
            {
                TagKind? kind = TagKind.For(e.VRs);
                json.WriteStartArray();
                json.WriteStringValue(e.TagPattern.Substring(1, 4) + e.TagPattern.Substring(6, 4));
                json.WriteStringValue(e.Keyword);
                json.WriteStringValue(e.Name);
                json.WriteStringValue(string.Join("/", e.VRs));
                json.WriteStringValue(e.VM);
                json.WriteNumberValue(e.Retired ? 1 : 0);
                json.WriteNumberValue(kind is null ? -1 : kinds.IndexOf(kind));
                if (e.IsRepeating)
                {
                    // The member is a method; its parameters and an example call, and the concrete
                    // tag that example stands for (as DicomDictionary.TryGetTag gives it).
                    uint first = FirstTagOf(e, exactTags);
                    bool groupRepeats = (e.FixedMask & 0xFFFF0000u) != 0xFFFF0000u;
                    bool elementRepeats = (e.FixedMask & 0xFFFFu) != 0xFFFFu;
                    var parameters = new List<string>();
                    var arguments = new List<string>();
                    if (groupRepeats)
                    {
                        parameters.Add("ushort group");
                        arguments.Add("0x" + (first >> 16).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    if (elementRepeats)
                    {
                        parameters.Add("ushort element");
                        arguments.Add("0x" + (first & 0xFFFF).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    json.WriteStringValue(string.Join(", ", parameters));
                    json.WriteStringValue(string.Join(", ", arguments));
                    json.WriteStringValue(first.ToString("X8", CultureInfo.InvariantCulture));
                }
                json.WriteEndArray();
            }
            json.WriteEndArray();

            var transferSyntaxes = spec.TransferSyntaxes.ToDictionary(t => t.Uid, StringComparer.Ordinal);
            json.WriteStartArray("uids");
            foreach (UidSpec u in spec.Uids)
            {
                json.WriteStartArray();
                json.WriteStringValue(u.Uid);
                json.WriteStringValue(u.Keyword);
                json.WriteStringValue(u.Type);
                json.WriteNumberValue(u.Retired ? 1 : 0);
                json.WriteStringValue(u.Name);
                json.WriteStringValue(u.Info);
                if (transferSyntaxes.TryGetValue(u.Uid, out TransferSyntaxSpec? t))
                {
                    json.WriteStartObject();
                    json.WriteBoolean("explicitVR", t.ExplicitVR);
                    json.WriteBoolean("bigEndian", t.BigEndian);
                    json.WriteBoolean("encapsulated", t.Encapsulated);
                    json.WriteBoolean("lossy", t.Lossy);
                    json.WriteBoolean("deflated", t.Deflated);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.Write(";\n"u8);
    }

    private static void WriteKind(Utf8JsonWriter json, TagKind kind)
    {
        json.WriteStartObject();
        json.WriteString("type", kind.TypeName);
        json.WriteString("value", kind.ValueDoc);
        json.WriteStartArray("matchers");
        if (QidoMatcherTable.ByTagType.TryGetValue(kind.DeclaredName, out var matchers))
        {
            foreach (var (method, example) in matchers)
            {
                json.WriteStartArray();
                json.WriteStringValue(method);
                json.WriteStringValue(example.Replace("{1}", QidoMatcherTable.NumberLiteral(kind.ValueDoc)));
                json.WriteEndArray();
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    // What a [DicomJsonModel] property may be for elements of these VRs, and a DICOM JSON value.
    // The VR is the one the model generator reads them with (ModelParser): OW for "OB or OW",
    // US for "US or SS".
    private static void WriteVRSet(Utf8JsonWriter json, string vrSet)
    {
        json.WriteStartObject(vrSet);
        if (vrSet.Length > 0)
        {
            string[] vrs = vrSet.Split('/');
            string stored = VRFacts.StoredVR(vrs);
            json.WriteString("stored", stored);
            json.WriteStartArray("model");
            if (stored == "SQ")
                json.WriteStringValue("a [DicomJsonModel] type");
            foreach (string type in ModelCodecs.TypeNamesFor(stored))
                json.WriteStringValue(type);
            json.WriteEndArray();
            // The type the typed tag reads a value as, for the example property.
            string preferred = stored == "SQ" ? "DicomDataset" : TagKind.For([stored])!.ValueDoc switch
            {
                "bulk data" => "DicomBulkData",
                string type => type,
            };
            json.WriteString("preferred", preferred);
            json.WritePropertyName("json");
            JsonExamples.WriteAttribute(json, stored);
        }
        json.WriteEndObject();
    }

    // The lowest tag that fits a repeating pattern, has an even group and is not a fixed element,
    // the tag DicomDictionary.TryGetTag gives for the keyword.
    private static uint FirstTagOf(ElementSpec element, HashSet<uint> exact)
    {
        uint free = ~element.FixedMask;
        for (uint bits = 0; ; bits = ((bits | element.FixedMask) + 1) & free)
        {
            uint candidate = element.Tag | bits;
            if ((candidate & 0x00010000u) == 0 && !exact.Contains(candidate))
                return candidate;
            if (bits == free)
                return element.Tag;
        }
    }
}
