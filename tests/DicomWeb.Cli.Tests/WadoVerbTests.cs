using System.Text.Json.Nodes;
using DicomWeb.Tests;

namespace DicomWeb.Cli.Tests;

/// <summary>frames, bulkdata, rendered and thumbnail against the test Orthanc and a folder store, run as a process.</summary>
[Collection(OrthancCollection.Name)]
public sealed class WadoVerbTests(OrthancFixture orthanc) : IDisposable
{
    private const int Rows = 16, Columns = 16, Frames = 3;
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-cli-wado-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Url => orthanc.DicomWebRoot.ToString();

    // A three-frame instance (16x16, 8 bits) and its pixel bytes; in Orthanc, or in a folder store when a store is given.
    private async Task<(string Study, string Series, string Sop, byte[] Pixels)> InstanceAsync(string? store)
    {
        string study = SyntheticInstances.NewUid(), series = SyntheticInstances.NewUid(), sop = SyntheticInstances.NewUid();
        DicomDataset dataset = SyntheticInstances.Create(study, series, sop, rows: Rows, columns: Columns, frames: Frames);
        string file = await SyntheticInstances.WriteFileAsync(dataset, Directory.CreateDirectory(Path.Combine(_folder, "in", sop)).FullName);
        if (store is null)
            await orthanc.UploadAsync(file);
        else
            Assert.Equal(0, ToolProcess.Run("--folder", store, "store", file).ExitCode);
        return (study, series, sop, dataset.GetBulkData(DicomTags.PixelData)!.Bytes!.Value.ToArray());
    }

