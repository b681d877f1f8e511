using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace DicomWeb.Server.Http;

/// <summary>
/// One media range of an Accept header (RFC 9110 12.5.1) as PS3.18 8.7 reads it: the media type,
/// for multipart/related its type parameter, the transfer-syntax parameter and the q value.
/// </summary>
/// <param name="MediaType">The media range in lower case, e.g. "multipart/related", "application/dicom", "*/*".</param>
/// <param name="Type">The type parameter of multipart/related in lower case, unquoted; null when absent.</param>
/// <param name="TransferSyntax">The transfer-syntax parameter; null when absent.</param>
/// <param name="Quality">The q value, 1 when absent.</param>
internal sealed record AcceptChoice(string MediaType, string? Type, string? TransferSyntax, double Quality)
{
    /// <summary>True for multipart/related (or multipart/*).</summary>
    public bool IsMultipart => MediaType is "multipart/related" or "multipart/*";

    /// <summary>True for */* and the type/* ranges that take <paramref name="mediaType"/>.</summary>
    public bool Covers(string mediaType) =>
        MediaType == mediaType || MediaType == "*/*" || MediaType.EndsWith("/*", StringComparison.Ordinal) && mediaType.StartsWith(MediaType[..^1], StringComparison.Ordinal);

    /// <summary>
    /// The choices of a request's Accept headers, highest q first (ties in the order written),
    /// those with q=0 dropped; no Accept header is one */* choice. Null and a reason when the
    /// header does not parse or names a parameter twice (PS3.18 8.7.3.5.2 allows one
    /// transfer-syntax per media type).
    /// </summary>
    public static IReadOnlyList<AcceptChoice>? Parse(HttpRequest request, out string? problem)
    {
        problem = null;
        StringValues headers = request.Headers.Accept;
        if (StringValues.IsNullOrEmpty(headers))
            return [new AcceptChoice("*/*", null, null, 1)];
        if (!MediaTypeHeaderValue.TryParseList(headers, out IList<MediaTypeHeaderValue>? values))
        {
            problem = "the Accept header is not a list of media types";
            return null;
        }
        var choices = new List<AcceptChoice>();
        foreach (MediaTypeHeaderValue value in values)
        {
            string? type = null, syntax = null;
            foreach (NameValueHeaderValue parameter in value.Parameters)
            {
                string name = parameter.Name.Value!.ToLowerInvariant();
                if (name is not ("type" or "transfer-syntax"))
                    continue;
                string text = HeaderUtilities.RemoveQuotes(parameter.Value).Value ?? "";
                if (name == "type" ? type is not null : syntax is not null)
                {
                    problem = $"the Accept header names the {name} parameter twice for {value.MediaType}";
                    return null;
                }
                if (name == "type")
                    type = text.ToLowerInvariant();
                else
                    syntax = text;
            }
            double quality = value.Quality ?? 1;
            if (quality > 0)
                choices.Add(new AcceptChoice(value.MediaType.Value!.ToLowerInvariant(), type, syntax, quality));
        }
        // A stable sort: equal q values keep the order the client wrote them in.
        return [.. choices.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Quality).ThenBy(x => x.i).Select(x => x.c)];
    }
}
