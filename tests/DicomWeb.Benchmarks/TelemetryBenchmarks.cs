using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using DicomWeb.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Benchmarks;

/// <summary>
/// The cost of the SDK's telemetry: a search of 1,000 studies (one response, as QidoBenchmarks
/// asks Orthanc, here from an in-process Kestrel server so that only the client varies) with
/// nobody listening, with an ActivityListener and a MeterListener on "DicomWeb", and with those
/// plus a logger at Information. BenchmarkDotNet runs each case in its own process, so listeners
/// of one case never reach another. The floor is HttpClient fetching the same bytes.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MedianColumn]
public class TelemetryBenchmarks
{
    private WebApplication _server = null!;
    private HttpClient _http = null!;
    private DicomWebClient _client = null!;
    private ActivityListener? _activities;
    private MeterListener? _meters;
    private ILoggerFactory? _logging;
    private long _sink;

    /// <summary>none: nobody listens; traces+metrics: an ActivityListener and a MeterListener on "DicomWeb"; +logs: and a logger at Information.</summary>
    [Params("none", "traces+metrics", "traces+metrics+logs")]
    public string Listening { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        byte[] studies = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 1000).Select(Study)) + "]");
        (_server, Uri root) = LoopbackServer.Start(async context =>
        {
            context.Response.ContentType = "application/dicom+json";
            await context.Response.Body.WriteAsync(studies);
        });
        _http = new HttpClient { BaseAddress = root };

        if (Listening != "none")
        {
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == DicomWebClient.TelemetryName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity => Interlocked.Add(ref _sink, activity.Duration.Ticks),
            };
            ActivitySource.AddActivityListener(_activities);
            _meters = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == DicomWebClient.TelemetryName)
                        listener.EnableMeasurementEvents(instrument);
                },
            };
            _meters.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _sink, value));
            _meters.SetMeasurementEventCallback<double>((_, value, _, _) => Interlocked.Add(ref _sink, (long)value));
            _meters.Start();
        }
        if (Listening == "traces+metrics+logs")
            _logging = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new FormattingProvider()));
        _client = new DicomWebClient(_http, new DicomWebClientOptions { LoggerFactory = _logging });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _activities?.Dispose();
        _meters?.Dispose();
        _logging?.Dispose();
        _http.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static string Study(int i)
    {
        string n = i.ToString(CultureInfo.InvariantCulture);
        return "{\"00080020\":{\"vr\":\"DA\",\"Value\":[\"2024" + (1 + i % 12).ToString("00", CultureInfo.InvariantCulture) + "15\"]},"
            + "\"00080050\":{\"vr\":\"SH\",\"Value\":[\"ACC" + n + "\"]},"
            + "\"00080061\":{\"vr\":\"CS\",\"Value\":[\"" + (i % 2 == 0 ? "CT" : "MR") + "\"]},"
            + "\"00081030\":{\"vr\":\"LO\",\"Value\":[\"Benchmark study " + n + "\"]},"
            + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Patient" + n + "^Bench\"}]},"
            + "\"00100020\":{\"vr\":\"LO\",\"Value\":[\"B" + n + "\"]},"
            + "\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2.826.0.1.3680043.8.498.7." + n + "\"]},"
            + "\"00201206\":{\"vr\":\"IS\",\"Value\":[1]},\"00201208\":{\"vr\":\"IS\",\"Value\":[1]}}";
    }

    [Benchmark(Baseline = true, Description = "floor: HttpClient GET of the same response")]
    public async Task<int> Floor() => (await _http.GetByteArrayAsync("studies")).Length;

    [Benchmark(Description = "SearchAsync, 1,000 studies")]
    public async Task<int> Search()
    {
        int count = 0;
        await foreach (DicomDataset study in _client.SearchAsync(Qido.Studies()))
            count += study.Count > 0 ? 1 : 0;
        return count == 1000 ? count : throw new InvalidOperationException($"{count} studies instead of 1,000");
    }

    /// <summary>Formats every entry, as a console or file sink would, and writes it nowhere.</summary>
    private sealed class FormattingProvider : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) => _ = formatter(state, exception).Length;
        public void Dispose() { }
    }
}
