using System.Globalization;
using DicomWeb.Client;

namespace DicomWeb.Server.Search;

/// <summary>
/// The query of a QIDO-RS request (PS3.18 8.3.4, Table 8.3.4-1) as the typed <see cref="QidoQuery"/>:
/// match parameters by keyword or tag (through the generated dictionary), includefield, limit,
/// offset, fuzzymatching, emptyvaluematching and multiplevaluematching. Names and values are
/// percent-decoded as RFC 3986 says ("Smith%2A" is "Smith*"; a "+" stays a "+", since a DT offset
/// has one). Every value is checked against its attribute's VR; a problem is a message that names
/// the parameter, for a 400.
/// </summary>
internal static class QidoParameters
{
    private const int MaxValueLength = 4096;

    /// <summary>The query, or null and the problem.</summary>
    /// <param name="search">The search at its level and scope, without parameters.</param>
    /// <param name="rawQuery">The request's query string as sent, with or without its "?".</param>
    /// <param name="problem">What is wrong, naming the parameter.</param>
    public static QidoQuery? Parse(QidoQuery search, string? rawQuery, out string? problem)
    {
        problem = null;
        QidoQuery query = search;
        var matched = new HashSet<DicomTag>();
        foreach ((string name, string value) in Pairs(rawQuery))
        {
            switch (name)
            {
                case "includefield":
                    foreach (string field in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (field == "all")
                            query = query.IncludeAll();
                        else if (Attribute(field) is DicomTag tag)
                            query = query.Include(tag);
                        else
                            return Fail($"includefield: '{Shown(field)}' is neither \"all\" nor a DICOM keyword or tag of the dictionary (attribute paths in sequences are not supported)", out problem);
                    }
                    break;
                case "limit":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int limit) || limit < 1)
                        return Fail($"limit: '{Shown(value)}' is not a whole number from 1", out problem);
                    query = query.Limit(limit);
                    break;
                case "offset":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int offset))
                        return Fail($"offset: '{Shown(value)}' is not a whole number from 0", out problem);
                    query = query.Offset(offset);
                    break;
                case "fuzzymatching" or "emptyvaluematching" or "multiplevaluematching":
                    if (!bool.TryParse(value, out bool on))
                        return Fail($"{name}: '{Shown(value)}' is neither true nor false", out problem);
                    query = name switch
                    {
                        "fuzzymatching" => query.FuzzyMatching(on),
                        "emptyvaluematching" => query.EmptyValueMatching(on),
                        _ => query.MultipleValueMatching(on),
                    };
                    break;
                default:
                    if (Attribute(name) is not DicomTag attribute)
                        return Fail($"'{Shown(name)}' is neither a QIDO-RS parameter nor a DICOM keyword or tag of the dictionary (names are case-sensitive; attribute paths in sequences are not supported)", out problem);
                    if (!matched.Add(attribute))
                        return Fail($"{name}: the attribute is given twice (PS3.18 8.3.4.1: give several UIDs as one comma-separated value)", out problem);
                    if (QidoValues.Problem(attribute, value) is string invalid)
                        return Fail($"{name}: {invalid}", out problem);
                    // An empty value asks for the attribute without matching it (universal matching, PS3.4 C.2.2.2.3).
                    query = value.Length == 0 ? query.Include(attribute) : query.Where(attribute.ToString("J", null), value);
                    break;
            }
        }
        return query;
    }

    private static QidoQuery? Fail(string message, out string? problem)
    {
        problem = message;
        return null;
    }

    /// <summary>A keyword or tag of the dictionary ("PatientName", "00100010", "(0010,0010)"), or a private tag.</summary>
    private static DicomTag? Attribute(string text) =>
        DicomTag.TryParse(text, out DicomTag tag) && (tag.IsPrivate || DicomDictionary.TryGetEntry(tag, out _)) ? tag : null;

    /// <summary>The name=value pairs of a query string, percent-decoded (RFC 3986: "+" is not a space here).</summary>
    private static IEnumerable<(string Name, string Value)> Pairs(string? rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
            yield break;
        foreach (string pair in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? pair : pair[..equals];
            string value = equals < 0 ? "" : pair[(equals + 1)..];
            yield return (Uri.UnescapeDataString(name), Uri.UnescapeDataString(value));
        }
    }

    internal static string Shown(string text) => text.Length <= 64 ? Printable(text) : Printable(text[..64]) + "…";

    private static string Printable(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (int i = 0; i < span.Length; i++)
            span[i] = char.IsControl(source[i]) ? '?' : source[i];
    });

    internal static int MaxLength => MaxValueLength;
}
