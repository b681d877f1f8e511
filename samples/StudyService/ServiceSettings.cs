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

    public static ServiceSettings Read(IConfigurationSection section)
    {
        var settings = new ServiceSettings();
        if (section["MaxUploadBytes"] is string upload)
            settings = settings with { MaxUploadBytes = Parse(section, "MaxUploadBytes", upload, long.Parse, 1L) };
        if (section["HealthTimeout"] is string timeout)
            settings = settings with { HealthTimeout = Parse(section, "HealthTimeout", timeout, TimeSpan.Parse, TimeSpan.FromMilliseconds(1)) };
        if (section["MaxPreviewSize"] is string preview)
            settings = settings with { MaxPreviewSize = Parse(section, "MaxPreviewSize", preview, int.Parse, 1) };
        if (section["MaxRows"] is string rows)
            settings = settings with { MaxRows = Parse(section, "MaxRows", rows, int.Parse, 1) };
        return settings;
    }

    private static T Parse<T>(IConfigurationSection section, string key, string text, Func<string, IFormatProvider, T> parse, T minimum) where T : IComparable<T>
    {
        T value;
        try
        {
            value = parse(text, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new InvalidOperationException($"{section.Path}:{key} is not a valid {typeof(T).Name}.", e);
        }
        return value.CompareTo(minimum) >= 0 ? value : throw new InvalidOperationException($"{section.Path}:{key} must be at least {minimum}.");
    }
}
