using System.Diagnostics;
using System.Text.Json.Nodes;
using DicomWeb.Tests;

namespace DicomWeb.Cli.Tests;

/// <summary>`dicomweb copy` between the test Orthanc and folder stores, run as a process, stopped and resumed.</summary>
[Collection(OrthancCollection.Name)]
public sealed class CopyTests(OrthancFixture orthanc) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-cli-copy-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Url => orthanc.DicomWebRoot.ToString();

    // A study of count instances in a new folder store, and its SOP Instance UIDs.
    private async Task<(string Study, string Store, SortedSet<string> Sops, Dictionary<string, byte[]> Files)> FolderStudyAsync(int count, int size)
    {
        string study = SyntheticInstances.NewUid(), series = SyntheticInstances.NewUid();
        string input = Directory.CreateDirectory(Path.Combine(_folder, "in-" + study)).FullName;
        var sops = new SortedSet<string>(StringComparer.Ordinal);
        var files = new Dictionary<string, byte[]>();
        for (int i = 0; i < count; i++)
        {
            string sop = SyntheticInstances.NewUid();
            string file = await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create(study, series, sop, patientName: "Copy^Test", instanceNumber: i + 1, rows: size, columns: size), input);
            sops.Add(sop);
            files[sop] = await File.ReadAllBytesAsync(file);
        }
        string store = Path.Combine(_folder, "src-" + study);
        var stored = ToolProcess.Run("--folder", store, "store", input);
        Assert.True(stored.ExitCode == 0, stored.ToString());
        return (study, store, sops, files);
    }

    private async Task<List<string>> OrthancInstancesAsync(string study)
    {
        using HttpClient http = orthanc.CreateClient();
        using HttpResponseMessage response = await http.GetAsync($"studies/{study}/instances?includefield=00080018");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            return [];
        string body = await response.Content.ReadAsStringAsync();
        return body.Length == 0 ? [] : [.. JsonNode.Parse(body)!.AsArray().Select(n => (string)n!["00080018"]!["Value"]![0]!)];
    }

    [Fact]
    public async Task Copy_from_a_folder_to_Orthanc_and_back_to_another_folder_gives_the_same_files_and_a_second_copy_skips_them()
    {
        var (study, source, sops, files) = await FolderStudyAsync(5, 16);

        var up = ToolProcess.Run("copy", source, Url, study, "--parallel", "2");
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Matches(@"copied\s+5", up.Output);
        Assert.Equal(sops, new SortedSet<string>(await OrthancInstancesAsync(study), StringComparer.Ordinal));

        string back = Path.Combine(_folder, "back");
        var down = ToolProcess.Run("copy", Url, new Uri(back).AbsoluteUri, "PatientName=Copy^Test", $"StudyInstanceUID={study}", "--list");
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Matches(@"copied\s+5", down.Output);
        foreach (string sop in sops)
            Assert.Matches($@"{sop.Replace(".", @"\.")}\s+copied", down.Output);
        string output = Path.Combine(_folder, "out");
        Assert.Equal(0, ToolProcess.Run("--folder", back, "retrieve", study, "--out", output).ExitCode);
        foreach (string file in Directory.GetFiles(output, "*.dcm", SearchOption.AllDirectories))
            Assert.Equal(files[Path.GetFileNameWithoutExtension(file)], await File.ReadAllBytesAsync(file));

        var again = ToolProcess.Run("copy", source, Url, study);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Matches(@"copied\s+0", again.Output);
        Assert.Matches(@"already there\s+5", again.Output);
    }

    [Fact]
    public async Task A_copy_killed_part_way_and_run_again_loses_and_duplicates_nothing()
    {
        const int count = 200;
        var (study, source, sops, _) = await FolderStudyAsync(count, 512); // 256 KiB of pixels each

        // Killed (SIGKILL, no chance to tidy up) once the destination has some of the study.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { ToolProcess.ToolPath, "copy", source, Url, study, "--parallel", "1" })
            start.ArgumentList.Add(argument);
        using (var copy = Process.Start(start)!)
        {
            Task<string> output = copy.StandardOutput.ReadToEndAsync(), error = copy.StandardError.ReadToEndAsync();
            var deadline = Stopwatch.StartNew();
            while ((await OrthancInstancesAsync(study)).Count < 3 && !copy.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(2))
            {
            }
            // (The process's output is read only after the kill: awaiting it here would wait for the copy to end.)
            bool ended = copy.HasExited;
            copy.Kill(entireProcessTree: true);
            await copy.WaitForExitAsync();
            Assert.False(ended, $"the copy ended before it could be stopped: {await output} {await error}");
        }
        List<string> partial = await OrthancInstancesAsync(study);
        Assert.InRange(partial.Count, 3, count - 1);

        var resumed = ToolProcess.Run("copy", source, Url, study, "--parallel", "3");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Matches($@"copied\s+{count - partial.Count}\n", resumed.Output);
        Assert.Matches($@"already there\s+{partial.Count}\n", resumed.Output);
        Assert.Matches(@"failed\s+0", resumed.Output);

        List<string> final = await OrthancInstancesAsync(study);
        Assert.Equal(count, final.Count); // nothing twice
        Assert.Equal(sops, new SortedSet<string>(final, StringComparer.Ordinal)); // nothing lost
    }

    [Fact]
    public async Task A_copy_into_a_folder_killed_part_way_leaves_no_partial_instance_and_resumes()
    {
        const int count = 60;
        var (study, source, sops, files) = await FolderStudyAsync(count, 256);
        string target = Path.Combine(_folder, "target");
        var up = ToolProcess.Run("copy", source, Url, study);
        Assert.True(up.ExitCode == 0, up.ToString());

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { ToolProcess.ToolPath, "copy", Url, target, study, "--parallel", "1" })
            start.ArgumentList.Add(argument);
        using (var copy = Process.Start(start)!)
        {
            var deadline = Stopwatch.StartNew();
            while (Count(target) < 5 && !copy.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(2))
                await Task.Delay(10);
            Assert.False(copy.HasExited, "the copy ended before it could be stopped");
            copy.Kill(entireProcessTree: true);
            await copy.WaitForExitAsync();
        }
        Assert.InRange(Count(target), 5, count - 1);

        var resumed = ToolProcess.Run("copy", Url, target, study);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Matches(@"failed\s+0", resumed.Output);
        string output = Path.Combine(_folder, "out");
        Assert.Equal(0, ToolProcess.Run("--folder", target, "retrieve", study, "--out", output).ExitCode);
        string[] saved = Directory.GetFiles(output, "*.dcm", SearchOption.AllDirectories);
        Assert.Equal(sops, new SortedSet<string>(saved.Select(Path.GetFileNameWithoutExtension)!, StringComparer.Ordinal));
        foreach (string file in saved)
            Assert.Equal(files[Path.GetFileNameWithoutExtension(file)], await File.ReadAllBytesAsync(file));
    }

    [Theory]
    [InlineData("copy SRC DST", "copy needs STUDY UIDs")]
    [InlineData("copy SRC DST 1.2.x", "is not a DICOM UID")]
    [InlineData("copy SRC DST PatientNam=x", "(did you mean PatientName?)")]
    [InlineData("copy SRC DST --all --parallel 0", "--parallel is at least 1")]
    [InlineData("copy http://127.0.0.1:1/a/ http://127.0.0.1:1/b/ --all --token t", "give each one's credentials in its URL")]
    public void A_wrong_copy_command_line_is_exit_2(string commandLine, string message)
    {
        string[] arguments = [.. commandLine.Split(' ').Select(a => a switch { "SRC" => Path.Combine(_folder, "a"), "DST" => Path.Combine(_folder, "b"), _ => a })];
        var result = ToolProcess.Run(arguments);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, Assert.Single(HostileTextTests.Lines(result.Error)));
    }

    // Instances in a folder store: its .dcm files (a partial one would be a temporary name, not .dcm).
    private static int Count(string store) =>
        Directory.Exists(store) ? Directory.GetFiles(store, "*.dcm", SearchOption.AllDirectories).Length : 0;
}
