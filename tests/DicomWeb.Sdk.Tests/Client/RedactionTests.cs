using System.Collections.Concurrent;
using System.Diagnostics;
using DicomWeb.Client;
using DicomWeb.Sdk.Tests.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Tests.Client;

/// <summary>
/// What a failed call leaves where users write it (Message, ToString, Url, logs at Trace, the
/// activities of "DicomWeb" and "System.Net.Http"): no match value and no user information, by
/// default; the values only with RedactQueryValues = false.
/// </summary>
public sealed class RedactionTests : IDisposable
{
    private const string PatientId = "PID-4711-Doe";
    private const string Surname = "Secretname";

    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ActivityListener _listener;

    public RedactionTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is DicomWebClient.TelemetryName or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    // Listeners are process-wide and tests run in parallel: an activity is this test's when it names its server's port.
    private string ActivityText(FakeServer server) => string.Join("\n", _activities
        .Where(a => Equals(a.GetTagItem("server.port"), server.Root.Port))
        .Select(a => $"{a.DisplayName} {string.Join(" ", a.TagObjects.Select(t => $"{t.Key}={t.Value}"))} {string.Join(" ", a.Events.Select(e => e.Name))} {a.StatusDescription}"));

    private static QidoQuery Query() =>
        Qido.Studies().Where(PatientID.Is(PatientId)).Where(PatientName.Like(Surname + "^*")).Include(StudyDescription).FuzzyMatching().Limit(10).Offset(20);

    // The search is refused after one retry (503, then 500), so that logs have retries, requests and a failure.
    private static Task<FakeServer> RefusingServerAsync()
    {
        int requests = 0;
        return FakeServer.StartAsync(async context =>
        {
            bool first = Interlocked.Increment(ref requests) == 1;
            context.Response.StatusCode = first ? 503 : 500;
            if (first)
                context.Response.Headers.RetryAfter = "0";
            await context.Response.WriteAsync("refused");
        });
    }

