using System.Text;

namespace DicomWeb.Client;

/// <summary>
/// A Content-Type value split into its media type and parameters (RFC 9110 section 8.3): names
/// case-insensitive, values unquoted (quoted-string with backslash escapes, or a bare token).
/// </summary>
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

    /// <summary>Parses a Content-Type value; null when it is not "type/subtype" followed by well-formed parameters.</summary>
    public static MediaTypeHeader? TryParse(string? value)
    {
        if (value is null)
            return null;
        int i = 0;
        string type = ReadToken(value, ref i).ToLowerInvariant();
        int slash = type.IndexOf('/');
        if (slash <= 0 || slash == type.Length - 1)
            return null;
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            SkipSpace(value, ref i);
            if (i == value.Length)
                return new MediaTypeHeader(type, parameters);
            if (value[i] != ';')
                return null;
            i++;
            SkipSpace(value, ref i);
            if (i == value.Length)
                return new MediaTypeHeader(type, parameters); // a trailing ";" is common and harmless
            string name = ReadToken(value, ref i);
            SkipSpace(value, ref i);
            if (name.Length == 0 || i == value.Length || value[i] != '=')
                return null;
            i++;
            SkipSpace(value, ref i);
            string? parameter = i < value.Length && value[i] == '"' ? ReadQuoted(value, ref i) : ReadToken(value, ref i);
            if (parameter is null)
                return null;
            parameters[name] = parameter;
        }
    }

    private static void SkipSpace(string value, ref int i)
    {
        while (i < value.Length && value[i] is ' ' or '\t')
            i++;
    }

    // A token here is everything up to a separator of the header grammar; "/" stays inside so that
    // the type and unquoted parameter values like type=application/dicom read as one token.
    private static string ReadToken(string value, ref int i)
    {
        SkipSpace(value, ref i);
        int start = i;
        while (i < value.Length && value[i] is not (';' or '=' or '"' or ' ' or '\t' or ','))
            i++;
        return value[start..i];
    }

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
            text.Append(c);
        }
        return null; // unterminated
    }

    /// <inheritdoc/>
    public override string ToString() =>
        MediaType + string.Concat(Parameters.Select(p => $"; {p.Key}={p.Value}"));
}
