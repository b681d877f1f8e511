namespace DicomWeb.Client;

/// <summary>
/// How a <see cref="DicomWebClient"/> sends a request again after a transient failure: one set of
/// settings for every operation (searches, retrieves, metadata, bulk data, rendered images,
/// thumbnails, deletes, and STOW-RS requests whose body can be sent again).
/// </summary>
/// <remarks>
/// <para>
/// Retried: the statuses 408, 429, 502, 503 and 504, a connection that could not be made or broke
/// before the response headers, and a response whose headers did not come within
/// <see cref="DicomWebClientOptions.ResponseHeadersTimeout"/> (not for STOW-RS: the server may be
/// storing). Only while nothing of the operation's result has been handed to the caller: a paged
/// search sends the failing page again, never the pages before it; a body that breaks after its
/// first part is an error after the parts already returned.
/// </para>
/// <para>
/// The wait before retry <c>n</c> (1, 2, ...) is the server's <c>Retry-After</c> (seconds or an HTTP
/// date) when it sends one, else <see cref="BaseDelay"/> × 2<sup>n-1</sup> with jitter (a random
/// value between half and all of it); either way at most <see cref="MaxDelay"/>.
/// </para>
/// </remarks>
/// <example><code>
/// var options = new DicomWebClientOptions { Retry = new DicomWebRetryOptions { MaxRetries = 4, MaxDelay = TimeSpan.FromSeconds(10) } };
/// var noRetries = new DicomWebClientOptions { Retry = { MaxRetries = 0 } };
/// </code></example>
public sealed record DicomWebRetryOptions
{
    /// <summary>The default of <see cref="MaxRetries"/>: 2 (three attempts in all).</summary>
    public const int DefaultMaxRetries = 2;

    /// <summary>The default of <see cref="BaseDelay"/>: 250 milliseconds.</summary>
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>The default of <see cref="MaxDelay"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Times a request is sent again after a transient failure, at most (default
    /// <see cref="DefaultMaxRetries"/>, 2). 0 switches retries off: every request is sent once.
    /// </summary>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>
    /// The wait before the first retry when the server sends no Retry-After (default
    /// <see cref="DefaultBaseDelay"/>, 250 ms); it doubles with each further retry, with jitter.
    /// </summary>
    public TimeSpan BaseDelay { get; set; } = DefaultBaseDelay;

    /// <summary>
    /// The longest wait before a retry (default <see cref="DefaultMaxDelay"/>, 30 seconds): it caps
    /// both the backoff and a server's Retry-After (a server asking for an hour is asked again
    /// after this long).
    /// </summary>
    public TimeSpan MaxDelay { get; set; } = DefaultMaxDelay;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for settings out of range.</summary>
    internal void Check(string parameter)
    {
        if (MaxRetries < 0 || MaxRetries > 100)
            throw new ArgumentOutOfRangeException(parameter, MaxRetries, "Retry.MaxRetries is between 0 (no retries) and 100.");
        if (BaseDelay < TimeSpan.Zero || BaseDelay.TotalMilliseconds > int.MaxValue || MaxDelay < TimeSpan.Zero || MaxDelay.TotalMilliseconds > int.MaxValue)
            throw new ArgumentOutOfRangeException(parameter, "Retry.BaseDelay and Retry.MaxDelay are between zero and 24 days.");
    }
}
