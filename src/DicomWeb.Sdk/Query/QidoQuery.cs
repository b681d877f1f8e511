using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace DicomWeb.Client;

/// <summary>The resource a QIDO-RS search runs on (PS3.18 Table 10.6.1-4).</summary>
public enum QidoLevel
{
    /// <summary>Studies.</summary>
    Studies,

    /// <summary>Series.</summary>
    Series,

    /// <summary>Instances.</summary>
    Instances,
}

/// <summary>
/// A QIDO-RS search as an immutable value: each method returns a new query. <see cref="ToString"/>
/// gives the relative URL: the path, then the matches in the order added, includefield,
/// fuzzymatching, emptyvaluematching, multiplevaluematching, limit and offset, each value percent-encoded where RFC 3986 and PS3.18 8.3.1
/// require (space &amp; = # + [ ] % and non-ASCII) and * ? , ^ left as they are (servers such as
/// Orthanc match the raw text).
/// </summary>
/// <example><code>
/// QidoQuery query = Qido.Studies()
///     .Where(PatientName.Like("Smith*"))
///     .Where(StudyDate.Between(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31)))
///     .Include(StudyDescription)
///     .Limit(25);
/// // "studies?PatientName=Smith*&amp;StudyDate=20250101-20250131&amp;includefield=00081030&amp;limit=25"
/// </code></example>
public sealed class QidoQuery : IEquatable<QidoQuery>
{
    private readonly ImmutableList<QidoMatch> _matches;
    private readonly ImmutableList<DicomTag> _include;

    internal QidoQuery(QidoLevel level, string? studyInstanceUid, string? seriesInstanceUid)
        : this(level, studyInstanceUid, seriesInstanceUid, [], [], false, false, null, 0, false, false)
    {
    }

    private QidoQuery(QidoLevel level, string? study, string? series, ImmutableList<QidoMatch> matches, ImmutableList<DicomTag> include, bool includeAll, bool fuzzy, int? limit, int offset, bool emptyValue, bool multipleValue)
    {
        MatchesEmptyValues = emptyValue;
        MatchesMultipleValues = multipleValue;
        Level = level;
        StudyInstanceUid = study;
        SeriesInstanceUid = series;
        _matches = matches;
        _include = include;
        IncludesAllFields = includeAll;
        IsFuzzy = fuzzy;
        ResultLimit = limit;
        ResultOffset = offset;
    }

    /// <summary>What is searched.</summary>
    public QidoLevel Level { get; }

    /// <summary>The study the search is scoped to, if any.</summary>
    public string? StudyInstanceUid { get; }

    /// <summary>The series the search is scoped to, if any.</summary>
    public string? SeriesInstanceUid { get; }

    /// <summary>The matches, in the order added (one per attribute).</summary>
    public IReadOnlyList<QidoMatch> Matches => _matches;

    /// <summary>The attributes asked for beyond the defaults (includefield).</summary>
    public IReadOnlyList<DicomTag> IncludedFields => _include;

    /// <summary>Whether all attributes are asked for (includefield=all).</summary>
    public bool IncludesAllFields { get; }

    /// <summary>Whether fuzzy matching of person names is asked for.</summary>
    public bool IsFuzzy { get; }

    /// <summary>Whether elements with no value also match (emptyvaluematching=true, Table 8.3.4-1).</summary>
    public bool MatchesEmptyValues { get; }

    /// <summary>Whether any value of a multi-valued element may match (multiplevaluematching=true).</summary>
    public bool MatchesMultipleValues { get; }

    /// <summary>The most results wanted in all; null for all the server has.</summary>
    public int? ResultLimit { get; }

    /// <summary>How many results to skip.</summary>
    public int ResultOffset { get; }

    /// <summary>Adds a match; a second match of the same attribute replaces the first (PS3.18 8.3.4.1: an attribute is not repeated).</summary>
    public QidoQuery Where(QidoMatch match)
    {
        int existing = _matches.FindIndex(m => m.Tag == match.Tag);
        return With(matches: existing >= 0 ? _matches.SetItem(existing, match) : _matches.Add(match));
    }

    /// <summary>
    /// A match by keyword or tag text ("PatientName", "00100010", "(0010,0010)"), for queries built
    /// at run time; the value is sent as given (wildcards and ranges included).
    /// </summary>
    /// <exception cref="ArgumentException">The keyword or tag is not in the dictionary, or the value is empty.</exception>
    public QidoQuery Where(string keywordOrTag, string value)
    {
        if (!DicomTag.TryParse(keywordOrTag, out DicomTag tag) || (!tag.IsPrivate && !DicomDictionary.TryGetEntry(tag, out _)))
            throw new ArgumentException($"'{keywordOrTag}' is neither a DICOM keyword nor a tag of the dictionary.", nameof(keywordOrTag));
        if (string.IsNullOrEmpty(value))
            throw new ArgumentException($"The value for {keywordOrTag} is empty.", nameof(value));
        return Where(new QidoMatch(tag, value));
    }

    /// <summary>Asks for more attributes in the results (includefield).</summary>
    public QidoQuery Include(params DicomTag[] tags) => With(include: _include.AddRange(tags.Where(t => !_include.Contains(t))));

    /// <summary>Asks for all attributes (includefield=all).</summary>
    public QidoQuery IncludeAll() => With(includeAll: true);

    /// <summary>Asks for fuzzy matching of person names (servers may not support it, and say so in a warning).</summary>
    public QidoQuery FuzzyMatching(bool fuzzy = true) => With(fuzzy: fuzzy);

