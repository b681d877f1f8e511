using Microsoft.CodeAnalysis;

namespace DicomWeb.Snippets.Tests;

/// <summary>
/// Every ```csharp block of README.md and docs/*.md compiles, as pasted into a new project, against
/// the real DicomWeb assemblies: one test case per block, named "file:line".
/// </summary>
/// <remarks>
/// <para>How a block is compiled: on its own, as one C# file of a project made by <c>dotnet new
/// console</c> (C# latest, nullable on, the SDK's implicit usings) that references DicomWeb.Hosting
/// and DicomWeb.Folder (so DicomWeb.Sdk and DicomWeb.Sdk.Json too), with the [DicomJsonModel]
/// generator run on it. A block with top-level statements is a program, any other a library. A
/// block that uses <c>WebApplication.</c> or <c>Host.Create…</c> gets the implicit usings of
/// Microsoft.NET.Sdk.Web and .Worker, as <c>dotnet new web</c> or <c>worker</c> would. The few
/// Azure.Identity and Google.Apis.Auth types that docs/hosting.md's recipes use are declared with
/// those SDKs' signatures, since they are no dependencies of DicomWeb. Errors fail the case, and so
/// do warnings in the block's own code.</para>
/// <para>The one convention: a block that goes on from the block before it in the same file (the
/// same program, shown in two pieces with prose between them) has the line
/// <c>&lt;!-- snippet: continues --&gt;</c> right before its fence, and is compiled after that
/// block. Keep such blocks rare: a reader pastes blocks one at a time.</para>
/// </remarks>
public sealed class SnippetCompileTests
{
    public static TheoryData<string> Snippets()
    {
        var data = new TheoryData<string>();
        foreach (MarkdownSnippet snippet in MarkdownSnippet.All)
            data.Add(snippet.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void The_block_compiles(string name)
    {
        MarkdownSnippet snippet = MarkdownSnippet.All.Single(s => s.Name == name);
        var (_, problems) = SnippetCompiler.Compile(snippet);
        Assert.True(problems.Count == 0,
            $"the C# block at {snippet.Name} does not compile:\n" + string.Join("\n", problems.Select(d => "  " + d)));
    }

    [Fact]
    public void The_blocks_of_README_and_every_docs_page_are_found()
    {
        Assert.Contains("README.md", MarkdownSnippet.Files);
        Assert.Contains("docs/hosting.md", MarkdownSnippet.Files);
        Assert.Contains(MarkdownSnippet.All, s => s.File == "README.md");
        // hosting.md has a recipe for ASP.NET Core, a worker, a console app without DI, two clouds and Orthanc with users.
        Assert.True(MarkdownSnippet.All.Count(s => s.File == "docs/hosting.md") >= 8);
        Assert.True(MarkdownSnippet.All.Count >= 14, $"{MarkdownSnippet.All.Count} C# blocks");
    }

    [Fact]
    public void The_blocks_are_compiled_against_every_library()
    {
        string[] names = [.. SnippetCompiler.ReferencedAssemblyNames];
        foreach (string library in new[] { "DicomWeb.Sdk.Json", "DicomWeb.Sdk", "DicomWeb.Hosting", "DicomWeb.Folder", "DicomWeb.Server", "Microsoft.AspNetCore", "Microsoft.Extensions.Hosting" })
            Assert.Contains(library, names);
    }

    [Fact]
    public void A_block_that_does_not_compile_fails_with_its_file_line_and_diagnostics()
    {
        var snippet = new MarkdownSnippet("docs/example.md", 40, [(40, "using DicomWeb;\n\nint x = \"text\";\n")]);
        var (image, problems) = SnippetCompiler.Compile(snippet);
        Assert.Null(image);
        Diagnostic error = Assert.Single(problems);
        Assert.Equal("CS0029", error.Id);
        // #line keeps the position on the Markdown file's own line: the third line of the block.
        Assert.Equal("docs/example.md", error.Location.GetMappedLineSpan().Path);
        Assert.Equal(42, error.Location.GetMappedLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void A_DicomJsonModel_type_in_a_block_gets_its_generated_reader()
    {
        var snippet = new MarkdownSnippet("docs/example.md", 1, [(1, """
            using DicomWeb;
            using DicomWeb.Json;

            StudyRow row = DicomJson.Deserialize<StudyRow>("{}"u8);

            [DicomJsonModel]
            public partial record StudyRow { public string? StudyInstanceUID { get; init; } }
            """)]);
        var (image, problems) = SnippetCompiler.Compile(snippet);
        Assert.Empty(problems);
        Assert.NotNull(image);
    }

    [Fact]
    public void A_continued_block_is_compiled_after_the_block_before_it()
    {
        string folder = Directory.CreateTempSubdirectory("snippets-").FullName;
        try
        {
            string file = Path.Combine(folder, "page.md");
            File.WriteAllText(file, "```csharp\nint x = 1;\n```\n\ntext\n\n" + MarkdownSnippet.ContinuesMarker + "\n```csharp\nConsole.WriteLine(x);\n```\n");
            var snippets = MarkdownSnippet.ReadFullPath(file, "page.md").ToList();
            Assert.Equal(2, snippets.Count);
            Assert.Equal(9, snippets[1].Line);
            Assert.Empty(SnippetCompiler.Compile(snippets[1]).Problems);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
