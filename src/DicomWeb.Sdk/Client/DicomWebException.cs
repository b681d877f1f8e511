using System.Net;

namespace DicomWeb.Client;

/// <summary>
/// An HTTP or protocol error from a DICOMweb server: the message names the method, the URL, the
/// status and the start of the response body. Every failure of a <see cref="DicomWebClient"/> call
/// is one (statuses, lost connections, timeouts, silent servers, handlers of the HTTP pipeline that
/// throw, bodies that are broken or too large), with the original exception as InnerException.
/// </summary>
/// <remarks>
/// What a log receives from an exception (<see cref="Exception.Message"/>, <see cref="Exception.ToString"/>,
/// and <see cref="Url"/> for loggers that write an exception's properties) carries no credential
/// and no query value: the URL is shown without user information, and every query value except
/// those of parameters that carry none (includefield, limit, offset, fuzzymatching and the other
/// PS3.18 flags and rendering parameters) reads <c>REDACTED</c>, e.g.
/// <c>GET https://pacs/dicom-web/studies?PatientID=REDACTED&amp;limit=100</c>.
/// <see cref="DicomWebClientOptions.RedactQueryValues"/> = false shows the values, for debugging.
/// The path is shown as it is (UIDs included), and so is <see cref="BodyExcerpt"/>: the server's text.
/// </remarks>
public sealed class DicomWebException : Exception
{
    /// <summary>An error for a request and its response; <paramref name="url"/> is kept and shown redacted (see the remarks of the class).</summary>
    public DicomWebException(string message, HttpMethod method, Uri? url, HttpStatusCode? status, string? bodyExcerpt, Exception? innerException = null)
        : this(message, method, url, status, bodyExcerpt, innerException, queryValues: false)
    {
    }

    /// <summary>An error of a client, which shows query values when its options say so.</summary>
    internal DicomWebException(string message, HttpMethod method, Uri? url, HttpStatusCode? status, string? bodyExcerpt, Exception? innerException, bool queryValues)
        : base($"{message}: {method} {(url is null ? "" : UrlRedaction.Show(url, queryValues))}{(status is { } s ? $" → {(int)s} {s}" : "")}{(string.IsNullOrEmpty(bodyExcerpt) ? "" : $": {bodyExcerpt}")}", innerException)
    {
        Method = method;
        Url = UrlRedaction.Redact(url, queryValues);
        StatusCode = status;
        BodyExcerpt = bodyExcerpt;
    }

    /// <summary>The request method.</summary>
    public HttpMethod Method { get; }

    /// <summary>
    /// The request URL as the message shows it: without user information, and with
    /// query values REDACTED unless <see cref="DicomWebClientOptions.RedactQueryValues"/> is false.
    /// </summary>
    public Uri? Url { get; }

    /// <summary>The response status, when there was a response.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The first characters of the response body, when there was one.</summary>
    public string? BodyExcerpt { get; }

    /// <summary>
    /// True when the request certainly did not reach the server (no connection could be made), so
    /// sending it again cannot do anything twice. False when it may have reached it, e.g. a connection
    /// lost after the body went out: a STOW-RS may then have stored some instances.
    /// </summary>
    public bool RequestNotSent { get; init; }

    /// <summary>
    /// True for a failure that another attempt may not meet: a status that says "not now" (408, 429,
    /// 502, 503, 504), no connection, a connection lost before the response headers, no headers in time
    /// for a request without a body. The client has already retried these as
    /// <see cref="DicomWebClientOptions.Retry"/> says when the request was idempotent.
    /// </summary>
    public bool IsTransient { get; init; }

    /// <summary>
    /// The headers of the response (message and content headers), as they were when the error was
    /// made; empty when there was no response. Set-Cookie values read <c>REDACTED</c>: a session
    /// cookie is a credential. Names compare case-insensitively.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ResponseHeaders { get; init; } = NoHeaders;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoHeaders =
        new Dictionary<string, IReadOnlyList<string>>(0, StringComparer.OrdinalIgnoreCase).AsReadOnly();

    /// <summary>A read-only copy of a response's headers for <see cref="ResponseHeaders"/>, Set-Cookie redacted.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<string>> Snapshot(HttpResponseMessage? response)
    {
        if (response is null)
            return NoHeaders;
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            bool secret = header.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("Set-Cookie2", StringComparison.OrdinalIgnoreCase);
            string[] values = secret ? header.Value.Select(_ => "REDACTED").ToArray() : header.Value.ToArray();
            headers[header.Key] = headers.TryGetValue(header.Key, out var before) ? [.. before, .. values] : values;
        }
        return headers.AsReadOnly();
    }
}
