using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DicomWeb.Benchmarks;

/// <summary>
/// DICOM JSON laid out as Orthanc's DICOMweb plugin writes it (JsonCpp's styled writer): three
/// spaces of indentation, " : " between a name and its value, short arrays of plain values on one
/// line, "Value" (or "InlineBinary", "BulkDataURI") before "vr", every character outside ASCII as a
/// \u escape in lowercase hex; and, as some servers do, '/' escaped in URLs. Written here from the
/// same data as the canonical corpora (not with the code under test).
/// </summary>
internal static class OrthancStyle
{
    public static byte[] Rewrite(byte[] canonical)
    {
        using JsonDocument document = JsonDocument.Parse(canonical);
        var output = new StringBuilder(canonical.Length * 2);
        Value(document.RootElement, output, 0);
        output.Append('\n');
        return Encoding.UTF8.GetBytes(output.ToString());
    }

    private static void Indent(StringBuilder output, int level) => output.Append('\n').Append(' ', 3 * level);

    private static void Value(JsonElement value, StringBuilder output, int level)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                Object(value, output, level);
                break;
            case JsonValueKind.Array:
                bool plain = value.EnumerateArray().All(v => v.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array));
                output.Append('[');
                if (plain)
                {
                    // JsonCpp keeps a short array of plain values on one line: [ "CT", "PT" ].
                    output.Append(' ');
                    output.AppendJoin(", ", value.EnumerateArray().Select(Scalar));
                    output.Append(value.GetArrayLength() > 0 ? " ]" : "]");
                    break;
                }
                bool first = true;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    output.Append(first ? "" : ",");
                    first = false;
                    Indent(output, level + 1);
                    Value(item, output, level + 1);
                }
                Indent(output, level);
                output.Append(']');
                break;
            default:
                output.Append(Scalar(value));
                break;
        }
    }

    private static void Object(JsonElement value, StringBuilder output, int level)
    {
        // An attribute's members: the value first, "vr" last, as Orthanc writes them.
        IEnumerable<JsonProperty> members = value.EnumerateObject();
        if (value.TryGetProperty("vr", out _))
            members = members.OrderBy(m => m.Name == "vr" ? 1 : 0);
        output.Append('{');
        bool first = true;
        foreach (JsonProperty member in members)
        {
            output.Append(first ? "" : ",");
            first = false;
            Indent(output, level + 1);
            output.Append(Quoted(member.Name)).Append(" : ");
            Value(member.Value, output, level + 1);
        }
        Indent(output, level);
        output.Append('}');
    }

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Quoted(value.GetString()!),
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };

    private static string Quoted(string text)
    {
        bool url = text.StartsWith("http", StringComparison.Ordinal);
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                case '/' when url: quoted.Append("\\/"); break;
                case < ' ' or > '~': quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: quoted.Append(c); break;
            }
        }
        return quoted.Append('"').ToString();
    }
}
