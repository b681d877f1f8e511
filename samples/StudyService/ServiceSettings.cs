using System.Globalization;

namespace StudyService;

/// <summary>
/// The service's own limits (section "StudyService"), read as plain strings so that nothing is
/// bound by reflection. A value that does not parse stops the service at start, naming the setting.
/// </summary>
public sealed record ServiceSettings
{
    /// <summary>Bytes a POST /studies body may hold, at most (default 2 GiB; Kestrel's own default is 30 MB).</summary>
    public long MaxUploadBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>How long GET /healthz waits for the upstream search (default 5 s).</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest ?size= of a preview, in pixels (default 1024).</summary>
    public int MaxPreviewSize { get; init; } = 1024;

    /// <summary>Rows a search answers, at most (default 1000): the upstream is asked for no more.</summary>
    public int MaxRows { get; init; } = 1000;

    /// <summary>
    /// The deadline of every request, upstream calls and upload included (default 30 s): past it
    /// the request is canceled and answered 504 with a problem document.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static ServiceSettings Read(IConfigurationSection section)
    {
        var settings = new ServiceSettings();
        if (section["MaxUploadBytes"] is string upload)
            settings = settings with { MaxUploadBytes = Parse(section, "MaxUploadBytes", upload, long.Parse, 1L) };
        if (section["HealthTimeout"] is string timeout)
            settings = settings with { HealthTimeout = Parse(section, "HealthTimeout", timeout, TimeSpan.Parse, TimeSpan.FromMilliseconds(1), LongestTimer) };
        if (section["MaxPreviewSize"] is string preview)
            settings = settings with { MaxPreviewSize = Parse(section, "MaxPreviewSize", preview, int.Parse, 1) };
        if (section["MaxRows"] is string rows)
            settings = settings with { MaxRows = Parse(section, "MaxRows", rows, int.Parse, 1) };
        if (section["RequestTimeout"] is string deadline)
            settings = settings with { RequestTimeout = Parse(section, "RequestTimeout", deadline, TimeSpan.Parse, TimeSpan.FromMilliseconds(1), LongestTimer) };
        return settings;
    }

    // A timer (CancelAfter) runs for at most int.MaxValue milliseconds.
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(int.MaxValue);

    private static T Parse<T>(IConfigurationSection section, string key, string text, Func<string, IFormatProvider, T> parse, T minimum, T? maximum = null) where T : struct, IComparable<T>
    {
        T value;
        try
        {
            value = parse(text, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new InvalidOperationException($"{section.Path}:{key} is not a valid {Kind<T>()}: correct it in the environment or appsettings.json.", e);
        }
        if (value.CompareTo(minimum) < 0)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{section.Path}:{key} must be at least {minimum}."));
        if (maximum is T most && value.CompareTo(most) > 0)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{section.Path}:{key} must be at most {most}."));
        return value;
    }

    private static string Kind<T>() => typeof(T) == typeof(TimeSpan) ? "time span (hh:mm:ss)" : "whole number";
}
