using System.Diagnostics;
using DicomWeb.Generators.Dictionary;

namespace DicomWeb.Docs;

/// <summary>
/// Writes the tag-lookup site: index.html, its script and style sheet (built into this assembly
/// from Site/), and dictionary-data.js, the dictionary as one script. A script rather than JSON
/// because browsers refuse fetch() of file:// pages, and the site must open from the disk.
/// </summary>
public static class TagLookupSite
{
    /// <summary>The files the site consists of, index.html first.</summary>
    public static IReadOnlyList<string> FileNames { get; } = ["index.html", "tag-lookup.js", "tag-lookup.css", SiteData.FileName];

    /// <summary>Reads the dictionary and writes the site into <paramref name="outputDirectory"/> (created when missing).</summary>
    /// <param name="outputDirectory">Where to write; files of the same names are replaced.</param>
    /// <param name="dictionaryDirectory">A folder with elements.tsv, uids.tsv and transfer-syntaxes.tsv; null for the copies built in from data/dictionary.</param>
    /// <exception cref="InvalidDataException">A dictionary file has a bad row; the message names file and line.</exception>
    public static SiteBuildReport Build(string outputDirectory, string? dictionaryDirectory = null)
    {
        var clock = Stopwatch.StartNew();
        var (spec, diagnostics) = DictionaryParser.Parse(
            Read(dictionaryDirectory, DictionaryParser.ElementsFile),
            Read(dictionaryDirectory, DictionaryParser.UidsFile),
            Read(dictionaryDirectory, DictionaryParser.TransferSyntaxesFile),
            CancellationToken.None);
        if (diagnostics.Count > 0)
            throw new InvalidDataException("The dictionary has rows the generator rejects, so the site would disagree with DicomTags:\n"
                + string.Join("\n", diagnostics.Select(d => $"{d.DescriptorId}: {d.Message}")));

        Directory.CreateDirectory(outputDirectory);
        var files = new List<(string, long)>();
        foreach (string name in FileNames)
        {
            string path = Path.Combine(outputDirectory, name);
            if (name == SiteData.FileName)
            {
                using var stream = File.Create(path);
                SiteData.Write(spec, stream);
            }
            else
            {
                using Stream asset = typeof(TagLookupSite).Assembly.GetManifestResourceStream("DicomWeb.Docs.Site." + name)
                    ?? throw new InvalidOperationException($"DicomWeb.Docs lacks its built-in {name}.");
                using var stream = File.Create(path);
                asset.CopyTo(stream);
            }
            files.Add((name, new FileInfo(path).Length));
        }
        return new SiteBuildReport(Path.GetFullPath(Path.Combine(outputDirectory, "index.html")), files, spec.Elements.Count, spec.Uids.Count, clock.Elapsed);
    }

    // As the generator does: a file given from outside, or else the embedded copy.
    private static DictionaryFile Read(string? directory, string name)
    {
        if (directory is null)
            return EmbeddedDictionary.Get(name);
        string path = Path.Combine(directory, name);
        return new DictionaryFile(name, path, File.ReadAllText(path));
    }
}
