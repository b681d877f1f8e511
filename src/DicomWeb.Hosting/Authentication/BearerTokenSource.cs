using System.Globalization;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Hosting;

/// <summary>
/// The token of one registered client, shared by all its handlers (IHttpClientFactory makes new
/// handlers every few minutes; the token outlives them). Callers that find no fresh token join
/// the one fetch in flight instead of each asking the identity provider, and none waits longer
/// than the acquisition timeout, whatever the provider does with its CancellationToken.
/// </summary>
internal sealed class BearerTokenSource(Func<CancellationToken, ValueTask<BearerToken>> fetch, TimeSpan refreshBeforeExpiry, TimeSpan acquisitionTimeout, string clientName)
{
    private readonly object _lock = new();
    private BearerToken? _current;
    private Task<BearerToken>? _fetching;   // the fetch in flight, until it ends or its own timeout passes
    private int _generation;                // of the fetch last started, so that an old one never clears a new one

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
        Task<BearerToken> fetching;
        lock (_lock)
        {
            BearerToken? current = _current;
            if (current is not null && !ReferenceEquals(current, stale) && IsFresh(current, time))
                return current; // another caller renewed it meanwhile
            if (_fetching is not { IsCompleted: false })
                _fetching = FetchAsync(++_generation, time, logger, afterUnauthorized);
            fetching = _fetching;
        }
        if (acquisitionTimeout == Timeout.InfiniteTimeSpan)
            return await fetching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The caller's own bound: it holds even when the fetch it joined started earlier.
            return await fetching.WaitAsync(acquisitionTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            // Only the wait times out this way: whatever the provider throws comes wrapped in an HttpRequestException.
            // Given up: the next caller starts a fetch of its own rather than join this one.
            lock (_lock)
            {
                if (ReferenceEquals(_fetching, fetching))
                    _fetching = null;
            }
            throw TimedOut(e);
        }
    }

    // The provider runs on the thread pool, so that one that blocks before returning its task is
    // bounded too; its token fires at the timeout, and the fetch is given up then whether or not
    // the provider listens (a later caller starts a new one).
    private Task<BearerToken> FetchAsync(int generation, TimeProvider time, ILogger logger, bool afterUnauthorized) => Task.Run(async () =>
    {
        try
        {
            HostingLog.FetchingBearerToken(logger, clientName, afterUnauthorized);
            using var deadline = acquisitionTimeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(acquisitionTimeout, time);
            Task<BearerToken> provider = Task.Run(() => fetch(deadline.Token).AsTask(), deadline.Token);
            BearerToken fresh;
            try
            {
                fresh = await provider.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (deadline.IsCancellationRequested)
            {
                // Whatever the provider ends with later is observed and dropped.
                _ = provider.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                HostingLog.BearerTokenTimedOut(logger, clientName, Seconds(acquisitionTimeout));
                throw TimedOut(e);
            }
            catch (Exception e)
            {
                HostingLog.BearerTokenFailed(logger, clientName, e.GetType().FullName ?? e.GetType().Name);
                throw new HttpRequestException(
                    $"the bearer token of DICOMweb client \"{clientName}\" could not be obtained: the token provider threw {e.GetType().FullName} (its message is left out: a token provider's text may hold secrets)",
                    TokenProviderFailure.From(e, clientName));
            }
            if (fresh is null || string.IsNullOrWhiteSpace(fresh.AccessToken))
                throw new HttpRequestException($"the bearer token provider of DICOMweb client \"{clientName}\" returned no access token");
            Volatile.Write(ref _current, fresh);
            HostingLog.BearerTokenFetched(logger, clientName, fresh.ExpiresOn);
            return fresh;
        }
        finally
        {
            lock (_lock)
            {
                // Unless a caller gave up on this fetch and another one started meanwhile.
                if (_generation == generation)
                    _fetching = null;
            }
        }
    });

    private HttpRequestException TimedOut(Exception inner) =>
        new($"the bearer token of DICOMweb client \"{clientName}\" was not obtained within {Seconds(acquisitionTimeout)} s: token acquisition timed out (the tokenAcquisitionTimeout of AddBearerToken; the token provider did not complete)",
            new TimeoutException($"token acquisition timed out after {Seconds(acquisitionTimeout)} s", inner));

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private bool IsFresh(BearerToken token, TimeProvider time) => time.GetUtcNow() < token.ExpiresOn - refreshBeforeExpiry;
}
