using BenchmarkDotNet.Attributes;
using DicomWeb.Client;
using DicomWeb.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Benchmarks;

/// <summary>
/// The per-request cost of the DI-resolved client (DicomWeb.Hosting over IHttpClientFactory)
/// against a directly constructed one: a QIDO-RS search answered with one study by an in-process
/// Kestrel server. The floor is HttpClient fetching the same response bytes.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 20)]
[MedianColumn]
public class HostingBenchmarks
{
    private const string OneStudy = """[{"0020000D":{"vr":"UI","Value":["1.2.826.0.1.3680043.8.498.1"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]},"00080020":{"vr":"DA","Value":["20250115"]}}]""";

    private WebApplication _server = null!;
    private HttpClient _http = null!;
    private DicomWebClient _direct = null!;
    private ServiceProvider _provider = null!;
    private IDicomWebClient _resolvedOnce = null!;
    private QidoQuery _query = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_server, Uri root) = LoopbackServer.Start(async context =>
        {
            context.Response.ContentType = "application/dicom+json";
            await context.Response.WriteAsync(OneStudy);
        });

        _http = new HttpClient { BaseAddress = root };
        _direct = new DicomWebClient(_http);
        var services = new ServiceCollection();
        services.AddLogging(); // as in a host, without a log provider: logging is switched on but writes nowhere
        services.AddDicomWebClient(o => o.BaseAddress = root);
        _provider = services.BuildServiceProvider();
        _resolvedOnce = _provider.GetRequiredService<IDicomWebClient>();
        _query = Qido.Studies().Where(DicomTags.PatientName.Is("Doe^Jane"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        _http.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static async Task<int> CountAsync(IDicomWebClient client, QidoQuery query)
    {
        int count = 0;
        await foreach (DicomDataset _ in client.SearchAsync(query))
            count++;
        return count == 1 ? count : throw new InvalidOperationException($"{count} studies instead of 1");
    }

    [Benchmark(Baseline = true, Description = "floor: HttpClient GET of the same response")]
    public async Task<int> Floor() => (await _http.GetByteArrayAsync("studies?PatientName=Doe^Jane")).Length;

    [Benchmark(Description = "direct: one DicomWebClient, reused")]
    public Task<int> Direct() => CountAsync(_direct, _query);

    [Benchmark(Description = "direct: new DicomWebClient(http) per request")]
    public Task<int> DirectPerRequest() => CountAsync(new DicomWebClient(_http), _query);

    [Benchmark(Description = "DI: IDicomWebClient resolved per request")]
    public Task<int> ResolvedPerRequest() => CountAsync(_provider.GetRequiredService<IDicomWebClient>(), _query);

    [Benchmark(Description = "DI: IDicomWebClient resolved once, reused")]
    public Task<int> ResolvedOnce() => CountAsync(_resolvedOnce, _query);

    // The resolve and the construction alone, without a request: CPU only, so far less noisy.
    [Benchmark(Description = "construction only: new DicomWebClient(http)")]
    public IDicomWebClient ConstructOnly() => new DicomWebClient(_http);

    [Benchmark(Description = "resolve only: GetRequiredService<IDicomWebClient>()")]
    public IDicomWebClient ResolveOnly() => _provider.GetRequiredService<IDicomWebClient>();
}
