using BenchmarkDotNet.Attributes;
using DicomWeb.Client;
using DicomWeb.Tests;

namespace DicomWeb.Benchmarks;

/// <summary>What the benchmarks against a real Orthanc share: the server, a client on it, and stopping both.</summary>
public abstract class OrthancBenchmark
{
    private HttpClient? _http;

    protected OrthancServer Orthanc { get; } = new();

    protected DicomWebClient Client { get; private set; } = null!;

    /// <summary>Starts Orthanc, lets the benchmark fill it (<paramref name="fill"/>), then connects the client.</summary>
    protected void Start(Action fill)
    {
        Orthanc.StartAsync().GetAwaiter().GetResult();
        fill();
        _http = Orthanc.CreateClient();
        _http.Timeout = TimeSpan.FromMinutes(5);
        Client = new DicomWebClient(_http);
    }

    [GlobalCleanup]
    public virtual void Cleanup()
    {
        _http?.Dispose();
        Orthanc.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
