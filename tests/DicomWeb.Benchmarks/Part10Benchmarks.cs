using BenchmarkDotNet.Attributes;

namespace DicomWeb.Benchmarks;

/// <summary>
/// Reading 1,000 Part 10 files: up to pixel data (indexing) and whole, against the floor of
/// reading the same bytes from disk (File.ReadAllBytesAsync, the baseline).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class Part10Benchmarks
{
    private string[] _files = [];

    [Params(Part10Corpus.Name)]
    public string Corpus { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _files = Part10Corpus.Get().Files;

    [Benchmark(Baseline = true, Description = "floor: File.ReadAllBytesAsync")]
    public async Task<long> ReadBytes()
    {
        long total = 0;
        foreach (string file in _files)
            total += (await File.ReadAllBytesAsync(file)).Length;
        return total;
    }

    [Benchmark(Description = "DicomFile.OpenAsync, stop before pixel data")]
    public async Task<int> OpenToPixelData()
    {
        int elements = 0;
        var options = new DicomReadOptions { StopBeforePixelData = true };
        foreach (string file in _files)
            elements += (await DicomFile.OpenAsync(file, options)).Dataset.Count;
        return elements;
    }

    [Benchmark(Description = "DicomFile.OpenAsync, whole file")]
    public async Task<int> OpenWhole()
    {
        int elements = 0;
        foreach (string file in _files)
            elements += (await DicomFile.OpenAsync(file)).Dataset.Count;
        return elements;
    }
}
