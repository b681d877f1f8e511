using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;

namespace DicomWeb.Snippets.Tests;

/// <summary>
/// The README's first C# block runs as a program, with no server: without arguments it works on a
/// new folder store (DicomWeb.Folder), and every line it prints is the one its comments promise.
/// </summary>
/// <remarks>
/// It runs in this process (an in-memory assembly in a collectible load context that shares the
/// DicomWeb assemblies) in a temporary working folder, since it writes ct.dcm, copy.dcm and
/// studies/. Nothing else in this test project uses the working folder or the console.
/// </remarks>
public sealed partial class ReadmeRunsTests
{
    [GeneratedRegex(@"Console\.WriteLine\(.*\);\s*//\s*(?<text>.+)$")]
    private static partial Regex PrintedComment();

    [Fact]
    public void The_first_block_of_the_README_runs_and_prints_what_it_says()
    {
        MarkdownSnippet first = MarkdownSnippet.Read("README.md").First();
        var (image, problems) = SnippetCompiler.Compile(first);
        Assert.True(image is not null && problems.Count == 0, $"{first.Name} does not compile:\n" + string.Join("\n", problems));

        string folder = Directory.CreateTempSubdirectory("readme-").FullName;
        string previousFolder = Environment.CurrentDirectory;
        TextWriter previousOut = Console.Out;
        var output = new StringWriter();
        var context = new AssemblyLoadContext("README", isCollectible: true);
        try
        {
            Environment.CurrentDirectory = folder;
            Console.SetOut(output);
            Assembly program = context.LoadFromStream(new MemoryStream(image!));
            program.EntryPoint!.Invoke(null, [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(previousOut);
            Environment.CurrentDirectory = previousFolder;
            context.Unload();
        }

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        try
        {
            Assert.Equal(
            [
                "(0010,0010) PatientName PN",
                @"Doe^Jane 2025-01-15 CT\SR",
                "stored 1, failed 0",
                "Smith^John: 1 instance, saved as 2.25.160189745316395617421870434436718423901.dcm",
                "Smith^John 2025-01-15 OT",
            ], lines);
            // What the block's comments promise for its output lines is what it printed.
            foreach (string promise in first.Parts[0].Code.Split('\n').Select(l => PrintedComment().Match(l)).Where(m => m.Success).Select(m => m.Groups["text"].Value.Trim()))
                Assert.Contains(promise, lines);
            Assert.True(File.Exists(Path.Combine(folder, "ct.dcm")));
            Assert.True(File.Exists(Path.Combine(folder, "copy.dcm")));
            Assert.True(File.Exists(Path.Combine(folder, "studies", "2.25.160189745316395617421870434436718423901.dcm")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
