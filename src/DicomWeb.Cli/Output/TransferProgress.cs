using System.Diagnostics;
using Spectre.Console;

namespace DicomWeb.Cli.Output;

/// <summary>
/// Progress of a retrieve or store on stderr (instances, bytes, rate): a Spectre.Console progress
/// bar redrawn in place on an interactive terminal; otherwise plain lines, at most one a second,
/// so a log or a pipe gets readable text and stdout only the summary.
/// </summary>
internal sealed class TransferProgress
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(1);

    private readonly string _verb;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ProgressTask? _bar;
    private TimeSpan _lastLine;

    private TransferProgress(string verb, ProgressTask? bar)
    {
        _verb = verb;
        _bar = bar;
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Runs <paramref name="work"/> with a progress display for <paramref name="total"/> instances (null: not known).</summary>
    public static async Task<T> RunAsync<T>(string verb, int? total, Func<TransferProgress, Task<T>> work)
    {
        if (Terminal.Progress is not IAnsiConsole console)
            return await work(new TransferProgress(verb, null));
        return await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                ProgressTask bar = context.AddTask(Markup.Escape(SafeText.Escape(verb)), maxValue: Math.Max(1, total ?? 1));
                bar.IsIndeterminate = total is null;
                var progress = new TransferProgress(verb, bar);
                progress.Update(0, total, 0);
                T result = await work(progress);
                bar.StopTask();
                return result;
            });
    }

    /// <summary>Instances done so far (of <paramref name="total"/>, when known) and the bytes they came to.</summary>
    public void Update(int instances, int? total, long bytes)
    {
        string of = total is int t ? $"/{t}" : "";
        string text = SafeText.Escape($"{_verb} {instances}{of} instances, {Size(bytes)}, {Rate(bytes, _clock.Elapsed)}");
        if (_bar is not null)
        {
            if (total is int known)
            {
                _bar.MaxValue = Math.Max(1, known);
                _bar.IsIndeterminate = false;
            }
            _bar.Value = instances;
            _bar.Description = Markup.Escape(text);
            return;
        }
        lock (_clock)
        {
            if (_clock.Elapsed - _lastLine < PlainInterval)
                return;
            _lastLine = _clock.Elapsed;
        }
        Console.Error.WriteLine(text);
    }

    public static string Size(long bytes) => bytes >= 1 << 20 ? $"{bytes / 1048576.0:0.0} MiB" : $"{bytes / 1024.0:0.0} KiB";

    public static string Rate(long bytes, TimeSpan elapsed) => elapsed.TotalSeconds > 0 ? Size((long)(bytes / elapsed.TotalSeconds)) + "/s" : "";
}
