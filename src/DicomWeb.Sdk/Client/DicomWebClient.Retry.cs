using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace DicomWeb.Client;

// Retries: the one loop that sends idempotent requests again (DicomWebClientOptions.Retry), and the
// wait STOW-RS takes between its own replay-aware attempts.
public sealed partial class DicomWebClient
{
    /// <summary>
    /// Sends a request (see <see cref="SendAttemptAsync"/>) and, for a request without a body whose
    /// method is idempotent (GET, HEAD, DELETE), sends it again after a transient failure (408, 429,
    /// 502, 503, 504, no connection, no response headers in time), waiting as
    /// <see cref="RetryPolicy.Delay"/> says, up to <see cref="DicomWebRetryOptions.MaxRetries"/> times.
    /// A request with a body (STOW-RS) is sent once here: its caller retries it, knowing whether the
    /// body can be made again. Nothing of the response has been read when it is retried, so nothing
    /// has reached the caller.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, Action<HttpRequestMessage>? configure, CancellationToken cancellationToken,
        Func<HttpContent>? body = null, bool replayable = true)
    {
        DicomWebOperation? operation = DicomWebOperation.Current;
        if (operation?.Activity is Activity activity)
            Activity.Current = activity; // the HttpClient activities of this request are children of the operation's
        bool idempotent = body is null && (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Delete);
        int maxRetries = idempotent ? _options.Retry.MaxRetries : 0;
        for (int attempt = 1; ; attempt++)
        {
            long started = Stopwatch.GetTimestamp();
            HttpResponseMessage response;
            try
            {
                response = await SendAttemptAsync(method, url, configure, cancellationToken, body, replayable).ConfigureAwait(false);
            }
            catch (DicomWebException e)
            {
                operation?.Request(method, url, null, e, Stopwatch.GetElapsedTime(started), attempt);
                if (attempt > maxRetries || !e.IsTransient)
                    throw;
                await WaitToRetryAsync(method, url, attempt, maxRetries, null, null, e, cancellationToken).ConfigureAwait(false);
                continue;
            }
            operation?.Request(method, url, response.StatusCode, null, Stopwatch.GetElapsedTime(started), attempt);
            if (attempt > maxRetries || !RetryPolicy.IsTransient(response.StatusCode))
                return response;
            HttpStatusCode status = response.StatusCode;
            RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
            response.Dispose(); // its body is not read: it is not the answer
            await WaitToRetryAsync(method, url, attempt, maxRetries, retryAfter, status, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits before retry <paramref name="retry"/> (1 for the first), and counts it in the operation's telemetry.</summary>
    private Task WaitToRetryAsync(HttpMethod method, Uri url, int retry, int maxRetries, RetryConditionHeaderValue? retryAfter, HttpStatusCode? status, Exception? error, CancellationToken cancellationToken)
    {
        TimeSpan delay = RetryPolicy.Delay(_options.Retry, retry, retryAfter);
        DicomWebOperation.Current?.Retry(method, url, retry, maxRetries, delay, status, error);
        return delay > TimeSpan.Zero ? Task.Delay(delay, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>The retries of a STOW-RS request: the store's own setting, else the client's.</summary>
    private int StowRetries(StowOptions options) => options.MaxRetries ?? _options.Retry.MaxRetries;
}
