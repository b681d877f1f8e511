using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using DicomWeb.Client;
using DicomWeb.Sdk.Tests.Client;
using DicomWeb.Tests;
using Microsoft.AspNetCore.Http;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Tests.Telemetry;

/// <summary>
/// The activities and metrics of ActivitySource and Meter "DicomWeb", collected with an
/// ActivityListener and a MeterListener. Listeners are process-wide and tests run in parallel,
/// so each test keeps what carries its own server's port.
/// </summary>
public sealed class TelemetryTests : IDisposable
{
    private const string StudyUid = "1.2.826.0.1.3680043.8.498.5151";
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-telemetry-").FullName;
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener;

    public TelemetryTests()
    {
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is DicomWebClient.TelemetryName or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_activityListener);
        _meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == DicomWebClient.TelemetryName)
                    listener.EnableMeasurementEvents(instrument);
            },
        };
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.Start();
    }

    public void Dispose()
    {
        _activityListener.Dispose();
        _meterListener.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
            copy[tag.Key] = tag.Value;
        _measurements.Enqueue((instrument.Name, value, copy));
    }

    private List<Activity> Operations(FakeServer server) =>
        [.. _activities.Where(a => a.Source.Name == DicomWebClient.TelemetryName && Equals(a.GetTagItem("server.port"), server.Root.Port))];

    private List<Activity> HttpChildren(Activity parent) =>
        [.. _activities.Where(a => a.Source.Name == "System.Net.Http" && a.ParentSpanId == parent.SpanId)];

    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements(FakeServer server, string instrument) =>
        [.. _measurements.Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault("server.port"), server.Root.Port))];

    private static string Study(int i) => "{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"" + StudyUid + "." + i.ToString(CultureInfo.InvariantCulture) + "\"]},\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Smith^Jane\"}]}}";

    // Three studies in pages of two; the first request of the search gets a 503.
    private static Task<FakeServer> SearchServerAsync()
    {
        int requests = 0;
        return FakeServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = "0";
                return;
            }
            int offset = int.Parse(context.Request.Query["offset"].ToString() is { Length: > 0 } o ? o : "0", CultureInfo.InvariantCulture);
            context.Response.ContentType = "application/dicom+json";
            await context.Response.WriteAsync("[" + string.Join(",", Enumerable.Range(offset, Math.Max(0, Math.Min(2, 3 - offset))).Select(Study)) + "]");
        });
    }

    [Fact]
    public async Task A_paged_search_with_a_retry_is_one_activity_over_three_requests()
    {
        await using FakeServer server = await SearchServerAsync();
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = new DicomWebClient(http, new DicomWebClientOptions { QidoPageSize = 2 });
        var uids = new List<string?>();
        await foreach (DicomDataset study in client.SearchAsync(Qido.Studies().Where(PatientName.Like("Smith*"))))
            uids.Add(study.Get(StudyInstanceUID));
        Assert.Equal(3, uids.Count);

        Activity search = Assert.Single(Operations(server));
        Assert.Equal("QIDO-RS search", search.DisplayName);
        Assert.Equal(ActivityKind.Internal, search.Kind);
        Assert.Equal(ActivityStatusCode.Unset, search.Status);
        Assert.Equal("search", search.GetTagItem("dicomweb.operation"));
        Assert.Equal("QIDO-RS", search.GetTagItem("dicomweb.service"));
        Assert.Equal("study", search.GetTagItem("dicomweb.level"));
        Assert.Equal("GET", search.GetTagItem("http.request.method"));
        Assert.Equal("127.0.0.1", search.GetTagItem("server.address"));
        Assert.Equal(200, search.GetTagItem("http.response.status_code"));
        Assert.Equal(3L, search.GetTagItem("dicomweb.results"));
        Assert.Equal(1, search.GetTagItem("dicomweb.retries"));
        Assert.Equal("/dicom-web/studies", search.GetTagItem("url.template"));
        Assert.Equal("dicomweb.retry", Assert.Single(search.Events).Name);

        // Every request of the operation (the 503, page 1, page 2) is a child: the trace shows the retry.
        List<Activity> requests = HttpChildren(search);
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(search.TraceId, r.TraceId));
        Assert.Equal([503, 200, 200], requests.OrderBy(r => r.StartTimeUtc).Select(r => (int)r.GetTagItem("http.response.status_code")!));

        string tags = string.Join(" ", search.TagObjects.Select(t => $"{t.Key}={t.Value}").Concat(search.Events.SelectMany(e => e.Tags).Select(t => $"{t.Key}={t.Value}")));
        Assert.DoesNotContain("Smith", tags);
        Assert.DoesNotContain(StudyUid, tags);

        // Metrics: one operation of three results, one retry of a 503, requests by status, bytes received.
        var duration = Assert.Single(Measurements(server, "dicomweb.client.operation.duration"));
        Assert.True(duration.Value > 0);
        Assert.Equal(("search", "QIDO-RS", "GET", 200), ((string)duration.Tags["dicomweb.operation"]!, (string)duration.Tags["dicomweb.service"]!, (string)duration.Tags["http.request.method"]!, (int)duration.Tags["http.response.status_code"]!));
        Assert.False(duration.Tags.ContainsKey("error.type"));
        Assert.Equal(1, Assert.Single(Measurements(server, "dicomweb.client.operations")).Value);
        var retry = Assert.Single(Measurements(server, "dicomweb.client.retries"));
        Assert.Equal(503, retry.Tags["http.response.status_code"]);
        Assert.Equal(3, Measurements(server, "dicomweb.client.requests").Count);
        Assert.Equal(3, Assert.Single(Measurements(server, "dicomweb.client.results")).Value);
        Assert.True(Assert.Single(Measurements(server, "dicomweb.client.io"), m => (string?)m.Tags["network.io.direction"] == "receive").Value > 0);
    }

    [Fact]
    public async Task A_refused_metadata_request_is_an_error_activity_with_its_status_as_error_type()
    {
        await using FakeServer server = await FakeServer.StartAsync(context => { context.Response.StatusCode = 404; return Task.CompletedTask; });
        using var http = new HttpClient { BaseAddress = server.Root };
        await Assert.ThrowsAsync<DicomWebException>(() => new DicomWebClient(http).RetrieveMetadataAsync(Wado.Study(StudyUid)));

        Activity metadata = Assert.Single(Operations(server));
        Assert.Equal("WADO-RS metadata", metadata.DisplayName);
        Assert.Equal(ActivityStatusCode.Error, metadata.Status);
        Assert.Equal("404", metadata.GetTagItem("error.type"));
        Assert.Equal(404, metadata.GetTagItem("http.response.status_code"));
        Assert.Equal("/dicom-web/studies/{uid}/metadata", metadata.GetTagItem("url.template"));
        Assert.Single(HttpChildren(metadata));
        var duration = Assert.Single(Measurements(server, "dicomweb.client.operation.duration"));
        Assert.Equal("404", duration.Tags["error.type"]);
    }

    [Fact]
    public async Task A_store_is_one_activity_with_instances_stored_and_failed_and_its_POST_as_child()
    {
        var files = new List<string>();
        for (int i = 0; i < 2; i++)
            files.Add(await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create(StudyUid, StudyUid + ".1", SyntheticInstances.NewUid()), _folder));
        await using FakeServer server = await FakeServer.StartAsync(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.StatusCode = 200; // a plain 200: every instance stored
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        Activity? before = Activity.Current;
        StowResult result = await new DicomWebClient(http).StoreAsync(files);
        Assert.True(result.AllStored);
        Assert.Same(before, Activity.Current); // the operation's activity does not stay current in the caller's flow

        Activity store = Assert.Single(Operations(server));
        Assert.Equal("STOW-RS store", store.DisplayName);
        Assert.Equal("POST", store.GetTagItem("http.request.method"));
        Assert.Equal(2, store.GetTagItem("dicomweb.instances.stored"));
        Assert.Equal(0, store.GetTagItem("dicomweb.instances.failed"));
        Assert.True((long)store.GetTagItem("dicomweb.bytes.sent")! > 2 * 1000);
        Assert.Equal("POST", Assert.Single(HttpChildren(store)).GetTagItem("http.request.method"));
        Assert.Equal(2, Assert.Single(Measurements(server, "dicomweb.client.stow.instances"), m => (string?)m.Tags["dicomweb.stow.outcome"] == "stored").Value);
        Assert.True(Assert.Single(Measurements(server, "dicomweb.client.io"), m => (string?)m.Tags["network.io.direction"] == "transmit").Value > 2 * 1000);
    }

    [Fact]
    public async Task A_retrieve_and_a_delete_are_activities_with_their_level_and_resource()
    {
        await using FakeServer server = await FakeServer.StartAsync(async context =>
        {
            if (context.Request.Method == "DELETE")
                return;
            context.Response.ContentType = "multipart/related; type=\"application/dicom\"; boundary=b";
            await context.Response.WriteAsync("--b\r\nContent-Type: application/dicom\r\n\r\nDICM\r\n--b--\r\n");
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = new DicomWebClient(http);
        WadoResource series = Wado.Study(StudyUid).Series(StudyUid + ".1");
        await foreach (DicomPart part in client.RetrieveAsync(series))
            await part.Content.CopyToAsync(Stream.Null);
        await client.DeleteAsync(series);
        Assert.Null(Activity.Current);

        List<Activity> operations = Operations(server);
        Assert.Equal(2, operations.Count);
        Activity retrieve = operations.Single(a => a.DisplayName == "WADO-RS retrieve");
        Assert.Equal(("series", "instances", 1L), ((string)retrieve.GetTagItem("dicomweb.level")!, (string)retrieve.GetTagItem("dicomweb.resource")!, (long)retrieve.GetTagItem("dicomweb.results")!));
        Assert.Equal("/dicom-web/studies/{uid}/series/{uid}", retrieve.GetTagItem("url.template"));
        Activity delete = operations.Single(a => a.DisplayName == "DICOMweb delete");
        Assert.Equal(("DELETE", 200), ((string)delete.GetTagItem("http.request.method")!, (int)delete.GetTagItem("http.response.status_code")!));
        Assert.Single(HttpChildren(retrieve));
        Assert.Single(HttpChildren(delete));
    }
}
