using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using DicomWeb.Client;
using DicomWeb.Tests;

namespace DicomWeb.Benchmarks;

/// <summary>
/// Searching 1,000 studies on a real Orthanc: SearchAsync against curl fetching the same URL (the
/// baseline), and the allocations per study result.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class QidoBenchmarks : OrthancBenchmark
{
    public const string Name = "QIDO 1,000 studies from Orthanc";

    [Params(Name)]
    public string Corpus { get; set; } = "";

    [GlobalSetup]
    public void Setup() => Start(() =>
        Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var dataset = SyntheticInstances.Create($"1.2.826.0.1.3680043.8.498.7.{i}", $"1.2.826.0.1.3680043.8.498.7.{i}.1", $"1.2.826.0.1.3680043.8.498.7.{i}.1.1",
                patientName: $"Patient{i}^Bench", patientId: $"B{i:0000}", modality: i % 2 == 0 ? "CT" : "MR", studyDate: new DateOnly(2024, 1, 1).AddDays(i % 365),
                customize: d => d.Set(DicomTags.StudyDescription, $"Benchmark study {i}").Set(DicomTags.AccessionNumber, $"ACC{i:000000}"));
            using var stream = new MemoryStream();
            DicomFile.Create(dataset).SaveAsync(stream).GetAwaiter().GetResult();
            Orthanc.UploadAsync(stream.ToArray(), $"study {i}").GetAwaiter().GetResult();
        }));

    [Benchmark(Baseline = true, Description = "floor: curl on the same URL")]
    public int Curl()
    {
        using var curl = Process.Start(new ProcessStartInfo("curl", ["-s", "-f", "-o", "/dev/null", "-H", "Accept: application/dicom+json", new Uri(Orthanc.DicomWebRoot, "studies").AbsoluteUri]))!;
        curl.WaitForExit();
        return curl.ExitCode == 0 ? 1000 : throw new InvalidOperationException($"curl exited with {curl.ExitCode}");
    }

    [Benchmark(Description = "DicomWebClient.SearchAsync")]
    public async Task<int> Search()
    {
        int count = 0;
        await foreach (DicomDataset study in Client.SearchAsync(Qido.Studies()))
            count += study.Count > 0 ? 1 : 0;
        return count == 1000 ? count : throw new InvalidOperationException($"{count} studies instead of 1,000");
    }
}
