using System.Net;
using DicomWeb.Client;

namespace StudyService.Logging;

/// <summary>
/// What the service logs about its upstream: the failures its callers see only as a status (502,
/// 504), here with the server's address, the HTTP status and the start of the server's error body,
/// all escaped by the console format. Never a query value (match values are patient data) nor the
/// user information of a URL.
/// </summary>
public sealed partial class UpstreamLog(ILogger<UpstreamLog> logger)
{
    public void Failed(string endpoint, Exception e) => UpstreamFailed(logger, endpoint, Describe(e));

    public void NotStored(string source, string reason) => InstanceNotStored(logger, source, reason);

    public void TimedOut(string endpoint, TimeSpan timeout) => RequestTimedOut(logger, endpoint, timeout);

    /// <summary>The failure for the log: the server's origin, method and status or why there was none, the body excerpt, the inner causes.</summary>
    public static string Describe(Exception e)
    {
        var text = new System.Text.StringBuilder();
        if (e is DicomWebException d)
        {
            // The SDK's message is "{what}: {method} {url} → {status}: {excerpt}"; the URL is replaced by its origin (no query, no user info).
            string head = d.Url is Uri url ? $": {d.Method} {url}" : "";
            int cut = head.Length > 0 ? d.Message.IndexOf(head, StringComparison.Ordinal) : -1;
            text.Append(cut > 0 ? d.Message[..cut] : "the request failed");
            text.Append(": ").Append(d.Method.Method).Append(' ').Append(Origin(d.Url));
            text.Append(d.StatusCode is HttpStatusCode status ? $" answered {(int)status} {status}" : " gave no answer");
            if (!string.IsNullOrEmpty(d.BodyExcerpt))
                text.Append(": ").Append(d.BodyExcerpt);
        }
        else
        {
            text.Append(e.GetType().Name).Append(": ").Append(e.Message);
        }
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
            text.Append(" (").Append(inner.GetType().Name).Append(": ").Append(inner.Message).Append(')');
        return text.ToString();
    }

    public static string Origin(Uri? url) =>
        url is { IsAbsoluteUri: true } ? url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) : "(no URL)";

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "{Endpoint}: the DICOMweb server failed: {Failure}")]
    private static partial void UpstreamFailed(ILogger logger, string endpoint, string failure);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "POST /studies: {Source} was not stored: {Reason}")]
    private static partial void InstanceNotStored(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "{Endpoint}: no answer within StudyService:RequestTimeout ({Timeout}); answered 504")]
    private static partial void RequestTimedOut(ILogger logger, string endpoint, TimeSpan timeout);
}
