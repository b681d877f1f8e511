using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using DicomWeb.Client;
using DicomWeb.Tests;

namespace DicomWeb.Benchmarks;

/// <summary>
/// Storing 300 instances (≈150 MB) to a real Orthanc: curl streaming the same multipart/related body
/// from one file (the baseline) against StoreAsync from the 300 files, in one request like curl and
/// with the default split (100 per request, 2 in flight). After the first iteration Orthanc sees
/// instances it has: it still receives and parses every byte, for curl and the client alike.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class StowBenchmarks : OrthancBenchmark
{
    public const int Instances = 300;
    public const string Name = "STOW 300 instances to Orthanc";
    private const string Boundary = "DicomWebBenchmarkBoundary";

    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-stow-bench-").FullName;
    private List<string> _files = null!;
    private string _body = null!;

    [Params(Name)]
    public string Corpus { get; set; } = "";

    [GlobalSetup]
    public void Setup() => Start(() =>
    {
        _files = WadoStudy.WriteAsync(_folder, Instances).GetAwaiter().GetResult();
        _body = Path.Combine(_folder, "body.multipart");
        using (var body = File.Create(_body))
        {
            foreach (string file in _files)
            {
                body.Write(Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Type: application/dicom\r\n\r\n"));
                using (var source = File.OpenRead(file))
                    source.CopyTo(body);
                body.Write("\r\n"u8);
            }
            body.Write(Encoding.ASCII.GetBytes($"--{Boundary}--\r\n"));
        }
    });

    public override void Cleanup()
    {
        base.Cleanup();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "floor: curl posting the multipart body from one file")]
    public int Curl()
    {
        using var curl = Process.Start(new ProcessStartInfo("curl", ["-s", "-f", "-o", "/dev/null", "-X", "POST", "-T", _body,
            "-H", $"Content-Type: multipart/related; type=\"application/dicom\"; boundary={Boundary}", "-H", "Accept: application/dicom+json", "-H", "Expect:",
            new Uri(Orthanc.DicomWebRoot, "studies").AbsoluteUri]))!;
        curl.WaitForExit();
        return curl.ExitCode == 0 ? Instances : throw new InvalidOperationException($"curl exited with {curl.ExitCode}");
    }

    [Benchmark(Description = "StoreAsync, one request")]
    public async Task<int> OneRequest() => Check(await Client.StoreAsync(_files, new StowOptions { MaxInstancesPerRequest = Instances, MaxBytesPerRequest = long.MaxValue, MaxParallelRequests = 1 }));

    [Benchmark(Description = "StoreAsync, defaults (100 per request, 2 in flight)")]
    public async Task<int> Defaults() => Check(await Client.StoreAsync(_files));

    private static int Check(StowResult result) =>
        result.AllStored && result.Stored.Count == Instances ? Instances : throw new InvalidOperationException(result.ToString());
}