    private static async Task<DicomWebException> SearchFailsAsync(DicomWebClient client) =>
        await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomDataset _ in client.SearchAsync(Query()))
            {
            }
        });

    [Fact]
    public async Task A_refused_search_shows_its_query_values_as_REDACTED_in_Message_ToString_Url_logs_and_traces()
    {
        await using FakeServer server = await RefusingServerAsync();
        var logs = new CapturingLogger();
        using ILoggerFactory factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        using var client = new DicomWebClient(server.Root, new DicomWebClientOptions { LoggerFactory = factory });

        DicomWebException error = await SearchFailsAsync(client);

        string shown = $"{server.Root}studies?PatientID=REDACTED&PatientName=REDACTED&includefield=00081030&fuzzymatching=true&limit=10&offset=20";
        Assert.Equal($"the server refused the request: GET {shown} → 500 InternalServerError: refused", error.Message);
        Assert.Equal(shown, error.Url!.ToString());
        Assert.Contains(shown, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("PatientID=PID-4711-Doe", Assert.Single(server.Requests.Distinct()), StringComparison.Ordinal); // the server got the values
        string path = "/dicom-web/studies?PatientID=REDACTED&PatientName=REDACTED&includefield=00081030&fuzzymatching=true&limit=10&offset=20";
        Assert.Contains(logs.Entries, e => e.EventId.Id == 1302 && e.Text.Contains(path, StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.EventId.Id == 1303);   // the retry
        string traces = ActivityText(server);
        Assert.Contains("QIDO-RS search", traces, StringComparison.Ordinal);
        Assert.Contains("url.full=", traces, StringComparison.Ordinal);   // HttpClient's own activity (it shows the query as "*")
        foreach (string text in new[] { error.Message, error.ToString(), error.Url.ToString(), logs.AllText, traces })
        {
            Assert.DoesNotContain(PatientId, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Surname, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RedactQueryValues_false_shows_the_values_in_messages_and_logs_for_debugging_but_not_in_traces()
    {
        await using FakeServer server = await RefusingServerAsync();
        var logs = new CapturingLogger();
        using ILoggerFactory factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        using var client = new DicomWebClient(server.Root, new DicomWebClientOptions { LoggerFactory = factory, RedactQueryValues = false });

        DicomWebException error = await SearchFailsAsync(client);

        Assert.Contains("studies?PatientID=PID-4711-Doe&PatientName=Secretname^*&includefield=00081030", error.Message, StringComparison.Ordinal);
        Assert.Equal("PID-4711-Doe", System.Web.HttpUtility.ParseQueryString(error.Url!.Query)["PatientID"]);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 1302 && e.Text.Contains("?PatientID=PID-4711-Doe&", StringComparison.Ordinal));
        Assert.DoesNotContain(PatientId, ActivityText(server), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_to_a_URL_with_user_info_and_a_signature_is_named_without_either()
    {
        await using FakeServer server = await FakeServer.StartAsync(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = $"http://admin:hunter2@{context.Request.Host}/dicom-web/elsewhere?X-Amz-Signature=f00dfeed&limit=5";
            return Task.CompletedTask;
        });
        using var client = new DicomWebClient(server.Root, new DicomWebClientOptions { MaxRedirects = 0 });

        DicomWebException error = await SearchFailsAsync(client);

        Assert.Contains($"the last one to http://{server.Root.Authority}/dicom-web/elsewhere?X-Amz-Signature=REDACTED&limit=5", error.Message, StringComparison.Ordinal);
        foreach (string secret in new[] { "hunter2", "admin", "f00dfeed", PatientId })
            Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_to_another_origin_with_user_info_names_the_origin_without_it()
    {
        await using FakeServer server = await FakeServer.StartAsync(context =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = "http://admin:hunter2@other.example:8080/dicom-web/studies";
            return Task.CompletedTask;
        });
        using var client = new DicomWebClient(server.Root);

        DicomWebException error = await SearchFailsAsync(client);

        Assert.Contains("another origin (http://other.example:8080)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_base_address_with_user_info_is_refused_without_repeating_it(bool callersHttpClient)
    {
        var address = new Uri("http://radiologist:pa55-w0rd@127.0.0.1:1/dicom-web/");
        using var http = new HttpClient { BaseAddress = address };
        var error = Assert.Throws<ArgumentException>(() => callersHttpClient ? new DicomWebClient(http) : new DicomWebClient(address));

        Assert.Contains("carries user information", error.Message, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:1/dicom-web/", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55-w0rd", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("radiologist", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_made_by_a_caller_is_redacted_the_same_way()
    {
        var error = new DicomWebException("failed", HttpMethod.Get, new Uri("https://u:p4ss@pacs.example/dicom-web/studies?PatientID=PID-4711-Doe&limit=1"), System.Net.HttpStatusCode.NotFound, null);

        Assert.Equal("failed: GET https://pacs.example/dicom-web/studies?PatientID=REDACTED&limit=1 → 404 NotFound", error.Message);
        Assert.Equal("https://pacs.example/dicom-web/studies?PatientID=REDACTED&limit=1", error.Url!.ToString());
    }

    [Theory]
    [InlineData("http://h/dicom-web/studies?PatientID=1&limit=5&offset=0", "http://h/dicom-web/studies?PatientID=REDACTED&limit=5&offset=0")]
    [InlineData("http://h/x?INCLUDEFIELD=all&00100020=7&Modality=CT", "http://h/x?INCLUDEFIELD=all&00100020=REDACTED&Modality=REDACTED")]
    [InlineData("http://h/x?window=40,400,linear&viewport=64,64&quality=90&annotation=patient", "http://h/x?window=40,400,linear&viewport=64,64&quality=90&annotation=patient")]
    [InlineData("http://h/x?s3cret-token&=v&a%20b=c&&limit=1", "http://h/x?REDACTED&REDACTED&REDACTED&limit=1")]
    [InlineData("http://user:p%40ss@h:81/x?a=b", "http://h:81/x?a=REDACTED")]
    [InlineData("http://[::1]:81/x?PatientName=A^B*", "http://[::1]:81/x?PatientName=REDACTED")]
    [InlineData("file:///data/bulk.dcm#offset=0&length=64", "file:///data/bulk.dcm#offset=0&length=64")]
    [InlineData("bulk/1?sig=abc#f", "bulk/1?sig=REDACTED#f")]
    [InlineData("//u:p@h/x", "//h/x")]
    [InlineData("http://h/x", "http://h/x")]
    public void UrlRedaction_keeps_names_and_value_free_parameters_and_drops_values_and_user_info(string url, string shown) =>
        Assert.Equal(shown, UrlRedaction.Show(url, queryValues: false));
}
