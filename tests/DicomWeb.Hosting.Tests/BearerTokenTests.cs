using System.Collections.Concurrent;
using System.Net;
using DicomWeb.Client;
using DicomWeb.Sdk.Tests.Client;
using DicomWeb.Tests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static DicomWeb.DicomTags;

namespace DicomWeb.Hosting.Tests;

/// <summary>AddBearerToken against an in-process server that checks the Authorization header.</summary>
public sealed class BearerTokenTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Hands out "token-1", "token-2", ... each valid for five minutes of the test's clock.</summary>
    private sealed class TokenIssuer(ManualTimeProvider clock)
    {
        private int _issued;

        public int Issued => _issued;

        public Func<CancellationToken, Task>? BeforeIssue { get; init; }

        public async ValueTask<BearerToken> GetAsync(CancellationToken cancellationToken)
        {
            int n = Interlocked.Increment(ref _issued);
            if (BeforeIssue is not null)
                await BeforeIssue(cancellationToken);
            return new BearerToken($"token-{n}", clock.Now.AddMinutes(5));
        }
    }

    private static ServiceProvider Provider(Uri root, TokenIssuer issuer, ManualTimeProvider clock, Action<IHttpClientBuilder>? before = null, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
                logging.AddProvider(logs);
        });
        IHttpClientBuilder http = services.AddDicomWebClient(o => o.BaseAddress = root);
        before?.Invoke(http);
        http.AddBearerToken(issuer.GetAsync);
        return services.BuildServiceProvider();
    }

    private static string? Bearer(HttpContext context) =>
        context.Request.Headers.Authorization.ToString() is { Length: > 7 } value && value.StartsWith("Bearer ", StringComparison.Ordinal) ? value[7..] : null;

    private static async Task<int> CountAsync(IDicomWebClient client)
    {
        int count = 0;
        await foreach (DicomDataset _ in client.SearchAsync(Qido.Studies()))
            count++;
        return count;
    }

    [Fact]
    public async Task The_token_is_cached_until_shortly_before_it_expires()
    {
        var seen = new ConcurrentQueue<string?>();
        await using FakeServer server = await Servers.StudiesAsync(1, context => { seen.Enqueue(Bearer(context)); return true; });
        var clock = new ManualTimeProvider(Start);
        var issuer = new TokenIssuer(clock);
        using ServiceProvider provider = Provider(server.Root, issuer, clock);

        Assert.Equal(1, await CountAsync(provider.GetRequiredService<IDicomWebClient>()));
        clock.Now = Start.AddMinutes(3.9);      // still more than a minute left
        Assert.Equal(1, await CountAsync(provider.GetRequiredService<IDicomWebClient>()));
        Assert.Equal(1, issuer.Issued);
        clock.Now = Start.AddMinutes(4.1);      // less than a minute left: renewed before it expires
        Assert.Equal(1, await CountAsync(provider.GetRequiredService<IDicomWebClient>()));
        Assert.Equal(2, issuer.Issued);
        Assert.Equal(["token-1", "token-1", "token-2"], seen);
    }

    [Fact]
    public async Task A_401_renews_the_token_once_and_replays_the_request()
    {
        // The server has revoked token-1 early (e.g. a key rotation): only token-2 is good.
        var seen = new ConcurrentQueue<string?>();
        await using FakeServer server = await Servers.StudiesAsync(2, context => { seen.Enqueue(Bearer(context)); return Bearer(context) == "token-2"; });
        var clock = new ManualTimeProvider(Start);
        var issuer = new TokenIssuer(clock);
        using ServiceProvider provider = Provider(server.Root, issuer, clock);

        Assert.Equal(2, await CountAsync(provider.GetRequiredService<IDicomWebClient>()));
        Assert.Equal(["token-1", "token-2"], seen);
        Assert.Equal(2, issuer.Issued);
        Assert.Equal(2, await CountAsync(provider.GetRequiredService<IDicomWebClient>()));
        Assert.Equal(2, issuer.Issued); // the renewed token is kept
    }

    [Fact]
    public async Task A_server_that_refuses_every_token_gets_one_replay_not_a_loop()
    {
        int requests = 0;
        await using FakeServer server = await Servers.StudiesAsync(1, _ => { Interlocked.Increment(ref requests); return false; });
        var clock = new ManualTimeProvider(Start);
        var issuer = new TokenIssuer(clock);
        using ServiceProvider provider = Provider(server.Root, issuer, clock);

        var error = await Assert.ThrowsAsync<DicomWebException>(() => CountAsync(provider.GetRequiredService<IDicomWebClient>()));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(2, requests);
        Assert.Equal(2, issuer.Issued);
        Assert.DoesNotContain("token-", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fifty_concurrent_searches_share_one_token_fetch()
    {
        var seen = new ConcurrentQueue<string?>();
        await using FakeServer server = await Servers.StudiesAsync(1, context => { seen.Enqueue(Bearer(context)); return true; });
        var clock = new ManualTimeProvider(Start);
        // Every request is inside the token handler (waiting for the one fetch, or fetching) before
        // the identity provider answers: a handler without a shared renewal would fetch 50 times.
        var counter = new CountingHandler { Target = 50 };
        var issuer = new TokenIssuer(clock) { BeforeIssue = ct => counter.Reached.Task.WaitAsync(ct) };
        using ServiceProvider provider = Provider(server.Root, issuer, clock, http => http.AddHttpMessageHandler(() => counter));

        int[] counts = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => CountAsync(provider.GetRequiredService<IDicomWebClient>()))));

        Assert.All(counts, c => Assert.Equal(1, c));
        Assert.Equal(1, issuer.Issued);
        Assert.Equal(50, seen.Count);
        Assert.All(seen, token => Assert.Equal("token-1", token));
    }

    [Fact]
    public async Task Fifty_concurrent_401s_share_one_renewal()
    {
        var seen = new ConcurrentQueue<string?>();
        await using FakeServer server = await Servers.StudiesAsync(1, context => { seen.Enqueue(Bearer(context)); return Bearer(context) != "token-1"; });
        var clock = new ManualTimeProvider(Start);
        var issuer = new TokenIssuer(clock);
        using ServiceProvider provider = Provider(server.Root, issuer, clock);

        int[] counts = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => CountAsync(provider.GetRequiredService<IDicomWebClient>()))));

        Assert.All(counts, c => Assert.Equal(1, c));
        Assert.Equal(2, issuer.Issued);
        Assert.Equal(50, seen.Count(t => t == "token-2"));
    }

    [Fact]
    public async Task A_one_shot_STOW_stream_is_not_replayed_after_a_401_and_the_next_request_gets_a_new_token()
    {
        var posts = new ConcurrentQueue<(string? Token, long Bytes)>();
        await using FakeServer server = await FakeServer.StartAsync(async context =>
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body); // read it all, so the client sees the 401 and not a reset
            posts.Enqueue((Bearer(context), body.Length));
            context.Response.StatusCode = Bearer(context) == "token-1" ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK;
            if (context.Response.StatusCode == StatusCodes.Status200OK)
                await context.Response.WriteAsync("{}");
        });
        var clock = new ManualTimeProvider(Start);
        var issuer = new TokenIssuer(clock);
        using ServiceProvider provider = Provider(server.Root, issuer, clock);
        IDicomWebClient client = provider.GetRequiredService<IDicomWebClient>();

        string sop = SyntheticInstances.NewUid();
        using var part10 = new MemoryStream();
        await DicomFile.Create(SyntheticInstances.Create(SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), sop)).SaveAsync(part10);
        var oneShot = new OneShotStream(part10.ToArray());
        StowResult result = await client.StoreAsync([oneShot]);

        StowFailedInstance failed = Assert.Single(result.Failed);
        Assert.Equal(sop, failed.SopInstanceUid);
        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        Assert.Empty(result.Stored);
        var post = Assert.Single(posts);   // sent once, never again from a stream already read
        Assert.Equal("token-1", post.Token);
        Assert.Equal(1, issuer.Issued);

        // The refused token is forgotten: the next request starts with a new one.
        StowResult again = await client.StoreAsync([part10.ToArray()]);
        Assert.Equal(2, posts.Count);
        Assert.Equal("token-2", posts.Last().Token);
        Assert.Equal(2, issuer.Issued);
        Assert.DoesNotContain(again.Failed, f => f.StatusCode == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_STOW_of_files_is_replayed_after_a_401_with_the_whole_body()
    {
        var posts = new ConcurrentQueue<(string? Token, long Bytes)>();
        string folder = Directory.CreateTempSubdirectory("dicomweb-hosting-").FullName;
        try
        {
            var instances = Enumerable.Range(0, 3).Select(_ => SyntheticInstances.Create(SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), SyntheticInstances.NewUid())).ToList();
            var paths = new List<string>();
            foreach (DicomDataset instance in instances)
                paths.Add(await SyntheticInstances.WriteFileAsync(instance, folder));
            await using FakeServer server = await FakeServer.StartAsync(async context =>
            {
                var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                posts.Enqueue((Bearer(context), body.Length));
                if (Bearer(context) == "token-1")
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
                context.Response.ContentType = "application/dicom+json";
                await context.Response.WriteAsync(Servers.StoredResponse(instances.Select(i => (i.Get(SOPClassUID)!, i.Get(SOPInstanceUID)!))));
            });
            var clock = new ManualTimeProvider(Start);
            var issuer = new TokenIssuer(clock);
            using ServiceProvider provider = Provider(server.Root, issuer, clock);

            StowResult result = await provider.GetRequiredService<IDicomWebClient>().StoreAsync(paths);

            Assert.True(result.AllStored, result.ToString());
            Assert.Equal(3, result.Stored.Count);
            Assert.Equal(["token-1", "token-2"], posts.Select(p => p.Token));
            Assert.Equal(posts.First().Bytes, posts.Last().Bytes); // the replay carried the whole body again
            Assert.True(posts.Last().Bytes > 3 * 256);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Tokens_stay_out_of_logs_and_ToString()
    {
        var logs = new CapturingLoggerProvider();
        await using FakeServer server = await Servers.StudiesAsync(1, context => Bearer(context) != "token-1");
        var clock = new ManualTimeProvider(Start);
        var issuer = new TokenIssuer(clock);
        using ServiceProvider provider = Provider(server.Root, issuer, clock, logs: logs);

        Assert.Equal(1, await CountAsync(provider.GetRequiredService<IDicomWebClient>()));

        Assert.Contains(logs.Lines, l => l.Contains("sending it once more with a renewed bearer token", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("Authorization", StringComparison.Ordinal)); // HttpClient's trace of request headers...
        Assert.DoesNotContain(logs.Lines, l => l.Contains("token-", StringComparison.Ordinal)); // ...with the value redacted
        var token = new BearerToken("secret-access-token", Start);
        Assert.DoesNotContain("secret-access-token", token.ToString(), StringComparison.Ordinal);
        Assert.Contains("2026-01-01T08:00:00", token.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_of_a_replay_after_a_401_names_the_path_without_its_UIDs()
    {
        const string study = "1.2.826.0.1.3680043.8.498.77123";
        var logs = new CapturingLoggerProvider();
        await using FakeServer server = await Servers.StudiesAsync(1, context => Bearer(context) != "token-1");
        var clock = new ManualTimeProvider(Start);
        using ServiceProvider provider = Provider(server.Root, new TokenIssuer(clock), clock, logs: logs);

        Assert.Single(await provider.GetRequiredService<IDicomWebClient>().RetrieveMetadataAsync(Wado.Study(study)));

        Assert.Contains(logs.Lines, l => l.Contains("401 to GET /dicom-web/studies/{uid}/metadata; sending it once more", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(study, StringComparison.Ordinal) && l.Contains("DicomWeb.Hosting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_token_source_fails_the_call_as_a_DicomWebException_and_its_message_reaches_no_exception_text_nor_log()
    {
        await using FakeServer server = await Servers.StudiesAsync(1);
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddDicomWebClient(o => o.BaseAddress = server.Root)
            .AddBearerToken(_ => throw new InvalidOperationException("client secret 'hunter2' was rejected"));
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<DicomWebException>(() => CountAsync(provider.GetRequiredService<IDicomWebClient>()));
        HttpRequestException http = Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Contains("bearer token of DICOMweb client \"DicomWeb\" could not be obtained: the token provider threw System.InvalidOperationException", http.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(A_failing_token_source_fails_the_call_as_a_DicomWebException_and_its_message_reaches_no_exception_text_nor_log), error.ToString(), StringComparison.Ordinal); // the provider's stack trace is kept
        // IHttpClientFactory's logging handler logs the exception the token handler throws, with its whole chain.
        Assert.Contains(logs.Lines, l => l.Contains("HTTP request failed", StringComparison.Ordinal) && l.Contains("System.InvalidOperationException", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("could not be obtained (System.InvalidOperationException)", StringComparison.Ordinal));
        foreach (string text in new[] { error.Message, error.ToString(), string.Join("\n", logs.Lines) })
            Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    /// <summary>A token provider that never completes and never looks at its token; a blocking one holds its thread until the test ends.</summary>
    private sealed class HungProvider : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private int _calls;

        public bool Blocking { get; init; }

        public int Calls => _calls;

        public ValueTask<BearerToken> GetAsync(CancellationToken _)
        {
            Interlocked.Increment(ref _calls);
            if (Blocking)
                _release.Wait();   // on the calling thread, before any task exists
            return new ValueTask<BearerToken>(new TaskCompletionSource<BearerToken>().Task);
        }

        public void Dispose() => _release.Set();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_token_provider_that_ignores_cancellation_and_never_completes_fails_the_call_at_the_acquisition_timeout(bool blocking)
    {
        await using FakeServer server = await Servers.StudiesAsync(1);
        using var hung = new HungProvider { Blocking = blocking };
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddDicomWebClient(o => { o.BaseAddress = server.Root; o.Retry.MaxRetries = 0; })
            .AddBearerToken(hung.GetAsync, tokenAcquisitionTimeout: TimeSpan.FromSeconds(1));
        using ServiceProvider provider = services.BuildServiceProvider();

        // Three concurrent calls join the one fetch; a fourth after they failed starts a new one.
        DicomWebException[] errors = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Assert.ThrowsAsync<DicomWebException>(() => CountAsync(provider.GetRequiredService<IDicomWebClient>()))));
        DicomWebException again = await Assert.ThrowsAsync<DicomWebException>(() => CountAsync(provider.GetRequiredService<IDicomWebClient>()));

        foreach (DicomWebException error in errors.Append(again))
        {
            Assert.Contains("the bearer token of DICOMweb client \"DicomWeb\" was not obtained within 1 s: token acquisition timed out", error.Message, StringComparison.Ordinal);
            HttpRequestException http = Assert.IsType<HttpRequestException>(error.InnerException);
            Assert.IsType<TimeoutException>(http.InnerException);
        }
        Assert.Equal(2, hung.Calls);
        Assert.Contains(logs.Lines, l => l.Contains("was not obtained within 1 s: token acquisition timed out", StringComparison.Ordinal));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task The_provider_s_token_is_canceled_at_the_acquisition_timeout_and_a_later_token_is_fetched_anew()
    {
        await using FakeServer server = await Servers.StudiesAsync(1);
        int calls = 0;
        var canceled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var services = new ServiceCollection();
        services.AddDicomWebClient(o => { o.BaseAddress = server.Root; o.Retry.MaxRetries = 0; })
            .AddBearerToken(async ct =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        canceled.TrySetResult(true);
                        throw;
                    }
                }
                return new BearerToken("token-ok", DateTimeOffset.UtcNow.AddMinutes(5));
            }, tokenAcquisitionTimeout: TimeSpan.FromMilliseconds(300));
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<DicomWebException>(() => CountAsync(provider.GetRequiredService<IDicomWebClient>()));
        Assert.Contains("token acquisition timed out", error.Message, StringComparison.Ordinal);
        Assert.True(await canceled.Task);
        Assert.Equal(1, await CountAsync(provider.GetRequiredService<IDicomWebClient>()));
        Assert.Equal(2, calls);
    }
}