    private string[] Store(string? store) => store is null ? ["--url", Url] : ["--folder", store];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Frames_writes_each_frame_to_a_file_as_stored_and_raw(bool folderStore)
    {
        string? store = folderStore ? Path.Combine(_folder, "store") : null;
        var (study, series, sop, pixels) = await InstanceAsync(store);
        int frameBytes = Rows * Columns;

        string all = Path.Combine(_folder, "all");
        var result = ToolProcess.Run([.. Store(store), "frames", study, series, sop, "--out", all]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("wrote 3 frames", result.Output);
        for (int n = 1; n <= Frames; n++)
            Assert.Equal(pixels[((n - 1) * frameBytes)..(n * frameBytes)], await File.ReadAllBytesAsync(Path.Combine(all, $"{sop}.frame-{n}.raw")));
        Assert.Equal(Frames, Directory.GetFiles(all).Length); // no .partial left

        string some = Path.Combine(_folder, "some");
        var raw = ToolProcess.Run([.. Store(store), "frames", study, series, sop, "--frame", "3,2", "--raw", "--out", some]);
        Assert.True(raw.ExitCode == 0, raw.ToString());
        Assert.Equal(pixels[(2 * frameBytes)..], await File.ReadAllBytesAsync(Path.Combine(some, $"{sop}.frame-3.raw")));
        Assert.Equal(pixels[frameBytes..(2 * frameBytes)], await File.ReadAllBytesAsync(Path.Combine(some, $"{sop}.frame-2.raw")));
        Assert.Equal(2, Directory.GetFiles(some).Length);

        var beyond = ToolProcess.Run([.. Store(store), "frames", study, series, sop, "--frame", "4", "--out", Path.Combine(_folder, "beyond")]);
        Assert.True(beyond.ExitCode is 1 or 3, beyond.ToString()); // Orthanc 500s, the folder store 404s a frame that is not there
        Assert.False(File.Exists(Path.Combine(_folder, "beyond", $"{sop}.frame-4.raw")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Bulkdata_writes_the_value_behind_a_BulkDataURI_whole_or_a_byte_range(bool folderStore)
    {
        string? store = folderStore ? Path.Combine(_folder, "store") : null;
        var (study, series, sop, pixels) = await InstanceAsync(store);
        var metadata = ToolProcess.Run([.. Store(store), "metadata", study, series, sop]);
        Assert.True(metadata.ExitCode == 0, metadata.ToString());
        string uri = (string)JsonNode.Parse(metadata.Output)![0]!["7FE00010"]!["BulkDataURI"]!;

        string whole = Path.Combine(_folder, "pixels.bin");
        var result = ToolProcess.Run([.. Store(store), "bulkdata", uri, "--out", whole]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(pixels, await File.ReadAllBytesAsync(whole));
        Assert.Contains($"wrote {pixels.Length} bytes to {whole}", result.Output);

        string part = Path.Combine(_folder, "part.bin");
        var ranged = ToolProcess.Run([.. Store(store), "bulkdata", uri, "--range", "10-49", "--out", part]);
        Assert.True(ranged.ExitCode == 0, ranged.ToString());
        Assert.Equal(pixels[10..50], await File.ReadAllBytesAsync(part));

        var named = ToolProcess.RunIn(_folder, null, [.. Store(store), "bulkdata", uri, "--range", "700-"]);
        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.Equal(pixels[700..], await File.ReadAllBytesAsync(Path.Combine(_folder, uri.Split('/')[^1] + ".bin")));
    }

    [Fact]
    public async Task Bulkdata_refuses_a_URI_off_the_servers_root_before_sending_and_a_bad_range()
    {
        var offRoot = ToolProcess.Run("--url", Url, "bulkdata", "http://127.0.0.1:1/elsewhere/bulk/1", "--out", Path.Combine(_folder, "x.bin"));
        Assert.True(offRoot.ExitCode == 2, offRoot.ToString());
        Assert.Contains("not followed", offRoot.Error);
        var badRange = ToolProcess.Run("--url", Url, "bulkdata", "studies/1.2.3/bulk/1", "--range", "50-10");
        Assert.True(badRange.ExitCode == 2, badRange.ToString());
        Assert.Contains("--range takes FIRST-LAST", badRange.Error);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Rendered_writes_an_image_per_part_and_thumbnail_on_Orthanc_is_not_offered()
    {
        var (study, series, sop, _) = await InstanceAsync(null);
        string second = await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create(study, series, SyntheticInstances.NewUid(), instanceNumber: 2), Path.Combine(_folder, "in", sop));
        await orthanc.UploadAsync(second);

        string png = Path.Combine(_folder, "one.png");
        var one = ToolProcess.Run("--url", Url, "rendered", study, series, sop, "--frame", "2", "--type", "png", "--viewport", "32,32", "--out", png);
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, (await File.ReadAllBytesAsync(png))[..4]);

        // Orthanc renders a series as one image (its first instance): the SDK asks for rendered images single part.
        var seriesImage = ToolProcess.RunIn(_folder, null, "--url", Url, "rendered", study, series);
        Assert.True(seriesImage.ExitCode == 0, seriesImage.ToString());
        Assert.Equal([0xFF, 0xD8], (await File.ReadAllBytesAsync(Path.Combine(_folder, series + ".jpg")))[..2]);

        var thumbnail = ToolProcess.Run("--url", Url, "thumbnail", study, "--out", Path.Combine(_folder, "t.jpg"));
        Assert.True(thumbnail.ExitCode == 1, thumbnail.ToString());
        Assert.Contains($"the server has no thumbnail of studies/{study} (404;", Assert.Single(HostileTextTests.Lines(thumbnail.Error)));
        Assert.False(File.Exists(Path.Combine(_folder, "t.jpg")));
    }

    [Theory]
    [InlineData("rendered")]
    [InlineData("thumbnail")]
    public async Task Rendered_and_thumbnail_on_a_folder_store_are_exit_3_with_406(string verb)
    {
        string store = Path.Combine(_folder, "store");
        var (study, series, sop, _) = await InstanceAsync(store);
        var result = ToolProcess.RunIn(_folder, null, "--folder", store, verb, study, series, sop);
        Assert.True(result.ExitCode == 3, result.ToString());
        string line = Assert.Single(HostileTextTests.Lines(result.Error));
        Assert.Contains("does not render images", line);
        Assert.Contains("406", line);
        Assert.Empty(Directory.GetFiles(_folder));
    }
}
