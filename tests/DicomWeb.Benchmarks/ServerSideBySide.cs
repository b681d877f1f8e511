using System.Diagnostics;
using System.Globalization;
using DicomWeb.Client;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Benchmarks;

/// <summary>
/// DicomWeb.Server (`dicomweb serve`, a separate process like Orthanc) side by side with Orthanc
/// on the same files and the same client (DicomWebClient): STOW-RS and WADO-RS of the 300-instance
/// study (WadoStudy, 157.5 MB), QIDO-RS over 10,000 instances (FolderStoreMeasure's, one patient
/// in 20 a Smith); the growth of each server's peak resident size during the transfers (VmHWM
/// reset through /proc/PID/clear_refs before each); and the time from starting `dicomweb serve`
/// to its URL and to its first answer. Wall-clock medians, a measurement console rather than
/// BenchmarkDotNet: the servers are other processes.
/// </summary>
public static class ServerSideBySide
{
    private const int StudyInstances = 300;

    /// <param name="serve">The dicomweb tool: a Native AOT binary, or dicomweb.dll (run with dotnet).</param>
    /// <param name="qidoInstances">Instances for the QIDO comparison.</param>
    public static async Task<int> RunAsync(string serve, int qidoInstances)
    {
        string work = Directory.CreateTempSubdirectory("dicomweb-server-bench-").FullName;
        try
        {
            List<string> study = await WadoStudy.WriteAsync(Directory.CreateDirectory(Path.Combine(work, "study")).FullName, StudyInstances);
            List<string> many = await FolderStoreMeasure.WriteAsync(Directory.CreateDirectory(Path.Combine(work, "many")).FullName, qidoInstances);
            Console.WriteLine($"study: {StudyInstances} instances, {study.Sum(f => new FileInfo(f).Length) / 1e6:F1} MB; QIDO: {qidoInstances:N0} instances");
            Console.WriteLine();
            Console.WriteLine($"| server | STOW 300, first | peak growth | STOW 300 again (median of 3) | peak growth | WADO 300 (median of 5) | peak growth | QIDO Smith* ({qidoInstances / 200} studies, median of 21) | QIDO all {qidoInstances / 10} studies (median of 5) | peak growth |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

            await using (var orthanc = new OrthancServer())
            {
                await orthanc.StartAsync();
                await MeasureAsync("Orthanc 1.10 + DICOMweb 1.7", orthanc.DicomWebRoot, FindPid(orthanc.Port), study, many);
            }
            string folder = Directory.CreateDirectory(Path.Combine(work, "served")).FullName;
            using (Process process = StartServe(serve, folder, out Uri root))
            {
                await MeasureAsync("dicomweb serve (folder store)", root, process.Id, study, many);
                Stop(process);
            }
            Console.WriteLine();
            await StartTimesAsync(serve, Directory.CreateDirectory(Path.Combine(work, "empty")).FullName);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        return 0;
    }

    private static async Task MeasureAsync(string name, Uri root, int pid, List<string> study, List<string> many)
    {
        using var http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromMinutes(30) };
        var client = new DicomWebClient(http);
        string studyUid = WadoStudy.StudyUid(StudyInstances, root: 10);

        // STOW: the first store fills the empty server (its time and peak are reported apart); later
        // ones send and parse every byte again, and the server finds each instance already there.
        ResetPeak(pid);
        long coldBefore = Resident(pid, "VmRSS");
        var cold = Stopwatch.StartNew();
        Check((await client.StoreAsync(study)).AllStored, $"{name}: store");
        TimeSpan coldTime = cold.Elapsed;
        long coldPeak = Resident(pid, "VmHWM") - coldBefore;
        var stow = new List<TimeSpan>();
        long stowPeak = 0;
        for (int run = 0; run < 3; run++)
        {
            ResetPeak(pid);
            long before = Resident(pid, "VmRSS");
            var watch = Stopwatch.StartNew();
            StowResult stored = await client.StoreAsync(study);
            stow.Add(watch.Elapsed);
            stowPeak = Math.Max(stowPeak, Resident(pid, "VmHWM") - before);
            Check(stored.Stored.Count == StudyInstances, $"{name}: {stored}");
        }

        var wado = new List<TimeSpan>();
        long wadoPeak = 0;
        for (int run = 0; run < 6; run++)
        {
            ResetPeak(pid);
            long before = Resident(pid, "VmRSS");
            var watch = Stopwatch.StartNew();
            int parts = 0;
            await foreach (DicomPart part in client.RetrieveAsync(Wado.Study(studyUid)))
            {
                await part.Content.CopyToAsync(Stream.Null);
                parts++;
            }
            if (run > 0)
                wado.Add(watch.Elapsed);
            wadoPeak = Math.Max(wadoPeak, Resident(pid, "VmHWM") - before);
            Check(parts == StudyInstances, $"{name}: {parts} parts");
        }

        Check((await client.StoreAsync(many, new StowOptions { MaxInstancesPerRequest = 500 }, null)).AllStored, $"{name}: store of the QIDO instances");
        TimeSpan smith = await MedianAsync(client, Qido.Studies().Where(PatientName.Like("Smith*")).Include(StudyDescription), 21, many.Count / 200);
        ResetPeak(pid);
        long qidoBefore = Resident(pid, "VmRSS");
        TimeSpan all = await MedianAsync(client, Qido.Studies().Where(PatientID.Like("ID*")), 5, many.Count / 10);
        long qidoPeak = Resident(pid, "VmHWM") - qidoBefore;
        Console.WriteLine($"| {name} | {Ms(coldTime)} | {Mb(coldPeak)} | {Ms(Median(stow))} | {Mb(stowPeak)} | {Ms(Median(wado))} | {Mb(wadoPeak)} | {Ms(smith)} | {Ms(all)} | {Mb(qidoPeak)} |");
    }

    private static async Task<TimeSpan> MedianAsync(IDicomWebClient client, QidoQuery query, int runs, int expected)
    {
        var times = new List<TimeSpan>();
        for (int run = 0; run <= runs; run++)
        {
            var watch = Stopwatch.StartNew();
            int results = 0;
            await foreach (DicomDataset _ in client.SearchAsync(query))
                results++;
            Check(results == expected, $"{query}: {results} results, {expected} expected");
            if (run > 0)   // the first run warms up
                times.Add(watch.Elapsed);
        }
        return Median(times);
    }

    // From starting the process to the URL line, and to the answer of a first search.
    private static async Task StartTimesAsync(string serve, string folder)
    {
        var printed = new List<TimeSpan>();
        var answered = new List<TimeSpan>();
        using var http = new HttpClient();
        for (int run = 0; run < 11; run++)
        {
            var watch = Stopwatch.StartNew();
            using Process process = StartServe(serve, folder, out Uri root);
            TimeSpan url = watch.Elapsed;
            using HttpResponseMessage response = await http.GetAsync(new Uri(root, "studies"));
            TimeSpan first = watch.Elapsed;
            Stop(process);
            if (run > 0)
            {
                printed.Add(url);
                answered.Add(first);
            }
        }
        Console.WriteLine($"dicomweb serve ({Path.GetFileName(serve)}), empty folder, median of 10: URL printed after {Ms(Median(printed))} (min {Ms(printed.Min())}), first search answered after {Ms(Median(answered))} (min {Ms(answered.Min())})");
    }

    private static Process StartServe(string serve, string folder, out Uri root)
    {
        var start = serve.EndsWith(".dll", StringComparison.Ordinal)
            ? new ProcessStartInfo("dotnet", [serve, "serve", folder])
            : new ProcessStartInfo(serve, ["serve", folder]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        Process process = Process.Start(start)!;
        string line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"dicomweb serve printed nothing: {process.StandardError.ReadToEnd()}");
        root = new Uri(line);
        return process;
    }

    private static void Stop(Process process)
    {
        using Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        process.WaitForExit(20_000);
    }

    // Orthanc's process: the harness started it, so it is a child of this one (other Orthancs may run beside it).
    private static int FindPid(int port) =>
        Process.GetProcessesByName("Orthanc").Single(p => File.ReadAllText($"/proc/{p.Id}/stat").Split(") ")[1].Split(' ')[1] == Environment.ProcessId.ToString(CultureInfo.InvariantCulture)
            && File.ReadAllText($"/proc/{p.Id}/cmdline").Contains("dicomweb-orthanc", StringComparison.Ordinal)).Id;

    private static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    private static long Resident(int pid, string name)
    {
        string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms";

    private static string Mb(long bytes) => (bytes / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " MB";

    private static void Check(bool condition, string what)
    {
        if (!condition)
            throw new InvalidOperationException("Measurement check failed: " + what);
    }
}