    /// <summary>Asks that elements with no value match too (servers may not support it, and say so in a warning).</summary>
    public QidoQuery EmptyValueMatching(bool matchEmpty = true) => With(emptyValue: matchEmpty);

    /// <summary>Asks that a match of any one value of a multi-valued element counts (servers may not support it).</summary>
    public QidoQuery MultipleValueMatching(bool matchAny = true) => With(multipleValue: matchAny);

    /// <summary>The most results wanted in all.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit is not positive.</exception>
    public QidoQuery Limit(int limit) =>
        limit > 0 ? With(limit: limit) : throw new ArgumentOutOfRangeException(nameof(limit), limit, "A limit is at least 1.");

    /// <summary>How many results to skip.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The offset is negative.</exception>
    public QidoQuery Offset(int offset) =>
        offset >= 0 ? With(offset: offset) : throw new ArgumentOutOfRangeException(nameof(offset), offset, "An offset is at least 0.");

    /// <summary>The resource path, e.g. "studies/1.2.3/series".</summary>
    public string Path => (Level, StudyInstanceUid, SeriesInstanceUid) switch
    {
        (QidoLevel.Studies, _, _) => "studies",
        (QidoLevel.Series, null, _) => "series",
        (QidoLevel.Series, string study, _) => $"studies/{study}/series",
        (QidoLevel.Instances, null, _) => "instances",
        (QidoLevel.Instances, string study, null) => $"studies/{study}/instances",
        (QidoLevel.Instances, string study, string series) => $"studies/{study}/series/{series}/instances",
        _ => throw new InvalidOperationException("unreachable"),
    };

    /// <summary>The relative URL with the given paging instead of the query's own (the client pages with it).</summary>
    internal string ToUrl(int? limit, int offset)
    {
        var text = new StringBuilder(Path);
        char separator = '?';
        void Add(string name, string value)
        {
            text.Append(separator).Append(name).Append('=').Append(Encode(value));
            separator = '&';
        }
        foreach (QidoMatch match in _matches)
            Add(DicomDictionary.GetKeyword(match.Tag) ?? match.Tag.ToString("J", null), match.Value);
        if (IncludesAllFields)
            Add("includefield", "all");
        else if (_include.Count > 0)
            Add("includefield", string.Join(',', _include.Select(t => t.ToString("J", null))));
        if (IsFuzzy)
            Add("fuzzymatching", "true");
        if (MatchesEmptyValues)
            Add("emptyvaluematching", "true");
        if (MatchesMultipleValues)
            Add("multiplevaluematching", "true");
        if (limit is int l)
            Add("limit", l.ToString(CultureInfo.InvariantCulture));
        if (offset > 0)
            Add("offset", offset.ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>The relative URL, e.g. "studies?PatientName=Smith*&amp;limit=25".</summary>
    public override string ToString() => ToUrl(ResultLimit, ResultOffset);

    /// <inheritdoc/>
    public bool Equals(QidoQuery? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as QidoQuery);

    /// <inheritdoc/>
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    // RFC 3986 query characters, minus what PS3.18 8.3.1 asks to escape; * ? , ^ stay literal.
    private static string Encode(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            char c = (char)b;
            bool literal = b < 0x80 && (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '*' or '?' or ',' or '^' or ':' or '@' or '/' or '!' or '$' or '\'' or '(' or ')' or ';');
            if (literal)
                text.Append(c);
            else
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private QidoQuery With(ImmutableList<QidoMatch>? matches = null, ImmutableList<DicomTag>? include = null, bool? includeAll = null, bool? fuzzy = null, int? limit = null, int? offset = null, bool? emptyValue = null, bool? multipleValue = null) =>
        new(Level, StudyInstanceUid, SeriesInstanceUid, matches ?? _matches, include ?? _include, includeAll ?? IncludesAllFields, fuzzy ?? IsFuzzy, limit ?? ResultLimit, offset ?? ResultOffset,
            emptyValue ?? MatchesEmptyValues, multipleValue ?? MatchesMultipleValues);
}

/// <summary>Where QIDO-RS searches start: studies, series and instances at every scope PS3.18 defines.</summary>
public static class Qido
{
    /// <summary>All studies.</summary>
    public static QidoQuery Studies() => new(QidoLevel.Studies, null, null);

    /// <summary>Series of all studies.</summary>
    public static QidoQuery Series() => new(QidoLevel.Series, null, null);

    /// <summary>Series of one study.</summary>
    /// <exception cref="ArgumentException">The text is not a DICOM UID.</exception>
    public static QidoQuery Series(string studyInstanceUid) => new(QidoLevel.Series, DicomUid.Check(studyInstanceUid, nameof(studyInstanceUid)), null);

    /// <summary>Instances of all studies.</summary>
    public static QidoQuery Instances() => new(QidoLevel.Instances, null, null);

    /// <summary>Instances of one study.</summary>
    /// <exception cref="ArgumentException">The text is not a DICOM UID.</exception>
    public static QidoQuery Instances(string studyInstanceUid) => new(QidoLevel.Instances, DicomUid.Check(studyInstanceUid, nameof(studyInstanceUid)), null);

    /// <summary>Instances of one series.</summary>
    /// <exception cref="ArgumentException">A text is not a DICOM UID.</exception>
    public static QidoQuery Instances(string studyInstanceUid, string seriesInstanceUid) =>
        new(QidoLevel.Instances, DicomUid.Check(studyInstanceUid, nameof(studyInstanceUid)), DicomUid.Check(seriesInstanceUid, nameof(seriesInstanceUid)));
}
