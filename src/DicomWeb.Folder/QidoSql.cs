using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DicomWeb.Client;

namespace DicomWeb.Folder;

/// <summary>
/// A QIDO-RS query as one parameterized SQL statement over the index (PS3.4 C.2.2.2): single value
/// matching, wildcards * and ? for the VRs that allow them (case-insensitive for PN only), DA, TM
/// and DT ranges, UID lists, universal matching ("*" or no match). Values only ever travel as
/// parameters; the statement text is made of this class's own fragments.
/// </summary>
internal static class QidoSql
{
    /// <summary>The statement and its parameters; the rows are (json, study, series, sop) of the first matching instance per result.</summary>
    public static (string Sql, List<(string, object?)> Parameters) Build(QidoQuery query)
    {
        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        string Parameter(object? value)
        {
            string name = "$p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters.Add((name, value));
            return name;
        }

        if (query.StudyInstanceUid is string study)
            where.Add($"i.study_uid = {Parameter(study)}");
        if (query.SeriesInstanceUid is string series)
            where.Add($"i.series_uid = {Parameter(series)}");
        foreach (QidoMatch match in query.Matches)
        {
            if (Condition(match, query.MatchesEmptyValues, Parameter) is string condition)
                where.Add(condition);
        }

        string group = query.Level switch
        {
            QidoLevel.Studies => "i.study_uid",
            QidoLevel.Series => "i.series_uid",
            _ => "i.sop_uid",
        };
        var sql = new StringBuilder("SELECT r.json, r.study_uid, r.series_uid, r.sop_uid FROM instances r WHERE r.rowid IN (SELECT MIN(i.rowid) FROM instances i");
        if (where.Count > 0)
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
        sql.Append(" GROUP BY ").Append(group).Append(") ORDER BY r.rowid");
        sql.Append(" LIMIT ").Append(Parameter(query.ResultLimit ?? -1)).Append(" OFFSET ").Append(Parameter(query.ResultOffset));
        return (sql.ToString(), parameters);
    }

