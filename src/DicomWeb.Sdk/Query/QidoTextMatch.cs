using System.Globalization;

namespace DicomWeb.Client;

/// <summary>
/// Matches written as text ("PatientName=Smith*", "StudyDate=20250101-20250131"), checked
/// against the tag's VR by the same matchers as the typed API, for queries typed by a person
/// (the dicomweb tool) rather than compiled.
/// </summary>
public static class QidoTextMatch
{
    /// <summary>
    /// The match for a keyword or tag and a value as PS3.18 writes it: a wildcard only where the
    /// VR allows one (text and person names), a range only on dates and times, a list only of UIDs,
    /// a number on numeric VRs.
    /// </summary>
    /// <exception cref="ArgumentException">The tag is not in the dictionary, cannot be matched, or the value is not one its VR allows; the message says what is allowed.</exception>
    /// <example><code>
    /// QidoMatch m = QidoTextMatch.Parse("StudyDate", "20250101-20250131");   // StudyDate.Between(...)
    /// QidoTextMatch.Parse("StudyInstanceUID", "1.2*");                      // ArgumentException: UIDs take no wildcards
    /// </code></example>
    public static QidoMatch Parse(string keywordOrTag, string value)
    {
        ArgumentNullException.ThrowIfNull(keywordOrTag);
        ArgumentNullException.ThrowIfNull(value);
        if (!DicomTag.TryParse(keywordOrTag, out DicomTag tag) || !DicomDictionary.TryGetEntry(tag, out DicomDictionaryEntry entry))
            throw new ArgumentException($"'{keywordOrTag}' is neither a DICOM keyword nor a tag of the dictionary.", nameof(keywordOrTag));
        if (value.Length == 0)
            throw new ArgumentException($"The value for {keywordOrTag} is empty.", nameof(value));
        string name = DicomDictionary.GetKeyword(tag) ?? keywordOrTag;
        DicomVR vr = entry.VR;
        try
        {
            return vr.ToString() switch
            {
                "UI" => Uid(tag, name, value),
                "DA" => Date(new DateTag(tag, vr), name, value),
                "TM" => Time(new TimeTag(tag, vr), name, value),
                "DT" => DateTime(tag, name, value),
                "PN" => HasWildcard(value) ? new PersonNameTag(tag, vr).Like(value) : new PersonNameTag(tag, vr).Is(value),
                "AS" => new AgeStringTag(tag, vr).Is(value),
                "IS" => new IntegerStringTag(tag, vr).Is(Number<int>(name, value, "an integer")),
                "DS" => new DecimalStringTag(tag, vr).Is(Number<double>(name, value, "a decimal number")),
                "US" or "SS" or "UL" or "SL" or "UV" or "SV" => new QidoMatch(tag, Number<long>(name, value, "an integer").ToString(CultureInfo.InvariantCulture)),
                "FL" or "FD" => new QidoMatch(tag, Number<double>(name, value, "a number").ToString("R", CultureInfo.InvariantCulture)),
                _ when vr.AllowsWildcardMatching =>
                    HasWildcard(value) ? new StringTag(tag, vr).Like(value) : new StringTag(tag, vr).Is(value),
                _ => throw new ArgumentException($"{name} ({vr}) cannot be matched in a query.", nameof(keywordOrTag)),
            };
        }
        catch (ArgumentException e) when (e.ParamName != nameof(keywordOrTag))
        {
            throw new ArgumentException($"{name}={value}: {e.Message.Split(" (Parameter")[0]}", nameof(value), e);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"{name}={value}: {e.Message}", nameof(value), e);
        }
    }

    private static bool HasWildcard(string value) => value.IndexOfAny(['*', '?']) >= 0;

    private static QidoMatch Uid(DicomTag tag, string name, string value)
    {
        if (HasWildcard(value))
            throw new ArgumentException($"{name} is a UID: it matches exactly or a list (uid1,uid2), no wildcards.");
        var uidTag = new UidTag(tag, DicomVR.UI);
        return value.Contains(',') ? uidTag.In(value.Split(',')) : uidTag.Is(value);
    }

    private static QidoMatch Date(DateTag tag, string name, string value)
    {
        NoWildcard(name, value, "a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD, YYYYMMDD-, -YYYYMMDD");
        return Range(name, value, text => DicomDate.Parse(text).ToDateOnly(), v => tag.Is(v), (x, y) => tag.Between(x, y), v => tag.From(v), v => tag.Until(v));
    }

    private static QidoMatch Time(TimeTag tag, string name, string value)
    {
        NoWildcard(name, value, "a time HHMMSS or a range HHMMSS-HHMMSS, HHMMSS-, -HHMMSS");
        return Range(name, value, text => DicomTime.Parse(text).ToTimeOnly(), v => tag.Is(v), (x, y) => tag.Between(x, y), v => tag.From(v), v => tag.Until(v));
    }

    // One value, or a range with a start, an end or both, built with the tag's own matchers.
    private static QidoMatch Range<T>(string name, string value, Func<string, T> parse, Func<T, QidoMatch> exactly,
        Func<T, T, QidoMatch> between, Func<T, QidoMatch> from, Func<T, QidoMatch> until) where T : struct
    {
        (string? start, string? end, bool range) = Split(value);
        T? a = start is null ? null : parse(start);
        T? b = end is null ? null : parse(end);
        if (!range) return exactly(a!.Value);
        return (a, b) switch
        {
            (not null, not null) => between(a.Value, b.Value),
            (not null, null) => from(a.Value),
            (null, not null) => until(b.Value),
            _ => throw new ArgumentException($"{name}: a range needs a start or an end."),
        };
    }

    // Date-times keep the precision and offset as written; each end is checked to be one.
    private static QidoMatch DateTime(DicomTag tag, string name, string value)
    {
        NoWildcard(name, value, "a date-time YYYYMMDDHHMMSS or a range of two");
        (string? from, string? to, _) = Split(value);
        if (from is null && to is null)
            throw new ArgumentException($"{name}: a range needs a start or an end.");
        if (from is not null) _ = DicomDateTime.Parse(from);
        if (to is not null) _ = DicomDateTime.Parse(to);
        return new QidoMatch(tag, value);
    }

    private static void NoWildcard(string name, string value, string allowed)
    {
        if (HasWildcard(value))
            throw new ArgumentException($"{name} takes no wildcards: {allowed}.");
    }

    private static (string? From, string? To, bool Range) Split(string value)
    {
        int dash = value.IndexOf('-');
        if (dash < 0) return (value, null, false);
        string from = value[..dash], to = value[(dash + 1)..];
        return (from.Length == 0 ? null : from, to.Length == 0 ? null : to, true);
    }

    private static T Number<T>(string name, string value, string what) where T : IParsable<T> =>
        T.TryParse(value, CultureInfo.InvariantCulture, out T? n) ? n : throw new ArgumentException($"{name} takes {what}, not '{value}'.");
}
