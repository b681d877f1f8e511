using System.Text.Json.Nodes;
using DicomWeb.Tests;

namespace DicomWeb.Cli.Tests;

/// <summary>The tool on a local folder store (--folder DIR or a file:// URL), run as a process.</summary>
public sealed class FolderStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-cli-folder-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Store_search_and_retrieve_through_a_folder_give_byte_identical_files()
    {
        string study = SyntheticInstances.NewUid(), series = SyntheticInstances.NewUid();
        string input = Directory.CreateDirectory(Path.Combine(_folder, "in")).FullName;
        var files = new List<string>();
        for (int i = 0; i < 2; i++)
            files.Add(await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create(study, series, SyntheticInstances.NewUid(), patientName: "Folder^Cli", instanceNumber: i + 1), input));
        string store = Path.Combine(_folder, "store");

        var stored = ToolProcess.Run("--folder", store, "store", input);
        Assert.True(stored.ExitCode == 0, stored.ToString());
        Assert.Matches(@"stored\s+2", stored.Output);

        var found = ToolProcess.Run("--url", new Uri(store).AbsoluteUri, "search", "studies", "PatientName=Folder*", "--format", "csv");
        Assert.True(found.ExitCode == 0, found.ToString());
        Assert.Contains(study, found.Output);

        string output = Path.Combine(_folder, "out");
        var retrieved = ToolProcess.Run("--folder", store, "retrieve", study, "--out", output);
        Assert.True(retrieved.ExitCode == 0, retrieved.ToString());
        foreach (string file in files)
        {
            string sop = (await DicomFile.OpenAsync(file)).Dataset.Get(DicomTags.SOPInstanceUID)!;
            Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(output, study, series, sop + ".dcm")));
        }
    }

    [Fact]
    public async Task Retrieve_of_a_study_of_three_series_two_at_a_time_puts_each_file_under_its_series()
    {
        string study = SyntheticInstances.NewUid();
        string input = Directory.CreateDirectory(Path.Combine(_folder, "in")).FullName;
        var files = new Dictionary<string, (string Series, string File)>();
        foreach (string series in new[] { SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), SyntheticInstances.NewUid() })
            for (int i = 0; i < 3; i++)
            {
                string sop = SyntheticInstances.NewUid();
                files[sop] = (series, await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create(study, series, sop, instanceNumber: i + 1), input));
            }
        string store = Path.Combine(_folder, "store");
        Assert.Equal(0, ToolProcess.Run("--folder", store, "store", input).ExitCode);

        string output = Path.Combine(_folder, "out");
        var retrieved = ToolProcess.Run("--folder", store, "retrieve", study, "--out", output, "--parallel", "2");
        Assert.True(retrieved.ExitCode == 0, retrieved.ToString());
        Assert.Contains("retrieved 9 instances", retrieved.Output);
        Assert.Equal(9, Directory.GetFiles(Path.Combine(output, study), "*", SearchOption.AllDirectories).Length);
        foreach (var (sop, (series, file)) in files)
            Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(output, study, series, sop + ".dcm")));
    }

    [Fact]
    public async Task Retrieve_from_a_folder_in_the_stored_transfer_syntax_works_and_another_is_exit_3_with_406()
    {
        string study = SyntheticInstances.NewUid(), series = SyntheticInstances.NewUid();
        string input = Directory.CreateDirectory(Path.Combine(_folder, "in")).FullName;
        string file = await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create(study, series, SyntheticInstances.NewUid(), patientName: "Folder^Syntax"), input);
        string store = Path.Combine(_folder, "store");
        Assert.Equal(0, ToolProcess.Run("--folder", store, "store", input).ExitCode);

        string same = Path.Combine(_folder, "same");
        var stored = ToolProcess.Run("--folder", store, "retrieve", study, "--out", same, "--transfer-syntax", DicomUids.ExplicitVRLittleEndian);
        Assert.True(stored.ExitCode == 0, stored.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(Path.Combine(same, study, series)))));

        string other = Path.Combine(_folder, "other");
        var refused = ToolProcess.Run("--folder", store, "retrieve", study, "--out", other, "--transfer-syntax", DicomUids.ImplicitVRLittleEndian);
        Assert.True(refused.ExitCode == 3, refused.ToString());
        string line = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("406", line);
        Assert.Contains($"transfer syntax {DicomUids.ImplicitVRLittleEndian}", line);
        Assert.False(Directory.Exists(Path.Combine(other, study, series)), "nothing copied");
    }

    [Fact]
    public void Probe_on_a_folder_says_fuzzy_matching_is_not_supported_though_person_names_match_in_any_case()
    {
        var result = ToolProcess.Run("--folder", Path.Combine(_folder, "store"), "probe", "--format", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        JsonArray checks = JsonNode.Parse(result.Output)!.AsArray();
        JsonNode fuzzy = checks.Single(n => (string)n!["check"]! == "qido.fuzzy")!;
        Assert.False((bool)fuzzy["supported"]!, result.Output);
        Assert.Equal("the given name alone (Dicomweb): 0 found with fuzzymatching=true, 0 without; Warning 299: not supported", (string)fuzzy["detail"]!);
        Assert.True((bool)checks.Single(n => (string)n!["check"]! == "delete")!["supported"]!, "the test study is gone");
    }

    [Fact]
    public void Url_and_folder_together_are_a_usage_error()
    {
        var result = ToolProcess.Run("--url", "http://127.0.0.1:1/", "--folder", _folder, "search", "studies");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not both", result.Error);
    }
}
