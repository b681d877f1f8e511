using Microsoft.Extensions.Logging;

namespace DicomWeb.Client;

/// <summary>
/// What DicomWebClient logs (event ids 1301-1399; DicomWeb.Hosting uses 1401-1499), documented in
/// docs/resilience.md. Paths have their UIDs replaced by {uid} and their query values REDACTED
/// (those of includefield, limit, offset and the other value-free parameters stay; all of them
/// with DicomWebClientOptions.RedactQueryValues = false); no match value, UID, header, token or
/// exception message is ever an argument.
/// </summary>
internal static partial class DicomWebLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "DICOMweb {Operation} ({Service}) {Method} {Path}: {StatusCode} in {DurationMs:0.0} ms, {Results} results, {BytesReceived} bytes received, {BytesSent} bytes sent, {Retries} retries")]
    public static partial void OperationCompleted(ILogger logger, string operation, string service, string method, string path, int statusCode, double durationMs, long results, long bytesReceived, long bytesSent, int retries);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "DICOMweb {Operation} ({Service}) {Method} {Path} failed ({ErrorType}, status {StatusCode}) after {DurationMs:0.0} ms, {Results} results, {BytesReceived} bytes received, {BytesSent} bytes sent, {Retries} retries")]
    public static partial void OperationFailed(ILogger logger, string operation, string service, string method, string path, string errorType, int statusCode, double durationMs, long results, long bytesReceived, long bytesSent, int retries);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "DICOMweb {Method} {Path}: {Reason}; retry {Retry} of {MaxRetries} in {DelayMs:0} ms")]
    public static partial void Retrying(ILogger logger, string method, string path, string reason, int retry, int maxRetries, double delayMs);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Debug, Message = "DICOMweb request {Method} {Path} (attempt {Attempt}): {StatusCode} after {DurationMs:0.0} ms")]
    public static partial void RequestCompleted(ILogger logger, string method, string path, int attempt, int statusCode, double durationMs);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Debug, Message = "DICOMweb request {Method} {Path} (attempt {Attempt}): no response ({ErrorType}) after {DurationMs:0.0} ms")]
    public static partial void RequestFailed(ILogger logger, string method, string path, int attempt, string errorType, double durationMs);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Debug, Message = "DICOMweb search page {Page}: {Results} results")]
    public static partial void SearchPage(ILogger logger, int page, int results);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Debug, Message = "DICOMweb {Operation} part {Part}: {MediaType}")]
    public static partial void PartReceived(ILogger logger, string operation, long part, string mediaType);

    [LoggerMessage(EventId = 1308, Level = LogLevel.Debug, Message = "DICOMweb store: {Stored} instances stored, {Failed} failed, {NotSent} not sent")]
    public static partial void StoreOutcome(ILogger logger, int stored, int failed, int notSent);
}
