using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using DicomWeb.Client;
using DicomWeb.Json;
using DicomWeb.Sdk.Tests.Client;
using DicomWeb.Tests;
using Microsoft.AspNetCore.Http;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Tests.Resilience;

/// <summary>
/// Retries of idempotent requests and of STOW-RS against an in-process Kestrel server that answers
/// 503, 429, drops connections or stays silent on demand; requests are counted server-side.
/// </summary>
public sealed class RetryTests : IDisposable
{
    private static readonly WadoResource Instance = Wado.Study("1.2.3").Series("1.2.3.4").Instance("1.2.3.4.5");
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-retry-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static CancellationToken Safety() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private static DicomWebClientOptions Retries(int max, int baseDelayMs = 1, int maxDelayMs = 30_000) =>
        new() { Retry = new DicomWebRetryOptions { MaxRetries = max, BaseDelay = TimeSpan.FromMilliseconds(baseDelayMs), MaxDelay = TimeSpan.FromMilliseconds(maxDelayMs) } };

    private static string Studies(int from, int count) =>
        "[" + string.Join(",", Enumerable.Range(from, count).Select(i => "{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2.3." + i.ToString(CultureInfo.InvariantCulture) + "\"]}}")) + "]";

    private static readonly byte[] Multipart = Encoding.ASCII.GetBytes("--b\r\nContent-Type: application/dicom\r\n\r\nDICM-one\r\n--b\r\nContent-Type: application/dicom\r\n\r\nDICM-two\r\n--b--\r\n");

    // The answer of each operation when the server is willing.
    private static async Task AnswerAsync(HttpContext context, string operation)
    {
        if (operation == "retrieve")
        {
            context.Response.ContentType = "multipart/related; type=\"application/dicom\"; boundary=b";
            await context.Response.Body.WriteAsync(Multipart);
            return;
        }
        context.Response.ContentType = "application/dicom+json";
        await context.Response.WriteAsync(Studies(1, 2));
    }

