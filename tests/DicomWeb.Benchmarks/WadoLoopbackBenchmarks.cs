using System.Diagnostics;
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
/// The WADO study of <see cref="WadoBenchmarks"/> (300 instances, 157.5 MB) answered from memory by
/// an in-process Kestrel server instead of Orthanc: what saving costs when the server is not the
/// bottleneck. Same rows: curl writing the body to one file (the floor), the client writing the
/// parts to one file, SaveInstancesAsync, and the previous SaveInstancesAsync (read and write in turn).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class WadoLoopbackBenchmarks
{
    private const string Accept = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-wado-loopback-bench-").FullName;
    private WebApplication _server = null!;
    private HttpClient _http = null!;
    private DicomWebClient _client = null!;
    private Uri _url = null!;

    [Params(WadoBenchmarks.LoopbackName)]
    public string Corpus { get; set; } = "";

    private static WadoResource Study => Wado.Study(WadoStudy.StudyUid(WadoBenchmarks.Instances));

    [GlobalSetup]
    public void Setup()
    {
        byte[] body = Body();
        (_server, Uri root) = LoopbackServer.Start(async context =>
        {
            context.Response.ContentType = "multipart/related; type=\"application/dicom\"; boundary=loopback-boundary";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });
        _http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromMinutes(5) };
        _client = new DicomWebClient(_http);
        _url = new Uri(_http.BaseAddress, Study.ToString());
    }

    private static byte[] Body()
    {
        using var body = new MemoryStream();
        for (int i = 0; i < WadoBenchmarks.Instances; i++)
        {
            body.Write(Encoding.ASCII.GetBytes("--loopback-boundary\r\nContent-Type: application/dicom; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\n"));
            body.Write(WadoStudy.Instance(WadoBenchmarks.Instances, i));
            body.Write("\r\n"u8);
        }
        body.Write("--loopback-boundary--\r\n"u8);
        return body.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [IterationSetup]
    public void Clear()
    {
        foreach (string file in Directory.GetFiles(_folder))
            File.Delete(file);
    }

    [Benchmark(Baseline = true, Description = "floor: curl to one file")]
    public long Curl()
    {
        string output = Path.Combine(_folder, "curl.multipart");
        using var curl = Process.Start(new ProcessStartInfo("curl", ["-s", "-f", "-o", output, "-H", "Accept: " + Accept, _url.AbsoluteUri]))!;
        curl.WaitForExit();
        return curl.ExitCode == 0 ? new FileInfo(output).Length : throw new InvalidOperationException($"curl exited with {curl.ExitCode}");
    }

    [Benchmark(Description = "RetrieveAsync, parts to one file")]
    public async Task<long> RetrieveToOneFile()
    {
        await using var output = new FileStream(Path.Combine(_folder, "client.parts"), FileMode.Create, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
        int parts = 0;
        await foreach (DicomPart part in _client.RetrieveAsync(Study))
        {
            await part.Content.CopyToAsync(output, 256 * 1024);
            parts++;
        }
        return parts == WadoBenchmarks.Instances ? output.Length : throw new InvalidOperationException($"{parts} parts instead of {WadoBenchmarks.Instances}");
    }

    [Benchmark(Description = "SaveInstancesAsync, a file per instance")]
    public async Task<int> SaveInstances()
    {
        var files = await _client.SaveInstancesAsync(Study, _folder);
        return files.Count == WadoBenchmarks.Instances ? files.Count : throw new InvalidOperationException($"{files.Count} files instead of {WadoBenchmarks.Instances}");
    }

    [Benchmark(Description = "previous SaveInstancesAsync: read and write in turn")]
    public Task<int> SaveInstancesInTurn() => WadoBenchmarks.SaveInTurnAsync(_client, Study, _folder);
}
