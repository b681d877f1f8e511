using System.Text;

namespace DicomWeb.Client;

/// <summary>
/// A Content-Type value split into its media type and parameters (RFC 9110 section 8.3): names
/// case-insensitive, values unquoted (quoted-string with backslash escapes, or a bare token).
/// </summary>
/// <example><code>
/// MediaTypeHeader? type = MediaTypeHeader.TryParse("multipart/related; type=\"application/dicom\"; boundary=x1");
/// // type.MediaType == "multipart/related", type["boundary"] == "x1"
/// </code></example>
public sealed class MediaTypeHeader
{
    private MediaTypeHeader(string mediaType, IReadOnlyDictionary<string, string> parameters)
    {
        MediaType = mediaType;
        Parameters = parameters;
    }

    /// <summary>The media type in lower case, e.g. "multipart/related".</summary>
    public string MediaType { get; }

    /// <summary>The parameters, unquoted; names case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>A parameter's value, or null.</summary>
    public string? this[string name] => Parameters.TryGetValue(name, out string? value) ? value : null;

    /// <summary>True for multipart/* types.</summary>
    public bool IsMultipart => MediaType.StartsWith("multipart/", StringComparison.Ordinal);

    /// <summary>
    /// Parses a Content-Type value; never throws. Null when it is not "type/subtype" (RFC 9110
    /// tokens) followed by parameters "; name=value", a value being a quoted-string or a run of
    /// visible ASCII other than <c>; , "</c>. Also null, because the value is ambiguous or could
    /// not have come from a conforming sender: a parameter named twice (two boundaries), an
    /// unterminated quoted-string, a control character, or a character beyond U+00FF (or beyond
    /// U+007E outside a quoted-string). White space around the value, around "=" and a trailing
    /// ";" are accepted. Parameter values are not otherwise checked: a multipart reader checks
    /// its boundary itself (RFC 2046: 1 to 70 characters).
    /// </summary>
    public static MediaTypeHeader? TryParse(string? value)
    {
        if (value is null)
            return null;
        int i = 0;
        SkipSpace(value, ref i);
        int start = i;
        while (i < value.Length && (IsTokenChar(value[i]) || value[i] == '/'))
            i++;
        string type = value[start..i];
        int slash = type.IndexOf('/');
        if (slash <= 0 || slash == type.Length - 1 || type.IndexOf('/', slash + 1) >= 0)
            return null;
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            SkipSpace(value, ref i);
            if (i == value.Length)
                return new MediaTypeHeader(type.ToLowerInvariant(), parameters);
            if (value[i] != ';')
                return null;
            i++;
            SkipSpace(value, ref i);
            if (i == value.Length)
                return new MediaTypeHeader(type.ToLowerInvariant(), parameters); // a trailing ";" is common and harmless
            start = i;
            while (i < value.Length && IsTokenChar(value[i]))
                i++;
            string name = value[start..i];
            SkipSpace(value, ref i);
            if (name.Length == 0 || i == value.Length || value[i] != '=')
                return null;
            i++;
            SkipSpace(value, ref i);
            string? parameter = i < value.Length && value[i] == '"' ? ReadQuoted(value, ref i) : ReadBare(value, ref i);
            if (parameter is null || !parameters.TryAdd(name, parameter))
                return null;
        }
    }

    private static void SkipSpace(string value, ref int i)
    {
        while (i < value.Length && value[i] is ' ' or '\t')
            i++;
    }

    // RFC 9110 tchar.
    private static bool IsTokenChar(char c) =>
        c is (>= '0' and <= '9') or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    // An unquoted value: wider than a token, as servers write them (type=application/dicom, boundary=a=b).
    private static bool IsBareChar(char c) => c is > ' ' and < '\x7F' and not (';' or ',' or '"');

    private static string? ReadBare(string value, ref int i)
    {
        int start = i;
        while (i < value.Length && IsBareChar(value[i]))
            i++;
        return i > start ? value[start..i] : null;
    }

    // RFC 9110 qdtext and quoted-pair: HTAB, SP, visible ASCII and obs-text; no other control character.
    private static bool IsQuotedChar(char c) => c is '\t' or (>= ' ' and < '\x7F') or (>= '\x80' and <= '\xFF');

    private static string? ReadQuoted(string value, ref int i)
    {
        var text = new StringBuilder();
        for (i++; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '"')
            {
                i++;
                return text.ToString();
            }
            if (c == '\\' && i + 1 < value.Length)
                c = value[++i];
            if (!IsQuotedChar(c))
                return null;
            text.Append(c);
        }
        return null; // unterminated
    }

    /// <summary>The media type and its parameters, values quoted where a bare value would not read back the same.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(MediaType);
        foreach ((string name, string value) in Parameters)
        {
            text.Append("; ").Append(name).Append('=');
            if (value.Length > 0 && value.All(IsBareChar))
            {
                text.Append(value);
                continue;
            }
            text.Append('"');
            foreach (char c in value)
                text.Append(c is '"' or '\\' ? "\\" : "").Append(c);
            text.Append('"');
        }
        return text.ToString();
    }
}
