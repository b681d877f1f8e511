using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomWeb.Hosting;

/// <summary>
/// Authentication for a client registered with AddDicomWebClient (or any HttpClient): basic
/// credentials, or bearer tokens from a function (an identity provider, Azure.Identity, Google
/// credentials; see docs/hosting.md). The Authorization header is redacted from HttpClient's logs.
/// </summary>
public static class DicomWebAuthenticationExtensions
{
    /// <summary>The default of how long before ExpiresOn a bearer token is renewed.</summary>
    public static readonly TimeSpan DefaultRefreshBeforeExpiry = TimeSpan.FromMinutes(1);

    /// <summary>The default of how long a request waits for a bearer token: 30 seconds.</summary>
    public static readonly TimeSpan DefaultTokenAcquisitionTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Sends HTTP basic credentials (RFC 7617, UTF-8) with every request; use it over https only.</summary>
    /// <example><code>services.AddDicomWebClient(o => o.BaseAddress = orthanc).AddBasicAuthentication("orthanc", "orthanc");</code></example>
    /// <exception cref="ArgumentException">The user name is empty or holds a colon (RFC 7617 forbids it).</exception>
    public static IHttpClientBuilder AddBasicAuthentication(this IHttpClientBuilder builder, string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (userName.Contains(':', StringComparison.Ordinal))
            throw new ArgumentException("A basic authentication user name cannot hold a colon (RFC 7617).", nameof(userName));
        RedactAuthorization(builder);
        return builder.AddHttpMessageHandler(() => new BasicAuthenticationHandler(userName, password));
    }

    /// <summary>
    /// Sends "Authorization: Bearer" with a token from <paramref name="getToken"/>, cached until
    /// <paramref name="refreshBeforeExpiry"/> (default one minute) before its ExpiresOn. After a 401
    /// the token is renewed once and the request sent once more when its body can be re-sent (none,
    /// in memory, or a STOW-RS body re-read from files; never a one-shot stream). Concurrent
    /// requests share one call of <paramref name="getToken"/>. A request waits at most
    /// <paramref name="tokenAcquisitionTimeout"/> (default 30 s) for a token, even when
    /// <paramref name="getToken"/> ignores its CancellationToken (which fires at that time) or
    /// blocks. A failing or timed-out <paramref name="getToken"/> fails the request with an
    /// HttpRequestException that says which (a DicomWebException to the caller of the client); the
    /// provider's exception message is never repeated nor logged, only its type.
    /// </summary>
    /// <example><code>
    /// http.AddBearerToken(async ct => new BearerToken(await GetTokenAsync(ct), DateTimeOffset.UtcNow.AddMinutes(5)));
    /// </code></example>
    /// <remarks>A TimeProvider registered in the container is used for expiry and the timeout (tests); otherwise the system clock.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="refreshBeforeExpiry"/> is negative, or <paramref name="tokenAcquisitionTimeout"/> is not positive (at most 24 days) nor <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    public static IHttpClientBuilder AddBearerToken(this IHttpClientBuilder builder, Func<CancellationToken, ValueTask<BearerToken>> getToken, TimeSpan? refreshBeforeExpiry = null, TimeSpan? tokenAcquisitionTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(getToken);
        TimeSpan margin = refreshBeforeExpiry ?? DefaultRefreshBeforeExpiry;
        ArgumentOutOfRangeException.ThrowIfLessThan(margin, TimeSpan.Zero, nameof(refreshBeforeExpiry));
        TimeSpan timeout = tokenAcquisitionTimeout ?? DefaultTokenAcquisitionTimeout;
        if (timeout != Timeout.InfiniteTimeSpan && (timeout <= TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue))
            throw new ArgumentOutOfRangeException(nameof(tokenAcquisitionTimeout), timeout, "The token acquisition timeout is positive (at most 24 days) or Timeout.InfiniteTimeSpan.");
        RedactAuthorization(builder);
        // One source per registration: handlers come and go with IHttpClientFactory's rotation, the token stays.
        var source = new BearerTokenSource(getToken, margin, timeout, builder.Name);
        return builder.AddHttpMessageHandler(provider => new BearerTokenHandler(
            source,
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetService<ILoggerFactory>()?.CreateLogger("DicomWeb.Hosting.BearerToken") ?? NullLogger.Instance));
    }

    // HttpClient's own logging may write request headers at Trace level: the Authorization value never.
    private static void RedactAuthorization(IHttpClientBuilder builder) =>
        builder.Services.Configure<HttpClientFactoryOptions>(builder.Name, options =>
        {
            Func<string, bool> previous = options.ShouldRedactHeaderValue;
            options.ShouldRedactHeaderValue = header => header.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || previous(header);
        });
}