    private static async Task<int> RunAsync(DicomWebClient client, string operation, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case "search":
                int results = 0;
                await foreach (DicomDataset _ in client.SearchAsync(Qido.Studies(), cancellationToken))
                    results++;
                return results;
            case "metadata":
                return (await client.RetrieveMetadataAsync(Instance, cancellationToken)).Count;
            default:
                int parts = 0;
                await foreach (DicomPart part in client.RetrieveAsync(Instance, cancellationToken))
                {
                    await part.Content.CopyToAsync(Stream.Null, cancellationToken);
                    parts++;
                }
                return parts;
        }
    }

    [Theory]
    [InlineData("search")]
    [InlineData("metadata")]
    [InlineData("retrieve")]
    public async Task A_503_with_Retry_After_1_then_200_is_retried_once_after_the_second_asked_for(string operation)
    {
        int requests = 0;
        await using var server = await FakeServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = "1";
                await context.Response.WriteAsync("busy");
                return;
            }
            await AnswerAsync(context, operation);
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = new DicomWebClient(http);

        var clock = Stopwatch.StartNew();
        int results = await RunAsync(client, operation, Safety());
        clock.Stop();

        Assert.Equal(2, results);
        Assert.Equal(2, requests);
        Assert.Equal(server.Requests[0], server.Requests[1]); // the same request, sent again
        // A lower bound: behaviour, not speed. Timers count whole milliseconds of a coarser clock than the
        // stopwatch's, so a 1 s wait can measure 999.98 ms here (seen in a run): a timer tick of slack.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(16), $"retried after {clock.Elapsed}, before the Retry-After of 1 s");
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_is_honoured()
    {
        int requests = 0;
        DateTimeOffset? retryAt = null;
        await using var server = await FakeServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                // HTTP dates have whole seconds: two seconds ahead is at least one second ahead.
                retryAt = DateTimeOffset.UtcNow.AddSeconds(2);
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = retryAt.Value.ToString("R", CultureInfo.InvariantCulture);
                return;
            }
            await AnswerAsync(context, "search");
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var clock = Stopwatch.StartNew();
        Assert.Equal(2, await RunAsync(new DicomWebClient(http), "search", Safety()));
        Assert.Equal(2, requests);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(16), $"retried after {clock.Elapsed}, before the Retry-After date");
    }

    [Fact]
    public async Task A_Retry_After_beyond_MaxDelay_waits_MaxDelay_only()
    {
        int requests = 0;
        await using var server = await FakeServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = "3600";
                return;
            }
            await AnswerAsync(context, "search");
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        // Without the cap this would wait an hour and the safety token would end it.
        Assert.Equal(2, await RunAsync(new DicomWebClient(http, Retries(2, maxDelayMs: 50)), "search", Safety()));
        Assert.Equal(2, requests);
    }

    [Fact]
    public async Task A_429_storm_is_bounded_by_the_retry_count_for_searches_and_stores()
    {
        int gets = 0, posts = 0;
        await using var server = await FakeServer.StartAsync(async context =>
        {
            if (context.Request.Method == "POST")
            {
                await context.Request.Body.CopyToAsync(Stream.Null);
                Interlocked.Increment(ref posts);
            }
            else
            {
                Interlocked.Increment(ref gets);
            }
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "0";
            await context.Response.WriteAsync("slow down");
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = new DicomWebClient(http, Retries(3));

        var error = await Assert.ThrowsAsync<DicomWebException>(() => RunAsync(client, "search", Safety()));
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal("slow down", error.BodyExcerpt);
        Assert.Equal(4, gets);

        // The same option set governs STOW-RS: 1 + 3 POSTs, and every instance has its outcome.
        string file = await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create("1.2.3", "1.2.3.4", SyntheticInstances.NewUid()), _folder);
        StowResult result = await client.StoreAsync([file]);
        Assert.Equal(4, posts);
        StowFailedInstance failed = Assert.Single(result.Failed);
        Assert.Equal(HttpStatusCode.TooManyRequests, failed.StatusCode);
        Assert.Equal(4, Assert.Single(result.Responses).Attempts);

        // StowOptions.MaxRetries still overrides it for one store.
        posts = 0;
        await client.StoreAsync([file], new StowOptions { MaxRetries = 1 });
        Assert.Equal(2, posts);
    }

    [Fact]
    public async Task Zero_retries_sends_exactly_one_request()
    {
        await using var server = await FakeServer.StartAsync(async context =>
        {
            if (context.Request.Method == "POST")
                await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.StatusCode = 503;
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = new DicomWebClient(http, new DicomWebClientOptions { Retry = { MaxRetries = 0 } });

        var search = await Assert.ThrowsAsync<DicomWebException>(() => RunAsync(client, "search", Safety()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, search.StatusCode);
        Assert.Single(server.Requests);
        await Assert.ThrowsAsync<DicomWebException>(() => client.DeleteAsync(Instance, Safety()));
        Assert.Equal(2, server.Requests.Count);
        string file = await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create("1.2.3", "1.2.3.4", SyntheticInstances.NewUid()), _folder);
        StowResult stored = await client.StoreAsync([file]);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(1, Assert.Single(stored.Responses).Attempts);
    }

    [Fact]
    public async Task The_exception_says_whether_a_failure_is_transient_and_carries_the_status_and_the_response_headers_without_cookies()
    {
        await using var server = await FakeServer.StartAsync(context =>
        {
            context.Response.StatusCode = context.Request.Query.ContainsKey("PatientID") ? 503 : 400;
            context.Response.Headers["Retry-After"] = "120";
            context.Response.Headers["X-Request-Id"] = "r-42";
            context.Response.Headers.Append("Set-Cookie", "session=secret-token; Path=/");
            return Task.CompletedTask;
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = new DicomWebClient(http, new DicomWebClientOptions { Retry = { MaxRetries = 0 } });

        var busy = await Assert.ThrowsAsync<DicomWebException>(async () => { await foreach (var _ in client.SearchAsync(Qido.Studies().Where(PatientID.Is("X")), Safety())) { } });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.True(busy.IsTransient);
        Assert.False(busy.RequestNotSent);
        Assert.Equal(["120"], busy.ResponseHeaders["retry-after"]);
        Assert.Equal(["r-42"], busy.ResponseHeaders["X-Request-Id"]);
        Assert.Equal(["REDACTED"], busy.ResponseHeaders["Set-Cookie"]);
        Assert.DoesNotContain("secret-token", string.Join(";", busy.ResponseHeaders.SelectMany(h => h.Value)));

        var refused = await Assert.ThrowsAsync<DicomWebException>(async () => { await foreach (var _ in client.SearchAsync(Qido.Studies(), Safety())) { } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(refused.IsTransient);

        // Nothing listens on a port just closed: the request certainly did not go out, and another attempt may succeed.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var nowhere = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/dicom-web/") };
        var unreachable = await Assert.ThrowsAsync<DicomWebException>(() => new DicomWebClient(nowhere, new DicomWebClientOptions { Retry = { MaxRetries = 0 } }).DeleteAsync(Instance, Safety()));
        Assert.Null(unreachable.StatusCode);
        Assert.True(unreachable.RequestNotSent);
        Assert.True(unreachable.IsTransient);
        Assert.Empty(unreachable.ResponseHeaders);
    }

    [Fact]
    public async Task A_paged_search_retries_the_failing_page_only()
    {
        int page2Failures = 0;
        await using var server = await FakeServer.StartAsync(async context =>
        {
            int offset = int.Parse(context.Request.Query["offset"].ToString() is { Length: > 0 } o ? o : "0", CultureInfo.InvariantCulture);
            if (offset == 2 && Interlocked.Increment(ref page2Failures) == 1)
            {
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = "0";
                return;
            }
            context.Response.ContentType = "application/dicom+json";
            await context.Response.WriteAsync(Studies(offset + 1, Math.Max(0, Math.Min(2, 5 - offset))));
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = new DicomWebClient(http, new DicomWebClientOptions { QidoPageSize = 2 });

        var uids = new List<string?>();
        await foreach (DicomDataset study in client.SearchAsync(Qido.Studies(), Safety()))
            uids.Add(study.Get(StudyInstanceUID));

        Assert.Equal(["1.2.3.1", "1.2.3.2", "1.2.3.3", "1.2.3.4", "1.2.3.5"], uids);
        Assert.Equal(["offset=0", "offset=2", "offset=2", "offset=4"], server.Requests.Select(r => r.Split('?', '&').SingleOrDefault(p => p.StartsWith("offset=", StringComparison.Ordinal)) ?? "offset=0"));
    }

    [Fact]
    public async Task A_retrieve_that_fails_after_its_first_part_is_not_retried_the_caller_gets_the_part_then_the_error()
    {
        byte[] firstPart = Encoding.ASCII.GetBytes("--b\r\nContent-Type: application/dicom\r\n\r\nDICM-one\r\n--b\r\nContent-Type: application/dicom\r\n\r\nDICM-t");
        var firstPartRead = new TaskCompletionSource();
        await using var server = await FakeServer.StartAsync(async context =>
        {
            context.Response.ContentType = "multipart/related; type=\"application/dicom\"; boundary=b";
            await context.Response.Body.WriteAsync(firstPart);
            await context.Response.Body.FlushAsync();
            await firstPartRead.Task.WaitAsync(TimeSpan.FromSeconds(30));
            context.Abort();
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = new DicomWebClient(http, Retries(5));
        var received = new List<string>();

        await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomPart part in client.RetrieveAsync(Instance, Safety()))
            {
                using var reader = new StreamReader(part.Content);
                received.Add(await reader.ReadToEndAsync());
                firstPartRead.TrySetResult();
            }
        });
        Assert.Equal(["DICM-one"], received);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_connection_lost_before_the_headers_is_retried_and_so_is_a_delete()
    {
        int requests = 0;
        await using var server = await FakeServer.StartAsync(async context =>
        {
            int n = Interlocked.Increment(ref requests);
            if (n is 1 or 3)
            {
                context.Abort();
                return;
            }
            if (context.Request.Method == "DELETE")
                return; // 200
            await AnswerAsync(context, "search");
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = new DicomWebClient(http, Retries(2));
        Assert.Equal(2, await RunAsync(client, "search", Safety()));
        Assert.Equal(2, requests);
        await client.DeleteAsync(Instance, Safety());
        Assert.Equal(4, requests);
    }

    [Fact]
    public async Task Response_headers_that_do_not_come_in_time_end_the_attempt_and_it_is_retried()
    {
        int requests = 0;
        await using var server = await FakeServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            await AnswerAsync(context, "metadata");
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var options = Retries(1);
        options.ResponseHeadersTimeout = TimeSpan.FromSeconds(1);
        Assert.Equal(2, await RunAsync(new DicomWebClient(http, options), "metadata", Safety()));
        Assert.Equal(2, requests);

        // Without retries the timeout is the error, named.
        requests = 0;
        options.Retry.MaxRetries = 0;
        var error = await Assert.ThrowsAsync<DicomWebException>(() => RunAsync(new DicomWebClient(http, options), "metadata", Safety()));
        Assert.Contains("no response for 00:00:01 (ResponseHeadersTimeout)", error.Message);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task A_STOW_body_that_cannot_be_sent_again_is_never_retried_whatever_the_retry_options()
    {
        int posts = 0;
        await using var server = await FakeServer.StartAsync(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref posts);
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = "0";
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        string file = await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create("1.2.3", "1.2.3.4", SyntheticInstances.NewUid()), _folder);
        await using var oneShot = new OneShotStream(await File.ReadAllBytesAsync(file));

        StowResult result = await new DicomWebClient(http, Retries(5)).StoreAsync([oneShot]);

        Assert.Equal(1, posts);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, Assert.Single(result.Failed).StatusCode);
    }

    [Fact]
    public void Retry_options_out_of_range_are_refused_with_the_setting_named()
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:1/dicom-web/") };
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => new DicomWebClient(http, new DicomWebClientOptions { Retry = { MaxRetries = -1 } }));
        Assert.Contains("Retry.MaxRetries", negative.Message);
        var delay = Assert.Throws<ArgumentOutOfRangeException>(() => new DicomWebClient(http, new DicomWebClientOptions { Retry = { BaseDelay = TimeSpan.FromSeconds(-1) } }));
        Assert.Contains("Retry.BaseDelay", delay.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DicomWebClient(http, new DicomWebClientOptions { ResponseHeadersTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentNullException>(() => new DicomWebClient(http, new DicomWebClientOptions { Retry = null! }));
        // The documented defaults.
        var defaults = new DicomWebClientOptions();
        Assert.Equal((2, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(100)),
            (defaults.Retry.MaxRetries, defaults.Retry.BaseDelay, defaults.Retry.MaxDelay, defaults.ResponseHeadersTimeout));
    }
}
