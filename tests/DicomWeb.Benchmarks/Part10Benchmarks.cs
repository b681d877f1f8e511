using BenchmarkDotNet.Attributes;

namespace DicomWeb.Benchmarks;

/// <summary>
/// Reading 1,000 Part 10 files: up to pixel data (indexing) and whole, against the floor of
/// reading the same bytes from disk (File.ReadAllBytesAsync, the baseline; File.ReadAllBytes beside it).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class Part10Benchmarks
{
    private string[] _files = [];

    [Params(Part10Corpus.Name, Part10Corpus.CtName)]
    public string Corpus { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _files = Part10Corpus.Get(Corpus).Files;

    [Benchmark(Baseline = true, Description = "floor: File.ReadAllBytesAsync")]
    public async Task<long> ReadBytes()
    {
        long total = 0;
        foreach (string file in _files)
            total += (await File.ReadAllBytesAsync(file)).Length;
        return total;
    }

    [Benchmark(Description = "floor: File.ReadAllBytes")]
    public long ReadBytesSync()
    {
        long total = 0;
        foreach (string file in _files)
            total += File.ReadAllBytes(file).Length;
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

    // The whole file, then the pixel data asked for: what a viewer does.
    [Benchmark(Description = "DicomFile.OpenAsync, whole file, pixel data asked for")]
    public async Task<long> OpenWholeAndPixels()
    {
        long bytes = 0;
        foreach (string file in _files)
            bytes += (await DicomFile.OpenAsync(file)).Dataset.Get(DicomTags.PixelData)!.Bytes!.Value.Length;
        return bytes;
    }
}
