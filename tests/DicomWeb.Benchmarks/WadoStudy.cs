using DicomWeb.Tests;

namespace DicomWeb.Benchmarks;

/// <summary>
/// A study of N instances of 512 KiB pixel data each (≈150 MB for 300), for the retrieve and store
/// benchmarks: uploaded to Orthanc through its REST API (retrieve) or written to a folder (store).
/// </summary>
public static class WadoStudy
{
    public const int Rows = 512, Columns = 1024;

    public static string StudyUid(int instances, int root = 9) => $"1.2.826.0.1.3680043.8.498.{root}.{instances}";

    /// <summary>The bytes of one instance's Part 10 file (they are all the same size).</summary>
    public static long FileBytes { get; } = Create(1, 0).Length;

    public static async Task UploadAsync(OrthancServer orthanc, int instances)
    {
        await Parallel.ForAsync(0, instances, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, _) =>
            await orthanc.UploadAsync(Create(instances, i), $"instance {i}"));
    }

    /// <summary>Writes the instances of a study (its own UIDs, root 10) as files, for storing.</summary>
    public static async Task<List<string>> WriteAsync(string folder, int instances)
    {
        var files = new List<string>();
        for (int i = 0; i < instances; i++)
        {
            string path = Path.Combine(folder, $"{i:D5}.dcm");
            await File.WriteAllBytesAsync(path, Create(instances, i, root: 10));
            files.Add(path);
        }
        return files;
    }

    /// <summary>The Part 10 bytes of instance <paramref name="i"/> of the study Orthanc is given.</summary>
    public static byte[] Instance(int instances, int i) => Create(instances, i);

    private static byte[] Create(int instances, int i, int root = 9)
    {
        string study = StudyUid(instances, root);
        var dataset = SyntheticInstances.Create(study, study + "." + (i / 100 + 1), $"{study}.{i / 100 + 1}.{i}",
            patientName: "Retrieve^Benchmark", patientId: $"W{instances}", instanceNumber: i + 1, rows: Rows, columns: Columns);
        using var stream = new MemoryStream();
        DicomFile.Create(dataset).SaveAsync(stream).GetAwaiter().GetResult();
        return stream.ToArray();
    }
}
