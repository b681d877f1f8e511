using System.Text;
using System.Text.RegularExpressions;
using DicomWeb.Generators.Dictionary;

namespace DicomWeb.DictionaryImport;

/// <summary>
/// Turns the registries as published (PS3.6 / PS3.7 tables exported as TSV: elements.tsv and
/// uids.tsv) into the project's dictionary format in data/dictionary. The output is sorted,
/// normalised and validated, so the generator reads a file it can trust and a diff between
/// editions shows only what the standard changed.
/// </summary>
public static partial class DictionaryImporter
{
    public const string ElementsHeader = "tag\tkeyword\tvr\tvm\tstatus\tname";
    public const string UidsHeader = "uid\tkeyword\ttype\tstatus\tname\tinfo";

    [GeneratedRegex(@"^\(([0-9A-Fa-fxX]{4}),([0-9A-Fa-fxX]{4})\)$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)*$")]
    private static partial Regex UidPattern();

    /// <summary>Source columns: tag, vr, vm, keyword, name, retired (Y/N).</summary>
    public static string ImportElements(string sourceTsv, string sourceName)
    {
        var rows = new List<(string SortKey, string Line)>();
        var keywords = new Dictionary<string, int>(StringComparer.Ordinal);
        var tags = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var (lineNumber, cells) in ReadRows(sourceTsv, "tag\tvr\tvm\tkeyword\tname\tretired", 6, sourceName))
        {
            string where = $"{sourceName}:{lineNumber}";
            var match = TagPattern().Match(cells[0].Trim());
            if (!match.Success) { errors.Add($"{where}: tag '{cells[0]}' is not (gggg,eeee)"); continue; }
            string tag = $"({Normalise(match.Groups[1].Value)},{Normalise(match.Groups[2].Value)})";

            string vrText = cells[1].Trim();
            string[] vrs = vrText.Length == 0 ? [] : vrText.Split(" or ", StringSplitOptions.TrimEntries);
            var unknown = vrs.Where(v => !VRFacts.IsKnown(v)).ToList();
            if (unknown.Count > 0) { errors.Add($"{where}: unknown VR '{string.Join(", ", unknown)}' for {tag}"); continue; }

            string keyword = cells[3].Trim();
            if (keyword.Length > 0 && !Identifier().IsMatch(keyword)) { errors.Add($"{where}: keyword '{keyword}' is not an identifier"); continue; }
            if (keyword.Length > 0 && keywords.TryGetValue(keyword, out int first)) { errors.Add($"{where}: keyword '{keyword}' already used on line {first}"); continue; }
            if (tags.TryGetValue(tag, out int firstTag)) { errors.Add($"{where}: tag {tag} already listed on line {firstTag}"); continue; }
            if (keyword.Length > 0) keywords[keyword] = lineNumber;
            tags[tag] = lineNumber;

            string status = cells[5].Trim() switch
            {
                "Y" => "retired",
                "N" => "current",
                var other => throw new FormatException($"{where}: retired must be Y or N, not '{other}'"),
            };
            string line = string.Join('\t', tag, keyword, string.Join('/', vrs), cells[2].Trim(), status, Clean(cells[4]));
            rows.Add((tag.Replace('x', '0'), line));
        }
        ThrowIfAny(errors, sourceName);
        return Write(ElementsHeader, rows);
    }

    /// <summary>Source columns: uid, name, type, info, retired (Y/N), keyword.</summary>
    public static string ImportUids(string sourceTsv, string sourceName)
    {
        var rows = new List<(string SortKey, string Line)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keywords = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var (lineNumber, cells) in ReadRows(sourceTsv, "uid\tname\ttype\tinfo\tretired\tkeyword", 6, sourceName))
        {
            string where = $"{sourceName}:{lineNumber}";
            string uid = cells[0].Trim();
            if (!UidPattern().IsMatch(uid) || uid.Length > 64) { errors.Add($"{where}: '{uid}' is not a UID"); continue; }
            if (!seen.Add(uid)) { errors.Add($"{where}: UID {uid} listed twice"); continue; }
            string keyword = cells[5].Trim();
            if (keyword.Length > 0 && (!Identifier().IsMatch(keyword) || !keywords.Add(keyword))) { errors.Add($"{where}: keyword '{keyword}' is not a unique identifier"); continue; }
            string status = cells[4].Trim() == "Y" ? "retired" : "current";
            rows.Add((SortKeyOf(uid), string.Join('\t', uid, keyword, cells[2].Trim(), status, Clean(cells[1]), Clean(cells[3]))));
        }
        ThrowIfAny(errors, sourceName);
        return Write(UidsHeader, rows);
    }

    /// <summary>Transfer syntax UIDs in <paramref name="uidsTsv"/> (project format) without a row in the hand-kept table.</summary>
    public static IReadOnlyList<string> TransferSyntaxesWithoutProperties(string uidsTsv, string transferSyntaxesTsv)
    {
        var described = transferSyntaxesTsv.Split('\n').Skip(1).Select(l => l.Split('\t')[0].Trim()).ToHashSet();
        return uidsTsv.Split('\n').Skip(1).Select(l => l.Split('\t'))
            .Where(c => c.Length > 2 && c[2] == "Transfer Syntax" && !described.Contains(c[0]))
            .Select(c => c[0]).ToList();
    }

    static IEnumerable<(int Line, string[] Cells)> ReadRows(string tsv, string expectedHeader, int columns, string sourceName)
    {
        string[] lines = tsv.Replace("\r\n", "\n").Split('\n');
        if (lines[0].Trim() != expectedHeader)
            throw new FormatException($"{sourceName}:1: expected the header '{expectedHeader.Replace('\t', ' ')}', found '{lines[0]}'");
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            string[] cells = lines[i].Split('\t');
            if (cells.Length != columns)
                throw new FormatException($"{sourceName}:{i + 1}: expected {columns} columns, found {cells.Length}");
            yield return (i + 1, cells);
        }
    }

    static string Normalise(string hex) => hex.ToUpperInvariant().Replace('X', 'x');

    // Names are prose; tabs or line breaks inside them would break the format.
    static string Clean(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    // UIDs sort by their numeric components, so 1.2.840.10008.1.2.4.100 follows .4.95.
    static string SortKeyOf(string uid) =>
        string.Join('.', uid.Split('.').Select(p => p.PadLeft(10, '0')));

    static string Write(string header, List<(string SortKey, string Line)> rows)
    {
        var text = new StringBuilder(header).Append('\n');
        foreach (var row in rows.OrderBy(r => r.SortKey, StringComparer.Ordinal))
            text.Append(row.Line).Append('\n');
        return text.ToString();
    }

    static void ThrowIfAny(List<string> errors, string sourceName)
    {
        if (errors.Count > 0)
            throw new FormatException($"{sourceName}: {errors.Count} invalid row(s):\n" + string.Join('\n', errors));
    }

}
