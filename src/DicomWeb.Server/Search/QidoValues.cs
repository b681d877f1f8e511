using System.Globalization;
using System.Text.RegularExpressions;

namespace DicomWeb.Server.Search;

/// <summary>
/// Whether a QIDO-RS match value fits its attribute's VR (PS3.4 C.2.2.2, PS3.18 8.3.4): UID lists
/// of UIDs, dates, times and date-times alone or as ranges, numbers for numeric VRs, wildcards
/// only where PS3.4 allows them (<see cref="DicomVR.AllowsWildcardMatching"/>), no matching on sequences or binary
/// values. A lone "*" (universal matching) and an empty value fit any attribute.
/// </summary>
internal static partial class QidoValues
{
    /// <summary>Why the value does not fit, or null when it does.</summary>
    public static string? Problem(DicomTag tag, string value)
    {
        if (value.Length == 0 || value == "*")
            return null;
        if (value.Length > QidoParameters.MaxLength)
            return $"the value is longer than {QidoParameters.MaxLength} characters";
        if (value.Any(char.IsControl))
            return "the value holds a control character";
        DicomVR known = DicomDictionary.TryGetEntry(tag, out DicomDictionaryEntry entry) && !entry.IsPrivate && entry.VRs.Length > 0 ? entry.VR : DicomVR.LO;
        string vr = known.Code;
        bool wildcards = value.AsSpan().IndexOfAny('*', '?') >= 0;
        if (wildcards && !known.AllowsWildcardMatching)
            return $"'{QidoParameters.Shown(value)}' has a wildcard (* or ?), which VR {vr} does not allow (PS3.4 C.2.2.2.4)";
        return vr switch
        {
            "UI" => value.Split(',', '\\').FirstOrDefault(uid => !DicomUid.IsValid(uid)) is string bad
                ? $"'{QidoParameters.Shown(bad)}' is not a UID (a UID list is UIDs separated by commas)"
                : null,
            "DA" => Range(value, DatePattern(), "a date YYYYMMDD or a range of dates (YYYYMMDD-YYYYMMDD, -YYYYMMDD, YYYYMMDD-)"),
            "TM" => Range(value, TimePattern(), "a time HHMMSS.FFFFFF (shorter allowed) or a range of times"),
            "DT" => DateTimeRange(value),
            "IS" or "SS" or "US" or "SL" or "UL" or "SV" or "UV" => IntegerPattern().IsMatch(value) ? null : $"'{QidoParameters.Shown(value)}' is not a whole number",
            "DS" or "FL" or "FD" => double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : $"'{QidoParameters.Shown(value)}' is not a number",
            "AS" => AgePattern().IsMatch(value) ? null : $"'{QidoParameters.Shown(value)}' is not an age (nnnD, nnnW, nnnM or nnnY)",
            "AT" => TagPattern().IsMatch(value) ? null : $"'{QidoParameters.Shown(value)}' is not a tag (8 hexadecimal digits)",
            "SQ" => "sequence matching is not supported",
            _ when known.Kind == DicomVRKind.Binary => $"VR {vr} values cannot be matched",
            _ => null,
        };
    }

    // A range for DA and TM: one dash, at least one end, each end a value (PS3.4 C.2.2.2.5); a bare "-" is not one.
    private static string? Range(string value, Regex single, string what)
    {
        string[] ends = value.Split('-');
        bool fits = ends.Length switch
        {
            1 => single.IsMatch(value),
            2 => (ends[0].Length > 0 || ends[1].Length > 0) && (ends[0].Length == 0 || single.IsMatch(ends[0])) && (ends[1].Length == 0 || single.IsMatch(ends[1])),
            _ => false,
        };
        return fits ? null : $"'{QidoParameters.Shown(value)}' is not {what}";
    }

    // A DT value may carry a UTC offset with its own "-": the range dash is one whose both sides read.
    private static string? DateTimeRange(string value)
    {
        if (DateTimePattern().IsMatch(value))
            return null;
        for (int dash = value.IndexOf('-'); dash >= 0; dash = value.IndexOf('-', dash + 1))
        {
            string from = value[..dash], to = value[(dash + 1)..];
            if ((from.Length > 0 || to.Length > 0) && (from.Length == 0 || DateTimePattern().IsMatch(from)) && (to.Length == 0 || DateTimePattern().IsMatch(to)))
                return null;
        }
        return $"'{QidoParameters.Shown(value)}' is not a date-time YYYYMMDDHHMMSS.FFFFFF&ZZXX (shorter allowed) or a range of them";
    }

    [GeneratedRegex(@"^[0-9]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^[0-9]{2}([0-9]{2}([0-9]{2}(\.[0-9]{1,6})?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^[0-9]{4}([0-9]{2}([0-9]{2}([0-9]{2}([0-9]{2}([0-9]{2}(\.[0-9]{1,6})?)?)?)?)?)?([+-][0-9]{4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^ *[+-]?[0-9]{1,20} *$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[0-9]{3}[DWMY]$", RegexOptions.CultureInvariant)]
    private static partial Regex AgePattern();

    [GeneratedRegex(@"^[0-9A-Fa-f]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
