using System.Text.Json;
using System.Text.Json.Nodes;
using DicomWeb.Tests;

namespace DicomWeb.Cli.Tests;

/// <summary>The tool against the test Orthanc, run as a process; the facts it reports are those of docs/servers.md.</summary>
[Collection(OrthancCollection.Name)]
public sealed class OrthancTests(OrthancFixture orthanc) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Url => orthanc.DicomWebRoot.ToString();

    private async Task<(string Study, string Series, List<string> Files)> WriteStudyAsync(int count, string patientName, string folder)
    {
        string study = SyntheticInstances.NewUid(), series = SyntheticInstances.NewUid();
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        for (int i = 0; i < count; i++)
            files.Add(await SyntheticInstances.WriteFileAsync(
                SyntheticInstances.Create(study, series, SyntheticInstances.NewUid(), patientName: patientName, patientId: "CLI-1", instanceNumber: i + 1), folder));
        return (study, series, files);
    }

    [Fact]
    public async Task Store_then_retrieve_gives_byte_identical_files_under_study_and_series()
    {
        var (study, series, files) = await WriteStudyAsync(3, "Cli^Roundtrip", Path.Combine(_folder, "in", "nested"));

        var stored = ToolProcess.Run("--url", Url, "store", Path.Combine(_folder, "in"), "--batch", "2", "--parallel", "2");
        Assert.True(stored.ExitCode == 0, stored.ToString());
        Assert.Matches(@"stored\s+3", stored.Output);
        Assert.DoesNotContain('\u001b', stored.Output + stored.Error); // redirected: plain text, no Spectre.Console escapes

        string output = Path.Combine(_folder, "out");
        var retrieved = ToolProcess.Run("--url", Url, "--verbose", "retrieve", study, "--out", output);
        Assert.True(retrieved.ExitCode == 0, retrieved.ToString());
        Assert.Contains("retrieved 3 instances", retrieved.Output);
        Assert.DoesNotContain('\u001b', retrieved.Output + retrieved.Error);
        string[] saved = Directory.GetFiles(Path.Combine(output, study, series));
        Assert.Equal(3, saved.Length);
        foreach (string file in files)
        {
            string sop = (await DicomFile.OpenAsync(file)).Dataset.Get(DicomTags.SOPInstanceUID)!;
            Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(output, study, series, sop + ".dcm")));
        }
    }

    // Orthanc 1.10 transcodes uncompressed instances to Implicit VR Little Endian and cannot make JPEG 2000 (500): docs/servers.md.
    [Fact]
    public async Task Retrieve_in_a_transfer_syntax_transcodes_and_one_the_server_cannot_make_is_exit_3_naming_the_status()
    {
        var (study, series, files) = await WriteStudyAsync(2, "Cli^Syntax", Path.Combine(_folder, "syntax"));
        foreach (string file in files)
            await orthanc.UploadAsync(file);

        string implicitOut = Path.Combine(_folder, "implicit");
        var transcoded = ToolProcess.Run("--url", Url, "retrieve", study, "--out", implicitOut, "--transfer-syntax", DicomUids.ImplicitVRLittleEndian);
        Assert.True(transcoded.ExitCode == 0, transcoded.ToString());
        Assert.Contains("retrieved 2 instances", transcoded.Output);
        foreach (string file in files)
        {
            DicomFile original = await DicomFile.OpenAsync(file);
            DicomFile saved = await DicomFile.OpenAsync(Path.Combine(implicitOut, study, series, original.Dataset.Get(DicomTags.SOPInstanceUID) + ".dcm"));
            Assert.Equal(DicomUids.ImplicitVRLittleEndian, saved.TransferSyntaxUid);
            Assert.Equal(original.Dataset.GetBulkData(DicomTags.PixelData)!.Bytes!.Value.ToArray(), saved.Dataset.GetBulkData(DicomTags.PixelData)!.Bytes!.Value.ToArray());
        }

        string anyOut = Path.Combine(_folder, "any");
        var asStored = ToolProcess.Run("--url", Url, "retrieve", study, "--out", anyOut, "--transfer-syntax", "*");
        Assert.True(asStored.ExitCode == 0, asStored.ToString());
        foreach (string file in files)
        {
            string sop = (await DicomFile.OpenAsync(file)).Dataset.Get(DicomTags.SOPInstanceUID)!;
            Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(anyOut, study, series, sop + ".dcm")));
        }

        string refusedOut = Path.Combine(_folder, "jp2");
        var refused = ToolProcess.Run("--url", Url, "retrieve", study, "--out", refusedOut, "--transfer-syntax", DicomUids.JPEG2000Lossless);
        Assert.True(refused.ExitCode == 3, refused.ToString());
        string line = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"transfer syntax {DicomUids.JPEG2000Lossless}", line);
        Assert.Contains("500", line);
        Assert.False(Directory.Exists(Path.Combine(refusedOut, study, series)), "no folder for what was not retrieved");
    }

    [Fact]
    public async Task Store_with_a_glob_reports_the_files_that_failed_and_exits_1()
    {
        var (_, _, files) = await WriteStudyAsync(2, "Cli^Glob", Path.Combine(_folder, "glob"));
        string bad = Path.Combine(_folder, "glob", "not-dicom.dcm");
        await File.WriteAllTextAsync(bad, "this is not a DICOM file");

        var result = ToolProcess.Run("--url", Url, "store", Path.Combine(_folder, "glob", "*.dcm"));
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("not stored:", result.Error);
        Assert.Contains(bad, result.Error);
        Assert.Matches(@"stored\s+2", result.Output);
    }

    [Fact]
    public async Task Search_json_equals_the_raw_QIDO_response()
    {
        var (study, _, files) = await WriteStudyAsync(2, "Cli^Search", Path.Combine(_folder, "search"));
        foreach (string file in files)
            await orthanc.UploadAsync(file);

        var result = ToolProcess.Run("--url", Url, "search", "instances", "--study", study, "PatientName=Cli^Sear*", "--include", "InstanceNumber", "--format", "json");
        Assert.True(result.ExitCode == 0, result.ToString());

        // The URL as curl sends it: Uri would turn ^ into %5E, which Orthanc does not decode (docs/servers.md).
        using HttpClient http = orthanc.CreateClient();
        var url = new Uri($"{Url}studies/{study}/instances?PatientName=Cli^Sear*&includefield=00200013", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        string raw = await http.GetStringAsync(url);
        Assert.Equal(2, JsonNode.Parse(raw)!.AsArray().Count);
        Assert.Equal(Normalize(raw), Normalize(result.Output));
    }

    [Fact]
    public async Task Search_table_and_csv_have_a_column_per_requested_attribute()
    {
        var (study, _, files) = await WriteStudyAsync(1, "Cli^Table", Path.Combine(_folder, "table"));
        await orthanc.UploadAsync(files[0]);

        var csv = ToolProcess.Run("--url", Url, "search", "studies", $"StudyInstanceUID={study}", "StudyDate=20250101-20250131", "--include", "PatientBirthDate", "--format", "csv");
        Assert.True(csv.ExitCode == 0, csv.ToString());
        string[] lines = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("StudyInstanceUID,StudyDate,PatientName,PatientID,ModalitiesInStudy,StudyDescription,PatientBirthDate", lines[0]);
        Assert.Equal($"{study},20250115,Cli^Table,CLI-1,OT,,", lines[1]);
        Assert.Equal(2, lines.Length);

        var table = ToolProcess.Run("--url", Url, "search", "studies", $"StudyInstanceUID={study}");
        Assert.Contains("1 result", table.Output);
        Assert.Contains("Cli^Table", table.Output);
    }

    [Fact]
    public async Task Search_fills_StudyDescription_which_Orthanc_returns_only_when_asked()
    {
        string study = SyntheticInstances.NewUid();
        string file = await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create(study, SyntheticInstances.NewUid(), SyntheticInstances.NewUid(),
            patientName: "Cli^Described", customize: d => d.Set(DicomTags.StudyDescription, "Knee left")), Directory.CreateDirectory(Path.Combine(_folder, "described")).FullName);
        await orthanc.UploadAsync(file);

        var csv = ToolProcess.Run("--url", Url, "search", "studies", $"StudyInstanceUID={study}", "--format", "csv");
        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.Equal($"{study},20250115,Cli^Described,TEST-1,OT,Knee left", csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    [Fact]
    public async Task Orthancs_own_root_or_a_wrong_path_instead_of_the_DICOMweb_root_is_exit_3_naming_the_root_expected()
    {
        var (_, _, files) = await WriteStudyAsync(1, "Cli^Root", Path.Combine(_folder, "root"));
        await orthanc.UploadAsync(files[0]); // Orthanc's REST /studies then lists an ID, not DICOM JSON

        var rest = ToolProcess.Run("--url", orthanc.RestRoot.ToString(), "search", "studies");
        Assert.True(rest.ExitCode == 3, rest.ToString());
        string line = Assert.Single(HostileTextTests.Lines(rest.Error));
        Assert.Equal($"dicomweb: {orthanc.RestRoot} is not a DICOMweb root: GET {orthanc.RestRoot}studies answered 200 with JSON that is not DICOM JSON; "
            + "the root is the URL that /studies follows, and usually ends in /dicom-web/ (Orthanc: http://HOST:8042/dicom-web/)", line);

        string wrong = new Uri(orthanc.RestRoot, "dicomweb/").ToString();
        var missing = ToolProcess.Run("--url", wrong, "retrieve", "1.2.3", "--out", Path.Combine(_folder, "wrong"));
        Assert.True(missing.ExitCode == 3, missing.ToString());
        Assert.Contains($"{wrong} is not a DICOMweb root: GET {wrong}studies answered 404 NotFound", Assert.Single(HostileTextTests.Lines(missing.Error)));
    }

    [Fact]
    public void Search_that_finds_nothing_is_exit_1()
    {
        var result = ToolProcess.Run("--url", Url, "search", "studies", "StudyInstanceUID=1.2.3.4.5.6.7.8.9.999");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("0 results", result.Output);
    }

    [Fact]
    public async Task Metadata_prints_one_DICOM_JSON_array()
    {
        var (study, _, files) = await WriteStudyAsync(2, "Cli^Meta", Path.Combine(_folder, "meta"));
        foreach (string file in files)
            await orthanc.UploadAsync(file);
        var result = ToolProcess.Run("--url", Url, "metadata", study);
        Assert.True(result.ExitCode == 0, result.ToString());
        JsonArray array = JsonNode.Parse(result.Output)!.AsArray();
        Assert.Equal(2, array.Count);
        Assert.All(array, d => Assert.Equal(study, (string?)d!["0020000D"]!["Value"]![0]));
    }

    [Fact]
    public void Retrieve_of_a_study_that_is_not_there_is_exit_1_and_leaves_no_folder()
    {
        string output = Path.Combine(_folder, "none");
        var result = ToolProcess.Run("--url", Url, "retrieve", "1.2.3.4.5.6.7.8.9.998", "--out", output);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Delete_on_Orthanc_is_a_server_error_405()
    {
        var result = ToolProcess.Run("--url", Url, "delete", "1.2.3.4.5.6.7.8.9.997", "--verbose");
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("405", result.Error);
    }

    [Fact]
    public void Probe_reports_what_docs_servers_md_says_of_Orthanc()
    {
        var result = ToolProcess.Run("--url", Url, "probe", "--format", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        JsonArray checks = JsonNode.Parse(result.Output)!.AsArray();
        var report = checks.ToDictionary(n => (string)n!["check"]!, n => (bool)n!["supported"]!);
        var detail = checks.ToDictionary(n => (string)n!["check"]!, n => (string)n!["detail"]!);
        Assert.True(report["stow.status"], result.Output);
        Assert.StartsWith("200;", detail["stow.status"]);
        Assert.True(report["stow.response-format"]);     // 200 with application/dicom+json
        Assert.StartsWith("application/dicom+json", detail["stow.response-format"]);
        Assert.True(report["stow.conflict-409"], detail["stow.conflict-409"]);   // another study's instance: 409, FailureReason 0110H
        Assert.Contains("409, 0 stored, 1 failed (FailureReason 0x0110), Content-Type none", detail["stow.conflict-409"]);
        Assert.False(report["stow.partial-202"]);        // some stored, some refused: still 409, never 202
        Assert.Contains("409, 1 stored, 1 failed", detail["stow.partial-202"]);
        Assert.DoesNotContain("stow.stray-study", report.Keys);   // what it refused it did not store
        Assert.True(report["qido.exact-uid"]);
        Assert.True(report["qido.uid-list"]);
        Assert.True(report["qido.wildcard-star"]);
        Assert.True(report["qido.wildcard-question"]);
        Assert.False(report["qido.percent-decoding"]);   // an encoded & is not decoded
        Assert.True(report["qido.date-range"]);
        // Ignores fuzzymatching: the given name alone matches with it no more than without, and no
        // Warning 299 says so (its case-insensitive literal PN matching is not fuzzy matching).
        Assert.False(report["qido.fuzzy"], detail["qido.fuzzy"]);
        Assert.Contains("0 found with fuzzymatching=true, 0 without; no Warning 299", detail["qido.fuzzy"]);
        Assert.True(report["qido.limit-offset"]);
        Assert.False(report["qido.warning-299"]);        // never sent
        Assert.True(report["wado.accept-quoted"]);
        Assert.True(report["wado.accept-unquoted"]);      // both forms work
        Assert.False(report["wado.single-part"]);         // 400
        Assert.True(report["wado.rendered"]);
        Assert.False(report["wado.thumbnail"]);           // 404
        Assert.True(report["wado.metadata"]);
        Assert.False(report["delete"]);                   // 405: the plugin does not offer it

        var table = ToolProcess.Run("--url", Url, "probe");
        Assert.Equal(0, table.ExitCode);
        Assert.Matches(@"delete\s+no\s+not offered \(405\)", table.Output);
    }

    // Each data set's elements as tag -> value JSON, key order and number spelling aside.
    private static List<SortedDictionary<string, string>> Normalize(string json) =>
        JsonNode.Parse(json)!.AsArray()
            .Select(d => new SortedDictionary<string, string>(d!.AsObject().ToDictionary(
                e => e.Key,
                e => JsonSerializer.Serialize(new SortedDictionary<string, JsonNode?>(e.Value!.AsObject().ToDictionary(p => p.Key, p => p.Value?.DeepClone()))))))
            .OrderBy(d => d.GetValueOrDefault("00080018"), StringComparer.Ordinal)
            .ToList();
}
