using DicomWeb.Tests;

namespace DicomWeb.Sdk.Json.Tests.Tags;

/// <summary>The rows of data/dictionary/elements.tsv, read independently of the generator.</summary>
internal sealed record DictionaryRow(string TagPattern, string Keyword, string[] VRs, string VM, bool Retired, string Name)
{
    public static IReadOnlyList<DictionaryRow> All { get; } = File.ReadAllLines(Path.Combine(RepositoryPaths.Dictionary, "elements.tsv"))
        .Skip(1)
        .Select(line => line.Split('\t'))
        .Select(c => new DictionaryRow(c[0], c[1], c[2].Length == 0 ? [] : c[2].Split('/'), c[3], c[4] == "retired", c[5]))
        .ToList();

    public bool IsRepeating => TagPattern.Contains('x');

    /// <summary>
    /// What TryGetTag gives for the keyword: the tag itself, or for a repeating element the lowest
    /// hex substitution for its x digits that has an even group and is not another row's tag.
    /// </summary>
    public DicomTag FirstTag => IsRepeating
        ? Substitutions(TagPattern).Select(DicomTag.Parse).First(t => (t.Group & 1) == 0 && !FixedTags.Contains(t))
        : DicomTag.Parse(TagPattern);

    private static readonly HashSet<DicomTag> FixedTags = All.Where(r => !r.IsRepeating).Select(r => DicomTag.Parse(r.TagPattern)).ToHashSet();

    private static IEnumerable<string> Substitutions(string pattern)
    {
        int x = pattern.IndexOf('x');
        if (x < 0)
            return [pattern];
        return "0123456789ABCDEF".SelectMany(digit => Substitutions(pattern[..x] + digit + pattern[(x + 1)..]));
    }
}
