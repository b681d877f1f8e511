using System.Diagnostics;
using System.Globalization;
using DicomWeb.Client;
using DicomWeb.Tests;

namespace DicomWeb.Benchmarks;

/// <summary>
/// The growth of the peak working set while a study is saved from Orthanc to disk
/// (SaveInstancesAsync) or stored from disk to Orthanc (StoreAsync), for 300 and 600 instances.
/// Each transfer runs in a fresh child process, so the parent's setup leaves nothing in its heap;
/// the child warms up (retrieve: one instance; store: 40 one-instance requests, past tiered
/// compilation), resets the kernel's peak (VmHWM, via /proc/self/clear_refs) and reports peak minus
/// the resident size at the reset, what was allocated, what the result still holds after a full
/// collection, and the methods the JIT compiled during the transfer.
/// </summary>
public static class WorkingSet
{
    public static async Task<int> RunAsync(string mode, int[] sizes)
    {
        Console.WriteLine($"{mode}:");
        Console.WriteLine("| Instances | MB moved | Seconds | RSS before (MB) | Peak RSS (MB) | Peak growth (MB) | Allocated (MB) | Held after (MB) | GCs | Methods jitted |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int instances in sizes)
        {
            await using var orthanc = new OrthancServer();
            await orthanc.StartAsync();
            string folder = Directory.CreateTempSubdirectory("dicomweb-rss-").FullName;
            if (mode == "wado")
                await WadoStudy.UploadAsync(orthanc, instances);
            else
                await WadoStudy.WriteAsync(folder, instances);
            string self = Environment.ProcessPath!;
            string[] arguments = ["--child", mode, orthanc.DicomWebRoot.AbsoluteUri, instances.ToString(CultureInfo.InvariantCulture), folder];
            var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
                ? new ProcessStartInfo(self, [typeof(WorkingSet).Assembly.Location, .. arguments])
                : new ProcessStartInfo(self, arguments);
            start.RedirectStandardOutput = true;
            using var child = Process.Start(start)!;
            string line = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
            if (child.ExitCode != 0)
                throw new InvalidOperationException($"the child failed ({child.ExitCode}): {line}");
            Console.WriteLine(line.Trim());
        }
        return 0;
    }

    /// <summary>The child: warm up, reset the peak, move the study, print one table row.</summary>
    public static async Task<int> ChildAsync(string mode, string root, int instances, string folder)
    {
        using var http = new HttpClient { BaseAddress = new Uri(root), Timeout = TimeSpan.FromMinutes(10) };
        var client = new DicomWebClient(http);
        string study = WadoStudy.StudyUid(instances);
        List<string> files = [.. Directory.GetFiles(folder, "*.dcm").Order()];
        if (mode == "wado")
            await client.SaveInstancesAsync(Wado.Study(study).Series(study + ".1").Instance(study + ".1.0"), Path.Combine(folder, "warm-up"));
        else
        {
            // Every method a store calls per request or per instance called over 30 times (the
            // tier-1 threshold), then time for the background compiler: the JIT's code is made here,
            // once per process, not while the measured store runs.
            // Twice: methods are counted only once the JIT has been idle for a while (the tiering delay).
            for (int round = 0; round < 2; round++)
            {
                Check(await client.StoreAsync(files.Take(40), new StowOptions { MaxInstancesPerRequest = 1 }), Math.Min(40, instances));
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
        GC.Collect();
        long heldBefore = GC.GetTotalMemory(forceFullCollection: true);
        await File.WriteAllTextAsync("/proc/self/clear_refs", "5");
        long before = Status("VmRSS");
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int gcsBefore = GC.CollectionCount(0);
        long jittedBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var clock = Stopwatch.StartNew();
        StowResult? stored = null;
        IReadOnlyList<string> moved = mode == "wado"
            ? await client.SaveInstancesAsync(Wado.Study(study), Path.Combine(folder, "study"))
            : (stored = Check(await client.StoreAsync(files), instances)).Stored.Select(s => s.Source).ToList();
        double seconds = clock.Elapsed.TotalSeconds;
        long peak = Status("VmHWM");
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        int gcs = GC.CollectionCount(0) - gcsBefore;
        long jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - jittedBefore;
        long held = GC.GetTotalMemory(forceFullCollection: true) - heldBefore;
        GC.KeepAlive(stored);
        if (moved.Count != instances)
            throw new InvalidOperationException($"{moved.Count} instances instead of {instances}");
        double megabytes = moved.Sum(f => new FileInfo(f).Length) / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {instances} | {megabytes:F1} | {seconds:F2} | {before / 1e6:F1} | {peak / 1e6:F1} | {(peak - before) / 1e6:F1} | {allocated / 1e6:F1} | {held / 1e6:F1} | {gcs} | {jitted} |"));
        return 0;
    }

    private static StowResult Check(StowResult result, int instances) =>
        result.AllStored && result.Stored.Count == instances ? result : throw new InvalidOperationException(result.ToString());

    // A line of /proc/self/status in bytes, e.g. "VmHWM:    123456 kB".
    private static long Status(string name)
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
