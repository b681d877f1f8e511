using Microsoft.Extensions.Logging;

namespace DicomWeb.Hosting;

/// <summary>
/// The token of one registered client, shared by all its handlers (IHttpClientFactory makes new
/// handlers every few minutes; the token outlives them). Concurrent callers that find no fresh
/// token wait for one fetch instead of each asking the identity provider.
/// </summary>
internal sealed class BearerTokenSource(Func<CancellationToken, ValueTask<BearerToken>> fetch, TimeSpan refreshBeforeExpiry, string clientName)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BearerToken? _current;

    public string ClientName => clientName;

    /// <summary>The cached token while it is fresh, else a new one.</summary>
    public ValueTask<BearerToken> GetAsync(TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        BearerToken? current = Volatile.Read(ref _current);
        return current is not null && IsFresh(current, time)
            ? ValueTask.FromResult(current)
            : RenewAsync(current, time, logger, afterUnauthorized: false, cancellationToken);
    }

    /// <summary>
    /// A token other than <paramref name="rejected"/>: the one another caller fetched meanwhile, or a new one.
    /// </summary>
    public ValueTask<BearerToken> RenewAfterUnauthorizedAsync(BearerToken rejected, TimeProvider time, ILogger logger, CancellationToken cancellationToken) =>
        RenewAsync(rejected, time, logger, afterUnauthorized: true, cancellationToken);

    /// <summary>Forgets <paramref name="rejected"/> so that the next request fetches a new token.</summary>
    public void Forget(BearerToken rejected) => Interlocked.CompareExchange(ref _current, null, rejected);

    private async ValueTask<BearerToken> RenewAsync(BearerToken? stale, TimeProvider time, ILogger logger, bool afterUnauthorized, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            BearerToken? current = _current;
            if (current is not null && !ReferenceEquals(current, stale) && IsFresh(current, time))
                return current; // another caller renewed it while this one waited
            HostingLog.FetchingBearerToken(logger, clientName, afterUnauthorized);
            BearerToken fresh;
            try
            {
                fresh = await fetch(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The provider's message is not repeated: it is not ours to vouch for.
                HostingLog.BearerTokenFailed(logger, clientName, e.GetType().FullName ?? e.GetType().Name);
                throw new HttpRequestException($"the bearer token of DICOMweb client \"{clientName}\" could not be obtained ({e.GetType().Name}; see the inner exception)", e);
            }
            if (fresh is null || string.IsNullOrWhiteSpace(fresh.AccessToken))
                throw new HttpRequestException($"the bearer token source of DICOMweb client \"{clientName}\" returned no access token");
            Volatile.Write(ref _current, fresh);
            HostingLog.BearerTokenFetched(logger, clientName, fresh.ExpiresOn);
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsFresh(BearerToken token, TimeProvider time) => time.GetUtcNow() < token.ExpiresOn - refreshBeforeExpiry;
}