    private static string? Condition(QidoMatch match, bool emptyMatches, Func<object?, string> parameter)
    {
        string value = match.Value;
        if (value == "*")
            return null; // universal matching
        uint tag = match.Tag.Value;
        // The UIDs of the hierarchy are columns of the instance row.
        DicomTag matched = match.Tag;
        string? column = matched == DicomTags.StudyInstanceUID ? "i.study_uid"
            : matched == DicomTags.SeriesInstanceUID ? "i.series_uid"
            : matched == DicomTags.SOPInstanceUID ? "i.sop_uid"
            : matched == DicomTags.SOPClassUID ? "i.sop_class_uid"
            : null;
        if (column is not null)
        {
            return AnyOf(column, value, parameter);
        }

        DicomVR vr = VROf(match.Tag);
        // ModalitiesInStudy matches the Modality of any instance of the study; its value may list several.
        if (matched == DicomTags.ModalitiesInStudy)
        {
            tag = DicomTags.Modality.Tag.Value;
            if (value.AsSpan().IndexOfAny(',', '\\') >= 0)
                return Exists(tag, AnyOf("a.folded", value, parameter), emptyMatches, parameter);
        }

        bool numeric = vr.Kind == DicomVRKind.Number || vr == DicomVR.IS || vr == DicomVR.DS;
        string predicate =
            vr == DicomVR.UI ? AnyOf("a.value", value, parameter)
            : vr == DicomVR.DA || vr == DicomVR.TM || vr == DicomVR.DT ? Range(vr, value, parameter)
            : numeric && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) ? $"CAST(a.value AS REAL) = {parameter(number)}"
            : vr.AllowsWildcardMatching && value.AsSpan().IndexOfAny('*', '?') >= 0 ? $"a.folded GLOB {parameter(Glob(Fold(vr, value)))}"
            : $"a.folded = {parameter(Fold(vr, value))}";
        return Exists(tag, predicate, emptyMatches, parameter);
    }

    // A list of values (UID list matching, PS3.4 C.2.2.2.2) of any length: one parameter holding
    // them as a JSON array, not one parameter each, which SQLite caps at 32,766 per statement.
    private static string AnyOf(string column, string list, Func<object?, string> parameter)
    {
        string[] values = list.Split([',', '\\'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (values.Length == 1)
            return $"{column} = {parameter(values[0])}";
        var json = new ArrayBufferWriter<byte>(list.Length + 3 * values.Length + 2);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartArray();
            foreach (string value in values)
                writer.WriteStringValue(value);
            writer.WriteEndArray();
        }
        return $"{column} IN (SELECT value FROM json_each({parameter(Encoding.UTF8.GetString(json.WrittenSpan))}))";
    }

    private static string Exists(uint tag, string predicate, bool emptyMatches, Func<object?, string> parameter)
    {
        string tagParameter = parameter((long)tag);
        // A set computed once (the (tag, folded) index serves it, GLOB prefixes included), not a
        // lookup per instance: the planner would scan every value of the tag for each instance.
        string matching = $"i.sop_uid IN (SELECT a.sop_uid FROM attributes a WHERE a.tag = {tagParameter} AND {predicate})";
        // emptyvaluematching: an instance without a value for the attribute matches too.
        return emptyMatches ? $"({matching} OR i.sop_uid NOT IN (SELECT a.sop_uid FROM attributes a WHERE a.tag = {tagParameter}))" : matching;
    }

    private static string Range(DicomVR vr, string value, Func<object?, string> parameter)
    {
        int dash = vr == DicomVR.DT ? RangeDash(value) : value.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            // A single DA value; a TM or DT value matches every value within its precision.
            if (vr == DicomVR.DA)
                return $"a.folded = {parameter(value)}";
            return $"a.folded >= {parameter(Normalize(vr, value, high: false))} AND a.folded <= {parameter(Normalize(vr, value, high: true))}";
        }
        string from = value[..dash], to = value[(dash + 1)..];
        var parts = new List<string>();
        if (from.Length > 0)
            parts.Add($"a.folded >= {parameter(Normalize(vr, from, high: false))}");
        if (to.Length > 0)
            parts.Add($"a.folded <= {parameter(Normalize(vr, to, high: true))}");
        return parts.Count == 0 ? "1 = 1" : string.Join(" AND ", parts);
    }

    // A DT value may carry a UTC offset "-0500": the range dash is the one not followed by an offset's 4 digits at the end of a value.
    private static int RangeDash(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != '-')
                continue;
            bool isOffset = i >= 8 && i + 5 <= value.Length && value.AsSpan(i + 1, 4).ContainsAnyExceptInRange('0', '9') == false && (i + 5 == value.Length || value[i + 5] == '-');
            if (!isOffset)
                return i;
        }
        return -1;
    }

    /// <summary>
    /// The comparable form of a value of an attribute, as the index stores it in "folded": person
    /// names in upper case; times as HHMMSS.FFFFFF; date-times as YYYYMMDDHHMMSS.FFFFFF (UTC offset
    /// dropped); other values as they are.
    /// </summary>
    public static string Fold(DicomVR vr, string value) =>
        vr == DicomVR.PN ? value.ToUpperInvariant()
        : vr == DicomVR.TM || vr == DicomVR.DT ? Normalize(vr, value, high: false)
        : value;

    // Missing precision is filled with zeros for a lower bound and nines for an upper one, so that
    // "1015" as an upper bound still includes 10:15:30.
    private static string Normalize(DicomVR vr, string value, bool high)
    {
        string text = value.Trim();
        if (vr == DicomVR.DA)
            return text;
        if (vr == DicomVR.DT)
        {
            int offset = text.IndexOfAny(['+', '-'], Math.Min(text.Length, 4));
            if (offset >= 0)
                text = text[..offset];
        }
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        string whole = (dot < 0 ? text : text[..dot]).Replace(":", "", StringComparison.Ordinal);
        string fraction = dot < 0 ? "" : text[(dot + 1)..];
        int digits = vr == DicomVR.DT ? 14 : 6;
        char fill = high ? '9' : '0';
        if (vr == DicomVR.DT && whole.Length < 8)
            whole = whole.PadRight(8, high ? '9' : '0'); // a year or month alone: the whole period
        whole = whole.Length >= digits ? whole[..digits] : whole.PadRight(digits, fill);
        fraction = fraction.Length >= 6 ? fraction[..6] : fraction.PadRight(6, dot < 0 ? fill : '0');
        return whole + "." + fraction;
    }

    // DICOM's * and ? are GLOB's; GLOB's own [ is escaped as a one-character class.
    private static string Glob(string pattern)
    {
        var text = new StringBuilder(pattern.Length);
        foreach (char c in pattern)
        {
            if (c is '[' or ']')
                text.Append('[').Append(c).Append(']');
            else
                text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>The VR of an attribute: the dictionary's first, LO for private and unknown ones.</summary>
    public static DicomVR VROf(DicomTag tag) =>
        DicomDictionary.TryGetEntry(tag, out DicomDictionaryEntry entry) && entry.VRs.Length > 0 ? entry.VRs[0] : DicomVR.LO;
}
