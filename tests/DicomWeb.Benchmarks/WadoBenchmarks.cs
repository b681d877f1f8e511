using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using DicomWeb.Client;
using DicomWeb.Tests;

namespace DicomWeb.Benchmarks;

/// <summary>
/// Retrieving a study of 300 instances (≈150 MB) from a real Orthanc to disk: curl writing the
/// multipart body to one file (the baseline) against the client writing the same bytes to one file
/// and against SaveInstancesAsync writing one file per instance.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class WadoBenchmarks : OrthancBenchmark
{
    public const int Instances = 300;
    public const string Name = "WADO study of 300 instances from Orthanc";
    private const string Accept = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-wado-bench-").FullName;

    [Params(Name)]
    public string Corpus { get; set; } = "";

    private WadoResource Study => Wado.Study(WadoStudy.StudyUid(Instances));

    [GlobalSetup]
    public void Setup() => Start(() => WadoStudy.UploadAsync(Orthanc, Instances).GetAwaiter().GetResult());

    public override void Cleanup()
    {
        base.Cleanup();
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
        using var curl = Process.Start(new ProcessStartInfo("curl", ["-s", "-f", "-o", output, "-H", "Accept: " + Accept, new Uri(Orthanc.DicomWebRoot, Study.ToString()).AbsoluteUri]))!;
        curl.WaitForExit();
        return curl.ExitCode == 0 ? new FileInfo(output).Length : throw new InvalidOperationException($"curl exited with {curl.ExitCode}");
    }

    [Benchmark(Description = "RetrieveAsync, parts to one file")]
    public async Task<long> RetrieveToOneFile()
    {
        await using var output = new FileStream(Path.Combine(_folder, "client.parts"), FileMode.Create, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
        int parts = 0;
        await foreach (DicomPart part in Client.RetrieveAsync(Study))
        {
            await part.Content.CopyToAsync(output, 256 * 1024);
            parts++;
        }
        return parts == Instances ? output.Length : throw new InvalidOperationException($"{parts} parts instead of {Instances}");
    }

    // Not a retrieve: what creating 300 files of this size costs this file system, for reading the row below.
    [Benchmark(Description = "file system only: 300 files written from memory")]
    public async Task<int> FilesOnly()
    {
        byte[] instance = new byte[WadoStudy.FileBytes];
        for (int i = 0; i < Instances; i++)
        {
            await using var file = new FileStream(Path.Combine(_folder, $"{i}.dcm"), FileMode.Create, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            await file.WriteAsync(instance);
        }
        return Instances;
    }

    [Benchmark(Description = "SaveInstancesAsync, a file per instance")]
    public async Task<int> SaveInstances()
    {
        var files = await Client.SaveInstancesAsync(Study, _folder);
        return files.Count == Instances ? files.Count : throw new InvalidOperationException($"{files.Count} files instead of {Instances}");
    }
}
