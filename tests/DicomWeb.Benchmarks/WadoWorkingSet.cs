using System.Diagnostics;
using System.Globalization;
using DicomWeb.Client;
using DicomWeb.Tests;

namespace DicomWeb.Benchmarks;

/// <summary>
/// The growth of the peak working set while a study is saved to disk (SaveInstancesAsync), for
/// studies of 300 and 600 instances. Each retrieve runs in a fresh child process, so the upload
/// in the parent leaves nothing in its heap; the child warms up on one instance, resets the
/// kernel's peak (VmHWM, via /proc/self/clear_refs) and reports peak minus the resident size at
/// the reset.
/// </summary>
public static class WadoWorkingSet
{
    public static async Task<int> RunAsync(int[] sizes)
    {
        Console.WriteLine("| Instances | MB retrieved | Seconds | RSS before (MB) | Peak RSS (MB) | Peak growth (MB) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (int instances in sizes)
        {
            await using var orthanc = new OrthancServer();
            await orthanc.StartAsync();
            await WadoStudy.UploadAsync(orthanc, instances);
            string folder = Directory.CreateTempSubdirectory("dicomweb-wado-rss-").FullName;
            string self = Environment.ProcessPath!;
            string[] arguments = ["--wado-retrieve", orthanc.DicomWebRoot.AbsoluteUri, instances.ToString(CultureInfo.InvariantCulture), folder];
            var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
                ? new ProcessStartInfo(self, [typeof(WadoWorkingSet).Assembly.Location, .. arguments])
                : new ProcessStartInfo(self, arguments);
            start.RedirectStandardOutput = true;
            using var child = Process.Start(start)!;
            string line = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
            if (child.ExitCode != 0)
                throw new InvalidOperationException($"the retrieve child failed ({child.ExitCode}): {line}");
            Console.WriteLine(line.Trim());
        }
        return 0;
    }

    /// <summary>The child: warm up, reset the peak, save the study, print one table row.</summary>
    public static async Task<int> RetrieveAsync(string root, int instances, string folder)
    {
        using var http = new HttpClient { BaseAddress = new Uri(root), Timeout = TimeSpan.FromMinutes(10) };
        var client = new DicomWebClient(http);
        string study = WadoStudy.StudyUid(instances);
        await client.SaveInstancesAsync(Wado.Study(study).Series(study + ".1").Instance(study + ".1.0"), Path.Combine(folder, "warm-up"));
        GC.Collect();
        await File.WriteAllTextAsync("/proc/self/clear_refs", "5");
        long before = Status("VmRSS");
        var clock = Stopwatch.StartNew();
        var files = await client.SaveInstancesAsync(Wado.Study(study), Path.Combine(folder, "study"));
        double seconds = clock.Elapsed.TotalSeconds;
        long peak = Status("VmHWM");
        if (files.Count != instances)
            throw new InvalidOperationException($"{files.Count} files instead of {instances}");
        double megabytes = files.Sum(f => new FileInfo(f).Length) / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {instances} | {megabytes:F1} | {seconds:F2} | {before / 1e6:F1} | {peak / 1e6:F1} | {(peak - before) / 1e6:F1} |"));
        return 0;
    }

    // A line of /proc/self/status in bytes, e.g. "VmHWM:    123456 kB".
    private static long Status(string name)
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
