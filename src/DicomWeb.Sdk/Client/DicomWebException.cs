using System.Net;

namespace DicomWeb.Client;

/// <summary>
/// An HTTP or protocol error from a DICOMweb server: the message names the method, the URL, the
/// status and the start of the response body. Every failure of a <see cref="DicomWebClient"/> call
/// is one (statuses, lost connections, timeouts, silent servers, handlers of the HTTP pipeline that
/// throw, bodies that are broken or too large), with the original exception as InnerException.
/// </summary>
public sealed class DicomWebException : Exception
{
    /// <summary>An error for a request and its response.</summary>
    public DicomWebException(string message, HttpMethod method, Uri? url, HttpStatusCode? status, string? bodyExcerpt, Exception? innerException = null)
        : base($"{message}: {method} {url}{(status is { } s ? $" → {(int)s} {s}" : "")}{(string.IsNullOrEmpty(bodyExcerpt) ? "" : $": {bodyExcerpt}")}", innerException)
    {
        Method = method;
        Url = url;
        StatusCode = status;
        BodyExcerpt = bodyExcerpt;
    }

    /// <summary>The request method.</summary>
    public HttpMethod Method { get; }

    /// <summary>The request URL.</summary>
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
