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

    /// <summary>True when the request certainly did not reach the server (no connection could be made).</summary>
    internal bool RequestNotSent { get; init; }

    /// <summary>True for a failure that another attempt may not meet: no connection, a connection lost before the response headers, no headers in time.</summary>
    internal bool Transient { get; init; }
}
