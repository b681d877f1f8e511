using System.Globalization;

namespace DicomWeb;

/// <summary>
/// A date (VR DA) in its DICOM text form, "YYYYMMDD". The text is kept as it came, so a value
/// read from a server is written back unchanged; <see cref="ToDateOnly"/> interprets it.
/// </summary>
/// <example><code>
/// DicomDate date = new(new DateOnly(2025, 1, 15));
/// Console.WriteLine(date);               // 20250115
/// DateOnly day = DicomDate.Parse("20250115").ToDateOnly();
/// </code></example>
public readonly struct DicomDate : IEquatable<DicomDate>
{
    private readonly string? _text;

    /// <summary>The date of a <see cref="DateOnly"/>.</summary>
    public DicomDate(DateOnly date) => _text = date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private DicomDate(string text) => _text = text;

    /// <summary>Keeps text as it came (from a data set), without checking it.</summary>
    internal static DicomDate FromText(string text) => new(text);

    /// <summary>Reads "YYYYMMDD" (and the ACR-NEMA form "YYYY.MM.DD" that old data still carries).</summary>
    /// <exception cref="FormatException">The text is not a date; the message quotes it.</exception>
    public static DicomDate Parse(string text) =>
        TryToDateOnly(text, out _) ? new DicomDate(text) : throw new FormatException($"'{text}' is not a DICOM date (YYYYMMDD).");

    /// <summary>Whether the text is a valid date.</summary>
    public bool IsValid => TryToDateOnly(_text ?? "", out _);

    /// <summary>The date.</summary>
    /// <exception cref="FormatException">The text is not a valid date; the message quotes it.</exception>
    public DateOnly ToDateOnly() =>
        TryToDateOnly(_text ?? "", out DateOnly date) ? date : throw new FormatException($"'{_text}' is not a DICOM date (YYYYMMDD).");

    private static bool TryToDateOnly(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), ["yyyyMMdd", "yyyy.MM.dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The DICOM text, e.g. "20250115".</summary>
    public override string ToString() => _text ?? string.Empty;

    /// <inheritdoc/>
    public bool Equals(DicomDate other) => string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DicomDate other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (_text ?? "").GetHashCode(StringComparison.Ordinal);

    /// <summary>Whether both have the same text.</summary>
    public static bool operator ==(DicomDate left, DicomDate right) => left.Equals(right);

    /// <summary>Whether the texts differ.</summary>
    public static bool operator !=(DicomDate left, DicomDate right) => !left.Equals(right);
}
