using System.Diagnostics;

namespace DicomWeb.Cli.Output;

/// <summary>
/// A progress line on stderr (instances, bytes, rate), redrawn in place on a terminal and not
/// written at all when stderr is redirected, so pipes and logs get only the summary.
/// </summary>
internal sealed class ProgressLine
{
    private readonly string _verb;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _live = !Console.IsErrorRedirected;
    private long _lastDraw;

    public ProgressLine(string verb) => _verb = verb;

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Update(int instances, int? total, long bytes)
    {
        if (!_live || _clock.ElapsedMilliseconds - _lastDraw < 100)
            return;
        _lastDraw = _clock.ElapsedMilliseconds;
        string of = total is int t ? $"/{t}" : "";
        Console.Error.Write($"\r{_verb} {instances}{of} instances, {Size(bytes)}, {Rate(bytes, _clock.Elapsed)}   ");
    }

    public void Done()
    {
        if (_live)
            Console.Error.Write("\r" + new string(' ', 70) + "\r");
    }

    public static string Size(long bytes) => bytes >= 1 << 20 ? $"{bytes / 1048576.0:0.0} MiB" : $"{bytes / 1024.0:0.0} KiB";

    public static string Rate(long bytes, TimeSpan elapsed) => elapsed.TotalSeconds > 0 ? Size((long)(bytes / elapsed.TotalSeconds)) + "/s" : "";
}
