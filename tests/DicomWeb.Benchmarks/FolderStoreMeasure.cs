using System.Diagnostics;
using System.Globalization;
using DicomWeb.Client;
using DicomWeb.Folder;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Benchmarks;

/// <summary>
/// Folder store timings (issue #16): open and index N synthetic instances (10 per series, 1 series
/// per study), first and second open, and the latency of a wildcard PatientName study search,
/// beside the same search on Orthanc holding the same files. Wall-clock medians of repeated runs;
/// a measurement console rather than BenchmarkDotNet, since opening a folder cold happens once.
/// </summary>
public static class FolderStoreMeasure
{
    public static async Task<int> RunAsync(int[] sizes)
    {
        Console.WriteLine($"{"Instances",9} {"first open",12} {"second open",12} {"QIDO folder",12} {"QIDO Orthanc",13} {"matches",8}");
        foreach (int size in sizes)
        {
            string folder = Directory.CreateTempSubdirectory("dicomweb-folder-bench-").FullName;
            try
            {
                List<string> files = await WriteAsync(folder, size);
                var watch = Stopwatch.StartNew();
                using (DicomFolderClient first = DicomFolderClient.Open(folder))
                    Check(first.InstanceCount == size, "first open");
                TimeSpan firstOpen = watch.Elapsed;
                watch.Restart();
                using DicomFolderClient store = DicomFolderClient.Open(folder);
                TimeSpan secondOpen = watch.Elapsed;

                QidoQuery query = Qido.Studies().Where(PatientName.Like("smith*")).Include(StudyDescription);
                (TimeSpan folderSearch, int matches) = await MedianAsync(store, query);

                string orthancText = "-";
                await using (var orthanc = new OrthancServer())
                {
                    await orthanc.StartAsync();
                    using HttpClient http = orthanc.CreateClient();
                    http.Timeout = TimeSpan.FromMinutes(30);
                    var client = new DicomWebClient(http);
                    StowResult stored = await client.StoreAsync(files, new StowOptions { MaxInstancesPerRequest = 500 }, null);
                    Check(stored.AllStored, "Orthanc store");
                    (TimeSpan orthancSearch, int orthancMatches) = await MedianAsync(client, Qido.Studies().Where(PatientName.Like("Smith*")).Include(StudyDescription));
                    Check(orthancMatches == matches, $"Orthanc found {orthancMatches}, the folder {matches}");
                    orthancText = Ms(orthancSearch);
                }
                Console.WriteLine($"{size,9:N0} {Ms(firstOpen),12} {Ms(secondOpen),12} {Ms(folderSearch),12} {orthancText,13} {matches,8}");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        return 0;
    }

    // One patient in 20 is a Smith; the folder is searched in lower case (PN matching is case-insensitive).
    internal static async Task<List<string>> WriteAsync(string folder, int size)
    {
        var files = new List<string>(size);
        string study = "", series = "";
        for (int i = 0; i < size; i++)
        {
            if (i % 10 == 0)
            {
                (study, series) = (SyntheticInstances.NewUid(), SyntheticInstances.NewUid());
            }
            int patient = i / 10;
            string name = patient % 20 == 0 ? $"Smith^P{patient}" : $"Other{patient}^P";
            DicomDataset dataset = SyntheticInstances.Create(study, series, SyntheticInstances.NewUid(), name, $"ID{patient}", "CT",
                new DateOnly(2020, 1, 1).AddDays(patient % 1000), i % 10 + 1, customize: d => d.Set(StudyDescription, "Benchmark"));
            files.Add(await SyntheticInstances.WriteFileAsync(dataset, folder));
        }
        return files;
    }

    private static async Task<(TimeSpan Median, int Results)> MedianAsync(IDicomWebClient client, QidoQuery query)
    {
        var times = new List<TimeSpan>();
        int results = 0;
        for (int run = 0; run < 21; run++)
        {
            var watch = Stopwatch.StartNew();
            results = 0;
            await foreach (DicomDataset _ in client.SearchAsync(query))
                results++;
            if (run > 0) // the first run warms up
                times.Add(watch.Elapsed);
        }
        times.Sort();
        return (times[times.Count / 2], results);
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("N1", CultureInfo.InvariantCulture) + " ms";

    private static void Check(bool condition, string what)
    {
        if (!condition)
            throw new InvalidOperationException("Measurement check failed: " + what);
    }
}
