using System.Text;
using DicomWeb.Client;

namespace DicomWeb.Sdk.Tests.Multipart;

/// <summary>
/// The multipart/related rules of <see cref="MultipartRelatedReader"/> written again over a whole array,
/// the plain way, as the fuzz tests' oracle: the parts a body holds (headers and bytes), and
/// whether it ends in its closing delimiter or in an error.
/// </summary>
internal static class ReferenceMultipart
{
    public sealed record Part(Dictionary<string, string> Headers, byte[] Content);

    public static (List<Part> Parts, bool Broken) Parse(byte[] body, string boundary, MultipartLimits limits)
    {
        var parts = new List<Part>();
        byte[] dashBoundary = Encoding.ASCII.GetBytes("--" + boundary);
        byte[] delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
        int position;
        if (body.AsSpan().StartsWith(dashBoundary))
        {
            position = dashBoundary.Length;
        }
        else
        {
            int first = body.AsSpan().IndexOf(delimiter);
            if (first < 0 || first > limits.MaxPreambleBytes)
                return (parts, true);
            position = first + delimiter.Length;
        }
        while (true)
        {
            int section = position;
            if (body.AsSpan(position).StartsWith("--"u8))
                return (parts, false);
            string? padding = Line(body, ref position, section, limits);
            if (padding is null || padding.Any(c => c is not (' ' or '\t')))
                return (parts, true);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                string? line = Line(body, ref position, section, limits);
                if (line is null)
                    return (parts, true);
                if (line.Length == 0)
                    break;
                int colon = line.IndexOf(':');
                if (colon <= 0 || !line[..colon].All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
                    return (parts, true);
                if (!headers.TryAdd(line[..colon], line[(colon + 1)..].Trim(' ', '\t')))
                    return (parts, true);
            }
            if (headers.TryGetValue("Content-Type", out string? type) && MediaTypeHeader.TryParse(type) is null)
                return (parts, true);
            long? length = null;
            if (headers.TryGetValue("Content-Length", out string? text))
            {
                if (text.Length == 0 || !text.All(char.IsAsciiDigit) || !long.TryParse(text, out long value))
                    return (parts, true);
                length = value;
            }
            int end = body.AsSpan(position).IndexOf(delimiter);
            if (end < 0 || (length is long expected && expected != end))
                return (parts, true);
            parts.Add(new Part(headers, body[position..(position + end)]));
            position += end + delimiter.Length;
        }
    }

    // The next line without its line break, or null when there is none within the header section.
    private static string? Line(byte[] body, ref int position, int section, MultipartLimits limits)
    {
        int newline = Array.IndexOf(body, (byte)'\n', position);
        if (newline < 0 || newline - section >= limits.MaxHeaderSectionBytes)
            return null;
        int end = newline > position && body[newline - 1] == '\r' ? newline - 1 : newline;
        string line = Encoding.Latin1.GetString(body, position, end - position);
        position = newline + 1;
        return line;
    }
}
