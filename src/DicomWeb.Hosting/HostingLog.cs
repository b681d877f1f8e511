using Microsoft.Extensions.Logging;

namespace DicomWeb.Hosting;

/// <summary>What DicomWeb.Hosting logs: client names, paths (without host, query or UIDs), expiry times, exception types; never a credential nor a token provider's message.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "Fetching a bearer token for DICOMweb client {ClientName} (after a 401: {AfterUnauthorized})")]
    public static partial void FetchingBearerToken(ILogger logger, string clientName, bool afterUnauthorized);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Bearer token for DICOMweb client {ClientName} expires on {ExpiresOn:O}")]
    public static partial void BearerTokenFetched(ILogger logger, string clientName, DateTimeOffset expiresOn);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "The bearer token of DICOMweb client {ClientName} could not be obtained ({ExceptionType})")]
    public static partial void BearerTokenFailed(ILogger logger, string clientName, string exceptionType);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Warning, Message = "The bearer token of DICOMweb client {ClientName} was not obtained within {TimeoutSeconds} s: token acquisition timed out")]
    public static partial void BearerTokenTimedOut(ILogger logger, string clientName, string timeoutSeconds);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information, Message = "DICOMweb client {ClientName}: 401 to {Method} {Path}; sending it once more with a renewed bearer token")]
    public static partial void UnauthorizedReplayed(ILogger logger, string clientName, string method, string path);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Warning, Message = "DICOMweb client {ClientName}: 401 to {Method} {Path}; its body cannot be sent again, so it is not replayed (the next request gets a new token)")]
    public static partial void UnauthorizedNotReplayed(ILogger logger, string clientName, string method, string path);
}
