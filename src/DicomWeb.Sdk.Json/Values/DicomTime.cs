using System.Globalization;

namespace DicomWeb;

/// <summary>
/// A time of day (VR TM) in its DICOM text form, "HH[MM[SS[.F{1-6}]]]": the precision the
/// sender chose is kept (a time of "14" means the whole hour).
/// </summary>
/// <example><code>
/// var time = DicomTime.Parse("143005.25");
/// TimeOnly t = time.ToTimeOnly();          // 14:30:05.25
/// Console.WriteLine(new DicomTime(new TimeOnly(9, 5)));   // 090500
/// </code></example>
public readonly struct DicomTime : IEquatable<DicomTime>
{
    private readonly string? _text;

    /// <summary>The time of a <see cref="TimeOnly"/>, to the second, or to the microsecond when it has a fraction.</summary>
    public DicomTime(TimeOnly time) =>
        _text = time.Ticks % TimeSpan.TicksPerSecond == 0
            ? time.ToString("HHmmss", CultureInfo.InvariantCulture)
            : time.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture);

    private DicomTime(string text) => _text = text;

    internal static DicomTime FromText(string text) => new(text);

    /// <summary>Reads "HH", "HHMM", "HHMMSS" or "HHMMSS.F" to "HHMMSS.FFFFFF" (and the ACR-NEMA "HH:MM:SS").</summary>
    /// <exception cref="FormatException">The text is not a DICOM time; the message quotes it.</exception>
    public static DicomTime Parse(string text) =>
        TryToTimeOnly(text, out _) ? new DicomTime(text) : throw new FormatException($"'{text}' is not a DICOM time (HH[MM[SS[.FFFFFF]]]).");

    /// <summary>Whether the text is a valid time.</summary>
    public bool IsValid => TryToTimeOnly(_text ?? "", out _);

    /// <summary>The time; missing parts count as zero.</summary>
    /// <exception cref="FormatException">The text is not a valid time; the message quotes it.</exception>
    public TimeOnly ToTimeOnly() =>
        TryToTimeOnly(_text ?? "", out TimeOnly time) ? time : throw new FormatException($"'{_text}' is not a DICOM time (HH[MM[SS[.FFFFFF]]]).");

    internal static bool TryToTimeOnly(ReadOnlySpan<char> text, out TimeOnly time)
    {
        time = default;
        text = text.Trim();
        Span<char> compact = stackalloc char[16];
        int length = 0;
        foreach (char c in text)
        {
            if (c == ':')
                continue;
            if (length == compact.Length)
                return false;
            compact[length++] = c;
        }
        ReadOnlySpan<char> t = compact[..length];
        int dot = t.IndexOf('.');
        ReadOnlySpan<char> whole = dot < 0 ? t : t[..dot];
        ReadOnlySpan<char> fraction = dot < 0 ? default : t[(dot + 1)..];
        if (whole.Length is not (2 or 4 or 6) || (dot >= 0 && (whole.Length != 6 || fraction.Length is < 1 or > 6)))
            return false;
        if (!TwoDigits(whole, 0, out int hour) || hour > 23)
            return false;
        int minute = 0, second = 0, micro = 0;
        if (whole.Length >= 4 && (!TwoDigits(whole, 2, out minute) || minute > 59))
            return false;
        if (whole.Length == 6 && (!TwoDigits(whole, 4, out second) || second > 60))
            return false;
        if (fraction.Length > 0)
        {
            if (!int.TryParse(fraction, NumberStyles.None, CultureInfo.InvariantCulture, out micro))
                return false;
            for (int i = fraction.Length; i < 6; i++)
                micro *= 10;
        }
        // A leap second (60) is valid DICOM; TimeOnly cannot hold it, so it becomes 59.999999.
        time = second == 60
            ? new TimeOnly(hour, minute, 59).Add(TimeSpan.FromTicks(TimeSpan.TicksPerSecond - 10))
            : new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(micro * 10L));
        return true;
    }

    private static bool TwoDigits(ReadOnlySpan<char> text, int at, out int value) =>
        int.TryParse(text.Slice(at, 2), NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>The DICOM text, e.g. "143005.25".</summary>
    public override string ToString() => _text ?? string.Empty;

    /// <inheritdoc/>
    public bool Equals(DicomTime other) => string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DicomTime other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (_text ?? "").GetHashCode(StringComparison.Ordinal);

    /// <summary>Whether both have the same text.</summary>
    public static bool operator ==(DicomTime left, DicomTime right) => left.Equals(right);

    /// <summary>Whether the texts differ.</summary>
    public static bool operator !=(DicomTime left, DicomTime right) => !left.Equals(right);
}
