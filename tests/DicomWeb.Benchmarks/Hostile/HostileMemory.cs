using System.Diagnostics;
using System.Globalization;
using DicomWeb.Tests;

namespace DicomWeb.Benchmarks.Hostile;

/// <summary>
/// Peak working set of each hostile case of issue #12, each in a fresh child process against an
/// in-process hostile Kestrel server (or a generated file), printed as a Markdown table: case,
/// outcome (exception type and the start of its message, or what completed), seconds, peak
/// working set (the child's VmHWM, whole process). The machine is protected from a client that
/// does not bound its memory: the child's GC heap is capped at 2 GiB (an OutOfMemoryException is
/// then the outcome) and the child is killed when its resident size passes 3 GiB or it outlives
/// its case's budget by a minute.
/// </summary>
public static class HostileMemory
{
    private const long KillAboveBytes = 3L * 1024 * 1024 * 1024;
    private const string HeapHardLimit = "0x80000000"; // 2 GiB
    private const int OutcomeLength = 100;

    public static async Task<int> RunAsync(string[] only)
    {
        var cases = HostileCases.All.Where(c => only.Length == 0 || only.Any(o => c.Name.Contains(o, StringComparison.OrdinalIgnoreCase))).ToList();
        Console.Error.WriteLine($"preparing files in {HostileFiles.Folder} (the deflate bomb takes a minute the first time)");
        string folder = HostileFiles.Prepare();
        string stowFile = Path.Combine(folder, HostileCases.StowFile);
        if (!File.Exists(stowFile))
        {
            string uid = HostileCases.StudyUid;
            File.Move(await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create(uid, uid + ".1", uid + ".1.1"), folder), stowFile);
        }
        await using var server = await HostileServer.StartAsync();

        Console.WriteLine("| case | outcome | seconds | peak working set (MB) |");
        Console.WriteLine("|---|---|---:|---:|");
        foreach (HostileCase hostile in cases)
        {
            var (outcome, seconds, peak) = await RunChildAsync(hostile, server.Address, folder);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {hostile.Name} | {outcome.Replace("|", "\\|", StringComparison.Ordinal)} | {seconds:F1} | {peak / 1e6:F0} |"));
        }
        return 0;
    }

    private static async Task<(string Outcome, double Seconds, long Peak)> RunChildAsync(HostileCase hostile, Uri address, string folder)
    {
        string self = Environment.ProcessPath!;
        string[] arguments = ["--hostile-child", hostile.Name, address.AbsoluteUri, folder];
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [typeof(HostileMemory).Assembly.Location, .. arguments])
            : new ProcessStartInfo(self, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["DOTNET_GCHeapHardLimit"] = HeapHardLimit;
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(start)!;
        Task<string> output = child.StandardOutput.ReadToEndAsync();
        Task<string> errors = child.StandardError.ReadToEndAsync();
        long peak = 0;
        string? killed = null;
        TimeSpan deadline = hostile.Budget + TimeSpan.FromMinutes(1);
        while (!child.HasExited)
        {
            peak = Math.Max(peak, Status(child.Id, "VmHWM") ?? 0);
            if ((Status(child.Id, "VmRSS") ?? 0) > KillAboveBytes)
                killed = $"killed by the harness: working set over {KillAboveBytes / (1024 * 1024 * 1024)} GiB";
            else if (clock.Elapsed > deadline)
                killed = $"killed by the harness: still running after {deadline.TotalSeconds:F0} s";
            if (killed is not null)
            {
                child.Kill(entireProcessTree: true);
                break;
            }
            await Task.Delay(100);
        }
        await child.WaitForExitAsync();
        double seconds = clock.Elapsed.TotalSeconds;
        string text = await output;
        string error = await errors;
        // The child's last line: "RESULT <tab> outcome <tab> seconds <tab> VmHWM bytes".
        string? result = text.Split('\n').LastOrDefault(l => l.StartsWith("RESULT\t", StringComparison.Ordinal));
        if (killed is null && result is not null)
        {
            string[] fields = result.TrimEnd('\r').Split('\t');
            return (fields[1], double.Parse(fields[2], CultureInfo.InvariantCulture), Math.Max(peak, long.Parse(fields[3], CultureInfo.InvariantCulture)));
        }
        string why = killed ?? $"the process ended with exit code {child.ExitCode}" +
            (error.Split('\n').FirstOrDefault(l => l.Trim().Length > 0) is { } line ? $": {Cut(line.Trim())}" : "");
        return (why, seconds, peak);
    }

    /// <summary>The child: runs one case within its budget and prints its RESULT line.</summary>
    public static async Task<int> ChildAsync(string name, string address, string folder)
    {
        HostileCase hostile = HostileCases.All.Single(c => c.Name == name);
        var run = new HostileRun(new Uri(address), folder);
        using var budget = new CancellationTokenSource(hostile.Budget);
        var clock = Stopwatch.StartNew();
        string outcome;
        try
        {
            outcome = "completed: " + await hostile.RunAsync(run, budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            outcome = $"stopped by the harness after {hostile.Budget.TotalSeconds:F0} s, {run.Items:N0} items read";
        }
        catch (Exception e)
        {
            outcome = $"{e.GetType().Name}: {Cut(e.Message)}";
        }
        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT\t{outcome}\t{seconds:F1}\t{Status(Environment.ProcessId, "VmHWM")}"));
        return 0;
    }

    private static string Cut(string message)
    {
        string line = message.ReplaceLineEndings(" ").Replace('\t', ' ');
        return line.Length > OutcomeLength ? line[..OutcomeLength] + "…" : line;
    }

    // A line of /proc/<pid>/status in bytes, e.g. "VmHWM:    123456 kB"; null once the process is gone.
    private static long? Status(int pid, string name)
    {
        try
        {
            string? line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
