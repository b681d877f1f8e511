using System.Globalization;

namespace DicomWeb;

/// <summary>
/// A date and time (VR DT) in its DICOM text form, "YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&amp;ZZXX]":
/// partial precision and the optional UTC offset are kept as sent.
/// </summary>
/// <example><code>
/// var dt = DicomDateTime.Parse("20250115143005.5+0100");
/// DateTimeOffset at = dt.ToDateTimeOffset(TimeSpan.Zero);   // 2025-01-15 14:30:05.5 +01:00
/// </code></example>
public readonly struct DicomDateTime : IEquatable<DicomDateTime>
{
    private readonly string? _text;

    /// <summary>A date and time to the microsecond with its offset, e.g. "20250115143005.000000+0100".</summary>
    public DicomDateTime(DateTimeOffset value)
    {
        TimeSpan offset = value.Offset;
        string sign = offset < TimeSpan.Zero ? "-" : "+";
        offset = offset.Duration();
        _text = value.ToString("yyyyMMddHHmmss.ffffff", CultureInfo.InvariantCulture) + $"{sign}{offset.Hours:00}{offset.Minutes:00}";
    }

    private DicomDateTime(string text) => _text = text;

    internal static DicomDateTime FromText(string text) => new(text);

    /// <summary>Reads the DT text form; any trailing part may be left out.</summary>
    /// <exception cref="FormatException">The text is not a DICOM date-time; the message quotes it.</exception>
    public static DicomDateTime Parse(string text) =>
        TryInterpret(text, out _, out _) ? new DicomDateTime(text) : throw new FormatException($"'{text}' is not a DICOM date-time (YYYY[MM[DD[HH[MM[SS[.FFFFFF]]]]]][&ZZXX]).");

    /// <summary>Whether the text is a valid date-time.</summary>
    public bool IsValid => TryInterpret(_text ?? "", out _, out _);

    /// <summary>The UTC offset the text carries (&amp;ZZXX), or null when it has none.</summary>
    public TimeSpan? Offset => TryInterpret(_text ?? "", out _, out TimeSpan? offset) ? offset : null;

    /// <summary>
    /// The instant; missing month and day count as 1, missing time parts as 0. Without an offset in
    /// the text, <paramref name="assumedOffset"/> applies (DICOM then means the sender's local time,
    /// or Timezone Offset From UTC (0008,0201) where the data set has it).
    /// </summary>
    /// <exception cref="FormatException">The text is not a valid date-time; the message quotes it.</exception>
    public DateTimeOffset ToDateTimeOffset(TimeSpan assumedOffset) =>
        TryInterpret(_text ?? "", out DateTime local, out TimeSpan? offset)
            ? new DateTimeOffset(local, offset ?? assumedOffset)
            : throw new FormatException($"'{_text}' is not a DICOM date-time.");

    private static bool TryInterpret(string text, out DateTime local, out TimeSpan? offset)
    {
        local = default;
        offset = null;
        ReadOnlySpan<char> t = text.AsSpan().Trim();
        int sign = t.IndexOfAny('+', '-');
        if (sign >= 0)
        {
            ReadOnlySpan<char> zone = t[(sign + 1)..];
            if (zone.Length != 4 || !int.TryParse(zone[..2], NumberStyles.None, CultureInfo.InvariantCulture, out int hours)
                || !int.TryParse(zone[2..], NumberStyles.None, CultureInfo.InvariantCulture, out int minutes) || hours > 14 || minutes > 59)
                return false;
            offset = new TimeSpan(hours, minutes, 0) * (t[sign] == '-' ? -1 : 1);
            t = t[..sign];
        }
        int dot = t.IndexOf('.');
        ReadOnlySpan<char> whole = dot < 0 ? t : t[..dot];
        if (whole.Length is not (4 or 6 or 8 or 10 or 12 or 14) || (dot >= 0 && whole.Length != 14))
            return false;
        Span<char> full = stackalloc char[14];
        "00000101000000".AsSpan().CopyTo(full);
        whole.CopyTo(full);
        if (!DateTime.TryParseExact(full, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out local))
            return false;
        if (dot >= 0)
        {
            ReadOnlySpan<char> fraction = t[(dot + 1)..];
            if (fraction.Length is < 1 or > 6 || !int.TryParse(fraction, NumberStyles.None, CultureInfo.InvariantCulture, out int micro))
                return false;
            for (int i = fraction.Length; i < 6; i++)
                micro *= 10;
            local = local.AddTicks(micro * 10L);
        }
        return true;
    }

    /// <summary>The DICOM text, e.g. "20250115143005.5+0100".</summary>
    public override string ToString() => _text ?? string.Empty;

    /// <inheritdoc/>
    public bool Equals(DicomDateTime other) => string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DicomDateTime other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (_text ?? "").GetHashCode(StringComparison.Ordinal);

    /// <summary>Whether both have the same text.</summary>
    public static bool operator ==(DicomDateTime left, DicomDateTime right) => left.Equals(right);

    /// <summary>Whether the texts differ.</summary>
    public static bool operator !=(DicomDateTime left, DicomDateTime right) => !left.Equals(right);
}
