using System.Globalization;

namespace DicomWeb.Client;

/// <summary>
/// The matches QIDO-RS allows, per VR (PS3.18 8.3.4, PS3.4 C.2.2.2): single value for all,
/// wildcards for AE CS LO LT PN SH ST UC UR UT only, ranges for DA TM DT, UID lists for UI. As
/// extension methods on the typed tags, so <c>StudyInstanceUID.Like("1.2*")</c> does not compile.
/// </summary>
public static class QidoMatchers
{
    /// <summary>Single value matching. Wildcard characters are refused here: use <see cref="Like(StringTag, string)"/>.</summary>
    /// <exception cref="ArgumentException">The value contains * or ?, or is empty.</exception>
    public static QidoMatch Is(this StringTag tag, string value) => new(tag, Exact(value, nameof(value)));

    /// <summary>Wildcard matching: * any sequence, ? one character (case-sensitive except for PN).</summary>
    public static QidoMatch Like(this StringTag tag, string pattern) => new(tag, NotEmpty(pattern, nameof(pattern)));

    /// <inheritdoc cref="Is(StringTag, string)"/>
    public static QidoMatch Is(this PersonNameTag tag, string value) => new(tag, Exact(value, nameof(value)));

    /// <inheritdoc cref="Like(StringTag, string)"/>
    public static QidoMatch Like(this PersonNameTag tag, string pattern) => new(tag, NotEmpty(pattern, nameof(pattern)));

    /// <summary>Single value matching of an age string, e.g. "045Y".</summary>
    public static QidoMatch Is(this AgeStringTag tag, string value) => new(tag, Exact(value, nameof(value)));

    /// <summary>A UID.</summary>
    /// <exception cref="ArgumentException">The text is not a DICOM UID.</exception>
    public static QidoMatch Is(this UidTag tag, string uid) => new(tag, DicomUid.Check(uid, nameof(uid)));

    /// <summary>Any of several UIDs (UID list matching): one comma-separated value.</summary>
    /// <exception cref="ArgumentException">The list is empty or holds a text that is not a DICOM UID.</exception>
    public static QidoMatch In(this UidTag tag, params string[] uids)
    {
        if (uids is null || uids.Length == 0)
            throw new ArgumentException("A UID list needs at least one UID.", nameof(uids));
        return new(tag, string.Join(',', uids.Select(u => DicomUid.Check(u, nameof(uids)))));
    }

    /// <summary>A date.</summary>
    public static QidoMatch Is(this DateTag tag, DateOnly date) => new(tag, Date(date));

    /// <summary>Dates from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public static QidoMatch Between(this DateTag tag, DateOnly from, DateOnly to) =>
        to < from ? throw new ArgumentException($"The range ends ({to}) before it starts ({from}).", nameof(to)) : new(tag, $"{Date(from)}-{Date(to)}");

    /// <summary>Dates on or after <paramref name="from"/>.</summary>
    public static QidoMatch From(this DateTag tag, DateOnly from) => new(tag, $"{Date(from)}-");

    /// <summary>Dates on or before <paramref name="to"/>.</summary>
    public static QidoMatch Until(this DateTag tag, DateOnly to) => new(tag, $"-{Date(to)}");

    /// <summary>A time of day.</summary>
    public static QidoMatch Is(this TimeTag tag, TimeOnly time) => new(tag, Time(time));

    /// <summary>Times from <paramref name="from"/> to <paramref name="to"/>; a TM range cannot cross midnight (PS3.4 C.2.2.2.5).</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public static QidoMatch Between(this TimeTag tag, TimeOnly from, TimeOnly to) =>
        to < from ? throw new ArgumentException($"A time range cannot cross midnight ({from} to {to}); make two queries.", nameof(to)) : new(tag, $"{Time(from)}-{Time(to)}");

    /// <summary>Times at or after <paramref name="from"/>.</summary>
    public static QidoMatch From(this TimeTag tag, TimeOnly from) => new(tag, $"{Time(from)}-");

    /// <summary>Times at or before <paramref name="to"/>.</summary>
    public static QidoMatch Until(this TimeTag tag, TimeOnly to) => new(tag, $"-{Time(to)}");

    /// <summary>Date-times from <paramref name="from"/> to <paramref name="to"/>, with their UTC offsets.</summary>
    public static QidoMatch Between(this DateTimeTag tag, DateTimeOffset from, DateTimeOffset to) =>
        to < from ? throw new ArgumentException($"The range ends ({to}) before it starts ({from}).", nameof(to)) : new(tag, $"{new DicomDateTime(from)}-{new DicomDateTime(to)}");

    /// <summary>An integer string value.</summary>
    public static QidoMatch Is(this IntegerStringTag tag, int value) => new(tag, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A decimal string value.</summary>
    public static QidoMatch Is(this DecimalStringTag tag, double value) => new(tag, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>A binary number value.</summary>
    public static QidoMatch Is<T>(this NumberTag<T> tag, T value) where T : struct, System.Numerics.INumber<T> =>
        new(tag, value.ToString(null, CultureInfo.InvariantCulture));

    private static string Date(DateOnly date) => new DicomDate(date).ToString();

    private static string Time(TimeOnly time) => new DicomTime(time).ToString();

    private static string NotEmpty(string value, string name) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException("A match value cannot be empty.", name) : value;

    private static string Exact(string value, string name) =>
        NotEmpty(value, name).IndexOfAny(['*', '?']) >= 0
            ? throw new ArgumentException($"'{value}' has a wildcard (* or ?): use Like for wildcard matching.", name)
            : value;
}
