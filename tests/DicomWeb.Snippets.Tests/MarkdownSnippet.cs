using System.Text.RegularExpressions;
using DicomWeb.Tests;

namespace DicomWeb.Snippets.Tests;

/// <summary>
/// A ```csharp block of a Markdown file of the repository: where it starts (the line of its first
/// code line, 1-based) and its code, with the blocks it continues in front of it.
/// </summary>
public sealed partial record MarkdownSnippet(string File, int Line, IReadOnlyList<(int Line, string Code)> Parts)
{
    /// <summary>Written on the line before a block: the block goes on from the previous block of its file.</summary>
    public const string ContinuesMarker = "<!-- snippet: continues -->";

    /// <summary>"docs/hosting.md:111", the name of the test case.</summary>
    public string Name => $"{File}:{Line}";

    /// <summary>The code as one C# file; #line directives keep diagnostics on the Markdown file's lines.</summary>
    public string Source => string.Concat(Parts.Select(p => $"#line {p.Line} \"{File}\"\n{p.Code}"));

    /// <summary>The Markdown files whose blocks are checked: README.md and docs/*.md.</summary>
    public static IReadOnlyList<string> Files { get; } =
        ["README.md", .. Directory.GetFiles(RepositoryPaths.InRepository("docs"), "*.md").Select(p => "docs/" + Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"^```(?:csharp|cs|c#)[ \t]*\r?\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    /// <summary>Every C# block of every file, in file order.</summary>
    public static IReadOnlyList<MarkdownSnippet> All { get; } = [.. Files.SelectMany(Read)];

    /// <summary>The blocks of one file (a path relative to the repository, with forward slashes).</summary>
    public static IEnumerable<MarkdownSnippet> Read(string file) => ReadFullPath(RepositoryPaths.InRepository(file.Split('/')), file);

    /// <summary>The blocks of a Markdown file anywhere, named by <paramref name="file"/>.</summary>
    public static IEnumerable<MarkdownSnippet> ReadFullPath(string path, string file)
    {
        string text = System.IO.File.ReadAllText(path);
        var parts = new List<(int Line, string Code)>();
        foreach (Match m in CSharpBlock().Matches(text))
        {
            int fenceLine = LineOf(text, m.Index);
            string before = text[..m.Index].TrimEnd('\r', '\n');
            bool continues = before[(before.LastIndexOf('\n') + 1)..].Trim() == ContinuesMarker;
            if (!continues)
                parts = [];
            else if (parts.Count == 0)
                throw new InvalidOperationException($"{file}:{fenceLine}: {ContinuesMarker} before the first C# block of the file.");
            parts = [.. parts, (fenceLine + 1, m.Groups["code"].Value)];
            yield return new MarkdownSnippet(file, fenceLine + 1, parts);
        }
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
