using System.Net;
using DicomWeb.Client;
using DicomWeb.Sdk.Tests.Client;
using DicomWeb.Tests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace DicomWeb.Hosting.Tests;

/// <summary>
/// Microsoft.Extensions.Http.Resilience's standard handler in front of the DI client, configured
/// as docs/hosting.md says, against the in-process fault server: STOW-RS is sent as often as the
/// client's own retries say (never retried twice over), long transfers are not cut by the
/// handler's timeouts, and the StowResult accounts for every instance.
/// </summary>
public sealed class ResilienceHandlerTests
{
    /// <summary>The configuration of docs/hosting.md ("Microsoft.Extensions.Http.Resilience"), with shorter timeouts to show they do not cut transfers.</summary>
    private static void ForDicomWeb(HttpStandardResilienceOptions options)
    {
        // The DICOMweb client retries itself (Retry-After, the failing page only, STOW-RS only when its body can be sent again).
        options.Retry.ShouldHandle = static _ => ValueTask.FromResult(false);
        // A request with a body (STOW-RS) lasts as long as its upload: the client's idle and headers timeouts end a silent server instead.
        options.AttemptTimeout.TimeoutGenerator = static args => ValueTask.FromResult(args.Context.GetRequestMessage()?.Content is null ? TimeSpan.FromSeconds(1) : Timeout.InfiniteTimeSpan);
        options.TotalRequestTimeout.TimeoutGenerator = static args => ValueTask.FromResult(args.Context.GetRequestMessage()?.Content is null ? TimeSpan.FromSeconds(2) : Timeout.InfiniteTimeSpan);
        options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(1);
        options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(2);
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(2);
    }

    private static async Task<List<byte[]>> InstancesAsync(int count)
    {
        var instances = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            using var part10 = new MemoryStream();
            await DicomFile.Create(SyntheticInstances.Create("1.2.3", "1.2.3.4", SyntheticInstances.NewUid())).SaveAsync(part10);
            instances.Add(part10.ToArray());
        }
        return instances;
    }

    [Fact]
    public async Task A_STOW_answered_503_twice_is_posted_three_times_not_twelve_and_every_instance_is_stored()
    {
        int posts = 0;
        await using FakeServer server = await FakeServer.StartAsync(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            if (Interlocked.Increment(ref posts) <= 2)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "0";
                return;
            }
            // Slower than the handler's attempt and total timeouts for a request without body: an upload is not cut.
            await Task.Delay(TimeSpan.FromSeconds(3));
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        var services = new ServiceCollection();
        services.AddDicomWebClient(o => o.BaseAddress = server.Root).AddStandardResilienceHandler(ForDicomWeb);
        using ServiceProvider provider = services.BuildServiceProvider();
        IDicomWebClient client = provider.GetRequiredService<IDicomWebClient>();
        List<byte[]> instances = await InstancesAsync(3);

        StowResult result = await client.StoreAsync(instances, new StowOptions { MaxInstancesPerRequest = 3 });

        Assert.Equal(3, posts); // 1 + the client's 2 retries; the handler retried none of them
        Assert.True(result.AllStored);
        Assert.Equal(["bytes 1", "bytes 2", "bytes 3"], result.Stored.Select(s => s.Source));
        Assert.Equal(3, Assert.Single(result.Responses).Attempts);
    }

    [Fact]
    public async Task A_STOW_of_a_one_shot_stream_is_posted_once_and_its_instance_keeps_an_outcome()
    {
        int posts = 0;
        await using FakeServer server = await FakeServer.StartAsync(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref posts);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        });
        var services = new ServiceCollection();
        services.AddDicomWebClient(o => o.BaseAddress = server.Root).AddStandardResilienceHandler(ForDicomWeb);
        using ServiceProvider provider = services.BuildServiceProvider();
        byte[] instance = (await InstancesAsync(1))[0];
        await using var oneShot = new OneShotStream(instance);

        StowResult result = await provider.GetRequiredService<IDicomWebClient>().StoreAsync([oneShot]);

        Assert.Equal(1, posts);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, Assert.Single(result.Failed).StatusCode);
    }

    [Fact]
    public async Task A_search_is_retried_by_the_client_alone_and_a_slow_retrieve_body_is_not_cut_by_the_handler()
    {
        int searches = 0;
        await using FakeServer server = await FakeServer.StartAsync(async context =>
        {
            if (context.Request.Path.Value!.EndsWith("/studies", StringComparison.Ordinal))
            {
                if (Interlocked.Increment(ref searches) == 1)
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    context.Response.Headers.RetryAfter = "0";
                    return;
                }
                await Servers.WriteStudiesAsync(context, 2);
                return;
            }
            // A retrieve whose body takes longer than the handler's total timeout (2 s), flowing all along.
            context.Response.ContentType = "multipart/related; type=\"application/dicom\"; boundary=b";
            await context.Response.WriteAsync("--b\r\nContent-Type: application/dicom\r\n\r\n");
            for (int i = 0; i < 6; i++)
            {
                await context.Response.WriteAsync("DICM");
                await context.Response.Body.FlushAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
            await context.Response.WriteAsync("\r\n--b--\r\n");
        });
        var services = new ServiceCollection();
        services.AddDicomWebClient(o => o.BaseAddress = server.Root).AddStandardResilienceHandler(ForDicomWeb);
        using ServiceProvider provider = services.BuildServiceProvider();
        IDicomWebClient client = provider.GetRequiredService<IDicomWebClient>();

        int studies = 0;
        await foreach (DicomDataset _ in client.SearchAsync(Qido.Studies()))
            studies++;
        Assert.Equal(2, studies);
        Assert.Equal(2, searches);

        string? body = null;
        await foreach (DicomPart part in client.RetrieveAsync(Wado.Study("1.2.3")))
            body = await new StreamReader(part.Content).ReadToEndAsync();
        Assert.Equal(string.Concat(Enumerable.Repeat("DICM", 6)), body);
    }

    [Fact]
    public async Task AddDicomWebClient_gives_the_client_the_containers_logging()
    {
        await using FakeServer server = await Servers.StudiesAsync(3);
        var capture = new LogCapture();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(capture));
        services.AddDicomWebClient(o => o.BaseAddress = server.Root);
        using ServiceProvider provider = services.BuildServiceProvider();

        await foreach (DicomDataset _ in provider.GetRequiredService<IDicomWebClient>().SearchAsync(Qido.Studies()))
        {
        }

        Assert.Contains(capture.Entries, e => e.Category == "DicomWeb.Client.DicomWebClient" && e.EventId == 1301 && e.Text.Contains("search (QIDO-RS) GET /dicom-web/studies: 200", StringComparison.Ordinal));
        Assert.Contains(capture.Entries, e => e.EventId == 1304);
    }

    private sealed class LogCapture : ILoggerProvider
    {
        public List<(string Category, int EventId, string Text)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Entries)
                    owner.Entries.Add((category, eventId.Id, formatter(state, exception)));
            }
        }
    }
}
