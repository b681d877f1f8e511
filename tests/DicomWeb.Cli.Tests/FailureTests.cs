using DicomWeb.Tests;
using Microsoft.AspNetCore.Http;

namespace DicomWeb.Cli.Tests;

/// <summary>
/// Input and environment the tool did not foresee end as one line on stderr and a documented exit
/// code (docs/cli.md), never an unhandled exception (exit 134 and a stack trace).
/// </summary>
public sealed class FailureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-cli-failure-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Retrieve_reads_integer_strings_written_with_escaped_digits()
    {
        string study = SyntheticInstances.NewUid(), series = SyntheticInstances.NewUid(), sop = SyntheticInstances.NewUid();
        byte[] instance = await Part10(SyntheticInstances.Create(study, series, sop));
        // "\u0034\u0032" is "42": valid JSON, and what a server's JSON encoder may write for any character.
        string seriesJson = $$$"""[{"0020000E":{"vr":"UI","Value":["{{{series}}}"]},"00201209":{"vr":"IS","Value":["\u0034\u0032"]},"00200013":{"vr":"IS","Value":["\u0034\u0032"]}}]""";
        await using var server = await HostileServer.StartAsync(c => c.Request.Path.Value!.EndsWith("/series", StringComparison.Ordinal)
            ? HostileTextTests.Json(c, seriesJson)
            : Multipart(c, instance));

        string output = Path.Combine(_folder, "out");
        var result = ToolProcess.Run("--url", server.Root, "retrieve", study, "--out", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(instance, await File.ReadAllBytesAsync(Path.Combine(output, study, series, sop + ".dcm")));
    }

    [Fact]
    public async Task A_value_no_getter_can_read_is_one_line_and_exit_5_with_the_stack_only_when_verbose()
    {
        // A SeriesInstanceUID sent as a sequence: well-formed DICOM JSON, but no UID to read.
        await using var server = await HostileServer.StartAsync(c => HostileTextTests.Json(c, """[{"0020000E":{"vr":"SQ","Value":[{}]}}]"""));
        var result = ToolProcess.Run("--url", server.Root, "retrieve", "1.2.3", "--out", Path.Combine(_folder, "out"));
        Assert.True(result.ExitCode == 5, result.ToString());
        string line = Assert.Single(HostileTextTests.Lines(result.Error));
        Assert.StartsWith("dicomweb: unexpected error: ", line);
        Assert.Contains("(0020,000E)", line);
        Assert.Contains("--verbose", line);

        var verbose = ToolProcess.Run("--url", server.Root, "--verbose", "retrieve", "1.2.3", "--out", Path.Combine(_folder, "out"));
        Assert.True(verbose.ExitCode == 5, verbose.ToString());
        Assert.Contains("System.InvalidOperationException", verbose.Error);
        Assert.Contains("   at DicomWeb.", verbose.Error);
        Assert.DoesNotContain("Unhandled exception", verbose.Error);
    }

    [Fact]
    public async Task A_series_UID_from_the_server_that_is_not_a_UID_is_a_server_error_and_nothing_is_written()
    {
        await using var server = await HostileServer.StartAsync(c => HostileTextTests.Json(c, """[{"0020000E":{"vr":"UI","Value":["../../escaped"]}}]"""));
        string output = Path.Combine(_folder, "out");
        var result = ToolProcess.Run("--url", server.Root, "retrieve", "1.2.3", "--out", output);
        Assert.True(result.ExitCode == 3, result.ToString());
        string line = Assert.Single(HostileTextTests.Lines(result.Error));
        Assert.Contains("'../../escaped' is not a UID", line);
        Assert.False(Directory.Exists(output));
        Assert.False(Directory.Exists(Path.Combine(_folder, "escaped")));
    }

    [Theory]
    [InlineData("garbage", "is damaged or is not an index")]
    [InlineData("directory", "cannot be created or written")]
    public void A_folder_store_whose_index_cannot_be_used_is_one_line_naming_it_and_exit_4(string index, string says)
    {
        // Root writes through any permission bits, so the failures that reach root too: an index of
        // garbage bytes (a damaged disk, another program's file) and a folder where the index should be.
        string store = Directory.CreateDirectory(Path.Combine(_folder, "store")).FullName;
        string indexPath = Path.Combine(store, ".dicomweb-index.sqlite");
        if (index == "directory")
            Directory.CreateDirectory(indexPath);
        else
            File.WriteAllBytes(indexPath, [.. "SQLite format 3\0"u8, .. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);

        var result = ToolProcess.Run("--folder", store, "search", "studies");
        Assert.True(result.ExitCode == 4, result.ToString());
        string line = Assert.Single(HostileTextTests.Lines(result.Error));
        Assert.StartsWith($"dicomweb: cannot open the folder store {store}: ", line);
        Assert.Contains(says, line);
        Assert.DoesNotContain("   at ", result.Error);
    }

    private static async Task<byte[]> Part10(DicomDataset dataset)
    {
        using var buffer = new MemoryStream();
        await DicomFile.Create(dataset).SaveAsync(buffer);
        return buffer.ToArray();
    }

    private static async Task Multipart(HttpContext context, byte[] instance)
    {
        context.Response.ContentType = "multipart/related; type=\"application/dicom\"; boundary=s";
        await context.Response.Body.WriteAsync("--s\r\nContent-Type: application/dicom\r\n\r\n"u8.ToArray());
        await context.Response.Body.WriteAsync(instance);
        await context.Response.Body.WriteAsync("\r\n--s--\r\n"u8.ToArray());
    }
}
