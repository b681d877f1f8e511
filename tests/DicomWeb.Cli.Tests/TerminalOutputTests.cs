using System.Text.RegularExpressions;
using DicomWeb.Tests;
using Microsoft.AspNetCore.Http;

namespace DicomWeb.Cli.Tests;

/// <summary>
/// What a person at a terminal sees (#28): UIDs whole on one line at 80 columns, every default
/// column asked for, labelled tables for several lookups, a URL that is not a DICOMweb root named
/// as such, and retrieve into the current folder.
/// </summary>
public sealed partial class TerminalOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-cli-terminal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // 64 characters, the longest a UID may be.
    private static string LongUid(int n) => ("1.2.826.0.1.3680043.8.498." + n + ".").PadRight(64, '7');

    private static string Studies(params string[] uids) =>
        "[" + string.Join(",", uids.Select(u => $$$"""{"0020000D":{"vr":"UI","Value":["{{{u}}}"]},"00080020":{"vr":"DA","Value":["20250115"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]},"00100020":{"vr":"LO","Value":["PID-1"]},"00080061":{"vr":"CS","Value":["CT","MR"]},"00081030":{"vr":"LO","Value":["Chest and abdomen with contrast"]}}""")) + "]";

    [Fact]
    public async Task At_80_columns_a_search_too_wide_for_a_table_is_a_list_with_every_UID_whole_on_one_line()
    {
        string[] uids = [LongUid(1), LongUid(2)];
        await using var server = await HostileServer.StartAsync(c => HostileTextTests.Json(c, Studies(uids)));

        var result = ToolProcess.RunOnTerminal(80, "--url", server.Root, "search", "studies");
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = VisibleLines(result.Output);
        Assert.DoesNotContain("╭", result.Output); // not a table: it cannot fit without breaking the UIDs
        foreach (string uid in uids)
            Assert.Contains(lines, l => l.Trim() == uid);
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
        Assert.Contains(lines, l => l.StartsWith("StudyDescription", StringComparison.Ordinal) && l.EndsWith("Chest and abdomen with contrast", StringComparison.Ordinal));
        Assert.Contains("2 results", result.Output);

        // Wide enough: the table, each UID still whole on its row.
        var wide = ToolProcess.RunOnTerminal(250, "--url", server.Root, "search", "studies");
        Assert.True(wide.ExitCode == 0, wide.ToString());
        Assert.Contains("╭", wide.Output);
        foreach (string uid in uids)
            Assert.Contains(VisibleLines(wide.Output), l => l.Contains(uid, StringComparison.Ordinal));
    }

    [Fact]
    public void At_80_columns_tags_for_two_queries_are_two_labelled_tables_that_fit()
    {
        var result = ToolProcess.RunOnTerminal(80, "tags", "PatientName", "1.2.840.10008.1.2.4.90");
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = VisibleLines(result.Output);
        Assert.Contains("'PatientName': 2 hits", lines);
        Assert.Contains(lines, l => l.StartsWith("'1.2.840.10008.1.2.4.90': ", StringComparison.Ordinal));
        Assert.Equal(2, Regex.Count(result.Output, "╭"));
        Assert.Contains(lines, l => l.Contains("1.2.840.10008.1.2.4.90", StringComparison.Ordinal) && l.StartsWith('│'));
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
    }

    [Fact]
    public void Tags_for_two_queries_label_each_table_when_redirected_too()
    {
        var result = ToolProcess.Run("tags", "PatientName", "StudyDate");
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.Output.Split('\n');
        Assert.Equal("'PatientName': 2 hits", lines[0]);
        int second = Array.IndexOf(lines, "'StudyDate': 1 hit");
        Assert.True(second > 3, result.Output);
        Assert.Equal("", lines[second - 1]);
        Assert.StartsWith("(0008,0020)  StudyDate", lines[second + 3]);
    }

    [Theory]
    [InlineData("studies", "includefield=0020000D,00080020,00100010,00100020,00080061,00081030")]
    [InlineData("series", "includefield=0020000E,00080060,00200011,0008103E")]
    [InlineData("instances", "includefield=00080018,00080016,00200013")]
    public async Task Search_asks_the_server_for_every_default_column(string level, string includefield)
    {
        var queries = new List<string>();
        await using var server = await HostileServer.StartAsync(c =>
        {
            lock (queries)
                queries.Add(c.Request.QueryString.Value ?? "");
            return HostileTextTests.Json(c, "[]");
        });
        var result = ToolProcess.Run("--url", server.Root, "search", level, "--include", "PatientBirthDate");
        Assert.True(result.ExitCode == 1, result.ToString()); // nothing found
        string query = Assert.Single(queries);
        Assert.Contains(includefield + ",00100030", query);
    }

    [Fact]
    public async Task A_web_page_instead_of_a_DICOMweb_root_is_exit_3_saying_what_a_root_is()
    {
        await using var server = await HostileServer.StartAsync(async c =>
        {
            c.Response.ContentType = "text/html; charset=utf-8";
            await c.Response.WriteAsync("<!doctype html><html><body>Welcome</body></html>");
        });
        var result = ToolProcess.Run("--url", server.Root, "search", "studies");
        Assert.True(result.ExitCode == 3, result.ToString());
        string line = Assert.Single(HostileTextTests.Lines(result.Error));
        Assert.Contains($"{server.Root} is not a DICOMweb root: GET {server.Root}studies answered 200 with Content-Type 'text/html; charset=utf-8'", line);
        Assert.Contains("/dicom-web/", line);
    }

    [Fact]
    public async Task A_404_for_every_path_is_a_wrong_root_exit_3_but_a_404_on_a_good_root_is_not_found_exit_1()
    {
        await using var nowhere = await HostileServer.StartAsync(c => { c.Response.StatusCode = 404; return Task.CompletedTask; });
        var wrong = ToolProcess.Run("--url", nowhere.Root, "metadata", "1.2.3");
        Assert.True(wrong.ExitCode == 3, wrong.ToString());
        Assert.Contains($"is not a DICOMweb root: GET {nowhere.Root}studies answered 404 NotFound", Assert.Single(HostileTextTests.Lines(wrong.Error)));

        await using var good = await HostileServer.StartAsync(c =>
        {
            if (c.Request.Path.Value!.EndsWith("/studies", StringComparison.Ordinal))
                return HostileTextTests.Json(c, "[]");
            c.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        var missing = ToolProcess.Run("--url", good.Root, "metadata", "1.2.3");
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.StartsWith("dicomweb: not found: ", Assert.Single(HostileTextTests.Lines(missing.Error)));
    }

    [Fact]
    public async Task Retrieve_without_out_writes_under_the_current_folder()
    {
        string study = SyntheticInstances.NewUid(), series = SyntheticInstances.NewUid(), sop = SyntheticInstances.NewUid();
        string input = Directory.CreateDirectory(Path.Combine(_folder, "in")).FullName;
        string file = await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create(study, series, sop), input);
        string store = Path.Combine(_folder, "store");
        Assert.Equal(0, ToolProcess.Run("--folder", store, "store", input).ExitCode);

        string here = Directory.CreateDirectory(Path.Combine(_folder, "here")).FullName;
        var result = ToolProcess.RunIn(here, null, "--folder", store, "retrieve", study);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(here, study, series, sop + ".dcm")));
        Assert.Contains($"into {Path.Combine(".", study)}", result.Output);
    }

    [Fact]
    public async Task A_folder_store_search_fills_StudyDescription()
    {
        string study = SyntheticInstances.NewUid();
        string input = Directory.CreateDirectory(Path.Combine(_folder, "described")).FullName;
        await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create(study, SyntheticInstances.NewUid(), SyntheticInstances.NewUid(),
            customize: d => d.Set(DicomTags.StudyDescription, "Head without contrast")), input);
        string store = Path.Combine(_folder, "store");
        Assert.Equal(0, ToolProcess.Run("--folder", store, "store", input).ExitCode);

        var result = ToolProcess.Run("--folder", store, "search", "studies", "--format", "csv");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith(",OT,Head without contrast", result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    // What a person sees: ANSI sequences (colour, cursor) removed, CRs of the pseudo-terminal dropped.
    private static string[] VisibleLines(string terminal) =>
        Ansi().Replace(terminal, "").Replace("\r", "").Split('\n');

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>]")]
    private static partial Regex Ansi();
}
