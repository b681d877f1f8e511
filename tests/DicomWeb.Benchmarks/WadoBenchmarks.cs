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
    public const string LoopbackName = "WADO study of 300 instances from memory";
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

    // The SaveInstancesAsync of before issue #21, rebuilt on the public API, in the same run as the
    // current one: each part read and written in turn (read 64 KiB, name the file, then copy), on one task.
    [Benchmark(Description = "previous SaveInstancesAsync: read and write in turn")]
    public Task<int> SaveInstancesInTurn() => SaveInTurnAsync(Client, Study, _folder);

    internal static async Task<int> SaveInTurnAsync(DicomWebClient client, WadoResource study, string folder)
    {
        int files = 0;
        byte[] head = new byte[64 * 1024];
        byte[] copy = new byte[256 * 1024];
        await foreach (DicomPart part in client.RetrieveAsync(study))
        {
            int length = 0, read;
            while (length < head.Length && (read = await part.Content.ReadAsync(head.AsMemory(length))) > 0)
                length += read;
            string sop = DicomFile.Open(head.AsSpan(0, length), new DicomReadOptions { FileMetaInformationOnly = true }).FileMetaInformation.Get(DicomTags.MediaStorageSOPInstanceUID)!;
            await using (var file = new FileStream(Path.Combine(folder, sop + ".dcm"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                await file.WriteAsync(head.AsMemory(0, length));
                while ((read = await part.Content.ReadAsync(copy)) > 0)
                    await file.WriteAsync(copy.AsMemory(0, read));
            }
            files++;
        }
        return files == Instances ? files : throw new InvalidOperationException($"{files} files instead of {Instances}");
    }
}
