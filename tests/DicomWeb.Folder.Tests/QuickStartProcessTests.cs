using System.Diagnostics;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Folder.Tests;

/// <summary>
/// samples/QuickStart run as a process, as the README runs it: what it prints from files shows
/// control characters instead of passing them to the terminal, and a failure is one line and a
/// documented exit code (the README), never an unhandled exception.
/// </summary>
public sealed class QuickStartProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-qs-process-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Listing_a_store_shows_control_characters_of_names_and_descriptions_from_files()
    {
        string store = Directory.CreateDirectory(Path.Combine(_folder, "store")).FullName;
        DicomDataset instance = SyntheticInstances.Create(SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), SyntheticInstances.NewUid(),
            patientName: "Evil\u001b]0;title\u0007\u001b[2J\rfake",
            customize: d => d.Set(StudyDescription, "right\u202eleft"));
        await SyntheticInstances.WriteFileAsync(instance, store);

        var (code, output, error) = Run("--folder", store, "--all");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains(@"Evil\x1b]0;title\x07\x1b[2J\rfake", output);
        Assert.Contains(@"right\u202eleft", output);
        foreach (char c in output + error)
            Assert.False(c < ' ' && c != '\n' || c is >= '\u007f' and <= '\u009f' or '\u202e', $"U+{(int)c:X4} in:\n{output}{error}");
    }

    [Fact]
    public void A_damaged_folder_index_is_one_line_and_exit_3_and_the_stack_only_with_verbose()
    {
        string store = Directory.CreateDirectory(Path.Combine(_folder, "damaged")).FullName;
        File.WriteAllBytes(Path.Combine(store, ".dicomweb-index.sqlite"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31 + 7))]);

        var (code, _, error) = Run("--folder", store);
        Assert.True(code == 3, $"exit {code}\n{error}");
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"cannot open the folder store {store} ", line);
        Assert.Contains("delete it", line);

        var (verboseCode, _, verbose) = Run("--folder", store, "--verbose");
        Assert.Equal(3, verboseCode);
        Assert.Contains("   at ", verbose);
        Assert.DoesNotContain("Unhandled exception", verbose);
    }

    [Fact]
    public void A_url_that_is_not_one_is_a_usage_error()
    {
        var (code, output, error) = Run("--url", "not a url");
        Assert.True(code == 2, $"exit {code}\n{output}\n{error}");
        Assert.Contains("'not a url' is not an http or https URL", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    private static (int Code, string Output, string Error) Run(params string[] arguments)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        // Built with this project (a project reference).
        string program = RepositoryPaths.InRepository("samples", "QuickStart", "bin", configuration, "net10.0", "QuickStart.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(program);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment.Remove("DICOMWEB_URL");
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(), error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"QuickStart {string.Join(' ', arguments)} ran over 2 minutes");
        }
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
