using System.Net;
using System.Net.Http.Headers;

namespace DicomWeb.Client;

/// <summary>What is retried and how long to wait: shared by the retries of idempotent requests and of STOW-RS.</summary>
internal static class RetryPolicy
{
    /// <summary>Statuses that say "not now" rather than "no": 408, 429, 502, 503, 504.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// The wait before retry <paramref name="retry"/> (1 for the first): the server's Retry-After when
    /// given (seconds or an HTTP date), else exponential backoff with jitter; at most MaxDelay.
    /// </summary>
    public static TimeSpan Delay(DicomWebRetryOptions options, int retry, RetryConditionHeaderValue? retryAfter)
    {
        TimeSpan max = options.MaxDelay;
        TimeSpan? asked = retryAfter?.Delta ?? (retryAfter?.Date is DateTimeOffset date ? date - DateTimeOffset.UtcNow : null);
        if (asked is TimeSpan wait)
            return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < max ? wait : max;
        // Jitter spreads the retries of many clients that failed together (half to all of the backoff).
        double backoff = Math.Min(options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30)), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(backoff * (0.5 + Random.Shared.NextDouble() / 2));
    }
}
