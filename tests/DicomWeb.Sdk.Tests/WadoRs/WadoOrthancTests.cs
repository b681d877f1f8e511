using System.Buffers.Binary;
using System.Net;
using DicomWeb.Client;
using DicomWeb.Json;
using DicomWeb.Sdk.Tests.Client;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Tests.WadoRs;

[DicomJsonModel]
public partial record RetrievedInstance
{
    public string? SOPInstanceUID { get; init; }
    public int? InstanceNumber { get; init; }
    public string? Modality { get; init; }
}

/// <summary>WADO-RS against a real Orthanc: bytes, metadata, frames, rendered images and bulk data compared with what was stored.</summary>
[Collection(OrthancCollection.Name)]
public sealed class WadoOrthancTests(OrthancFixture orthanc) : IAsyncLifetime
{
    private const int Rows = 16, Columns = 16, Frames = 3;
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-wado-").FullName;
    private readonly string _study = SyntheticInstances.NewUid();
    private readonly string _seriesA = SyntheticInstances.NewUid(), _seriesB = SyntheticInstances.NewUid();
    private readonly Dictionary<string, DicomDataset> _stored = [];
    private string _multiFrame = "";

    public async Task InitializeAsync()
    {
        // Series A: three single-frame instances; series B: one single-frame and one 3-frame instance.
        for (int i = 1; i <= 5; i++)
        {
            string sop = SyntheticInstances.NewUid();
            bool multiFrame = i == 5;
            var dataset = SyntheticInstances.Create(_study, i <= 3 ? _seriesA : _seriesB, sop, instanceNumber: i, modality: i <= 3 ? "CT" : "MR",
                rows: Rows, columns: Columns, frames: multiFrame ? Frames : 1);
            if (multiFrame)
                _multiFrame = sop;
            _stored[sop] = dataset;
            await orthanc.UploadAsync(await SyntheticInstances.WriteFileAsync(dataset, _folder));
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private static DicomDataset WithoutPixelData(DicomDataset dataset)
    {
        DicomDataset copy = DicomJson.Deserialize(DicomJson.SerializeToUtf8Bytes(dataset));
        Assert.True(copy.Remove(PixelData));
        return copy;
    }

    private byte[] Pixels(string sop) => _stored[sop].GetBulkData(PixelData)!.Bytes!.Value.ToArray();

    [Fact]
    public async Task Study_series_and_instance_retrieve_give_the_bytes_Orthanc_stores()
    {
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);

        var study = await Parts.ReadAll(client.RetrieveAsync(Wado.Study(_study)));
        Assert.Equal(5, study.Count);
        var seen = new HashSet<string>();
        foreach (var (part, content) in study)
        {
            Assert.Equal("application/dicom", part.MediaType);
            string sop = DicomFile.Open(content).Dataset.Get(SOPInstanceUID)!;
            Assert.True(seen.Add(sop));
            Assert.Equal(await orthanc.GetStoredFileAsync(sop), content);
        }
        Assert.Equal(_stored.Keys.Order(), seen.Order());

        var series = await Parts.ReadAll(client.RetrieveAsync(Wado.Study(_study).Series(_seriesB)));
        Assert.Equal(2, series.Count);
        string one = _stored.Keys.First();
        var instance = Assert.Single(await Parts.ReadAll(client.RetrieveAsync(Wado.Study(_study).Series(_seriesA).Instance(one))));
        Assert.Equal(await orthanc.GetStoredFileAsync(one), instance.Content);
        Assert.Equal(_stored[one], DicomFile.Open(instance.Content).Dataset);
    }

    // RLE, which Orthanc 1.10 can decode (asked to transcode JPEG 2000 it answers 500: it has no decoder for it).
    [SharedDataFact("corpus/part10/SC_rgb_rle_2frame.dcm")]
    public async Task A_compressed_instance_comes_as_stored_by_default_and_transcoded_when_asked()
    {
        string path = Path.Combine(RepositoryPaths.Shared, "corpus", "part10", "SC_rgb_rle_2frame.dcm");
        await orthanc.UploadAsync(path);
        DicomFile original = await DicomFile.OpenAsync(path);
        var resource = Wado.Study(original.Dataset.Get(StudyInstanceUID)!).Series(original.Dataset.Get(SeriesInstanceUID)!).Instance(original.Dataset.Get(SOPInstanceUID)!);
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);

        var asStored = Assert.Single(await Parts.ReadAll(client.RetrieveAsync(resource)));
        Assert.Equal(await File.ReadAllBytesAsync(path), asStored.Content);
        Assert.Equal(DicomUids.RLELossless, original.TransferSyntaxUid);
        Assert.Equal(original.TransferSyntaxUid, DicomFile.Open(asStored.Content).TransferSyntaxUid);

        var explicitLittle = Assert.Single(await Parts.ReadAll(client.RetrieveAsync(resource, [AcceptableMediaType.Dicom(DicomUids.ExplicitVRLittleEndian)])));
        DicomFile transcoded = DicomFile.Open(explicitLittle.Content);
        Assert.Equal(DicomUids.ExplicitVRLittleEndian, transcoded.TransferSyntaxUid);
        Assert.Equal(original.Dataset.Get(SOPInstanceUID), transcoded.Dataset.Get(SOPInstanceUID));
        Assert.True(explicitLittle.Content.Length > asStored.Content.Length * 5, "decompressed pixels are larger");
    }

    [Fact]
    public async Task Metadata_is_what_was_stored_whole_streamed_and_typed()
    {
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);
        var metadata = await client.RetrieveMetadataAsync(Wado.Study(_study));
        Assert.Equal(5, metadata.Count);
        foreach (DicomDataset instance in metadata)
        {
            DicomDataset stored = _stored[instance.Get(SOPInstanceUID)!];
            // Pixel data comes as a BulkDataURI; every other attribute is equal to what was stored.
            Assert.NotNull(instance.GetBulkData(PixelData)!.Uri);
            Assert.Equal(DicomJson.Serialize(WithoutPixelData(stored)), DicomJson.Serialize(WithoutPixelData(instance)));
        }

        var streamed = new List<DicomDataset>();
        await foreach (DicomDataset instance in client.RetrieveMetadataAsyncEnumerable(Wado.Study(_study).Series(_seriesA)))
            streamed.Add(instance);
        Assert.Equal(3, streamed.Count);
        Assert.All(streamed, s => Assert.Contains(metadata, m => m.Equals(s)));

        var typed = await client.RetrieveMetadataAsync<RetrievedInstance>(Wado.Study(_study).Series(_seriesB));
        Assert.Equal([4, 5], typed.Select(t => t.InstanceNumber!.Value).Order());
        Assert.All(typed, t => Assert.Equal("MR", t.Modality));
    }

    [Fact]
    public async Task Frames_of_a_multi_frame_instance_are_its_pixel_slices_in_the_order_asked()
    {
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);
        var frames = await Parts.ReadAll(client.RetrieveAsync(Wado.Study(_study).Series(_seriesB).Instance(_multiFrame).Frames(3, 1)));
        byte[] pixels = Pixels(_multiFrame);
        const int frameBytes = Rows * Columns;
        Assert.Equal(2, frames.Count);
        Assert.Equal(pixels[(2 * frameBytes)..(3 * frameBytes)], frames[0].Content);
        Assert.Equal(pixels[..frameBytes], frames[1].Content);
        Assert.Equal("application/octet-stream", frames[0].Part.MediaType);
        Assert.Equal(DicomUids.ExplicitVRLittleEndian, frames[0].Part.TransferSyntaxUid);
        Assert.EndsWith("/frames/3", frames[0].Part.ContentLocation);
    }

    [Fact]
    public async Task A_rendered_instance_is_a_png_of_the_asked_size()
    {
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);
        var resource = Wado.Study(_study).Series(_seriesA).Instance(_stored.Keys.First());
        var native = Assert.Single(await Parts.ReadAll(client.RetrieveRenderedAsync(resource, new RenderedOptions { MediaType = "image/png" })));
        var scaled = Assert.Single(await Parts.ReadAll(client.RetrieveRenderedAsync(resource, new RenderedOptions { MediaType = "image/png", Viewport = new RenderedViewport(64, 64) })));
        foreach (var (image, width) in new[] { (native, Columns), (scaled, 64) })
        {
            Assert.Equal("image/png", image.Part.MediaType);
            Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], image.Content[..8]);
            Assert.Equal("IHDR"u8.ToArray(), image.Content[12..16]);
            Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(image.Content.AsSpan(16)));
            Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(image.Content.AsSpan(20)));
        }
        var jpeg = Assert.Single(await Parts.ReadAll(client.RetrieveRenderedAsync(resource)));
        Assert.Equal("image/jpeg", jpeg.Part.MediaType);
        Assert.Equal([0xFF, 0xD8], jpeg.Content[..2]);
    }

    [Fact]
    public async Task Bulk_data_found_in_metadata_is_the_stored_pixel_data_whole_and_by_range()
    {
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);
        var resource = Wado.Study(_study).Series(_seriesB).Instance(_multiFrame);
        DicomDataset metadata = Assert.Single(await client.RetrieveMetadataAsync(resource));
        string uri = metadata.GetBulkData(PixelData)!.Uri!;
        byte[] pixels = Pixels(_multiFrame);

        var whole = Assert.Single(await Parts.ReadAll(client.RetrieveBulkDataAsync(uri)));
        Assert.Equal(pixels, whole.Content);
        // Orthanc 1.10 answers a single-part octet-stream Accept with 400: the range is cut from the whole value.
        var range = Assert.Single(await Parts.ReadAll(client.RetrieveBulkDataAsync(uri, new ByteRange(300, 599))));
        Assert.Equal(pixels[300..600], range.Content);
        Assert.Equal("bytes 300-599/*", range.Part.Headers["Content-Range"]);
    }

    [Fact]
    public async Task A_study_saved_to_a_folder_is_one_file_per_instance_named_by_its_uid()
    {
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);
        string target = Path.Combine(_folder, "saved");
        var reports = new List<SaveProgress>();
        var files = await client.SaveInstancesAsync(Wado.Study(_study), target, new SynchronousProgress<SaveProgress>(reports.Add));

        Assert.Equal(_stored.Keys.Select(k => k + ".dcm").Order(), files.Select(Path.GetFileName).Order());
        foreach (string file in files)
            Assert.Equal(await orthanc.GetStoredFileAsync(Path.GetFileNameWithoutExtension(file)), await File.ReadAllBytesAsync(file));
        Assert.Equal([1, 2, 3, 4, 5], reports.Select(r => r.Instances));
        Assert.Equal(files.Sum(f => new FileInfo(f).Length), reports[^1].Bytes);
        Assert.Equal(files, reports.Select(r => r.LastFile));
        Assert.Equal(5, Directory.GetFiles(target).Length); // no temporary files left
    }

    // Orthanc 1.10 transcodes uncompressed instances to Implicit VR Little Endian (docs/servers.md);
    // JPEG 2000 it cannot make (no encoder in core Orthanc): 500.
    [Fact]
    public async Task A_study_saved_in_a_transfer_syntax_is_transcoded_and_one_the_server_cannot_make_is_an_error_naming_the_status()
    {
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);

        string implicitFolder = Path.Combine(_folder, "implicit");
        var files = await client.SaveInstancesAsync(Wado.Study(_study), implicitFolder, [AcceptableMediaType.Dicom(DicomUids.ImplicitVRLittleEndian)]);
        Assert.Equal(_stored.Keys.Select(k => k + ".dcm").Order(), files.Select(Path.GetFileName).Order());
        foreach (string file in files)
        {
            DicomFile saved = await DicomFile.OpenAsync(file);
            Assert.Equal(DicomUids.ImplicitVRLittleEndian, saved.TransferSyntaxUid);
            string sop = Path.GetFileNameWithoutExtension(file);
            Assert.Equal(sop, saved.Dataset.Get(SOPInstanceUID));
            Assert.Equal(Pixels(sop), saved.Dataset.GetBulkData(PixelData)!.Bytes!.Value.ToArray());
            Assert.NotEqual(await orthanc.GetStoredFileAsync(sop), await File.ReadAllBytesAsync(file));
        }

        var asStored = await client.SaveInstancesAsync(Wado.Study(_study), Path.Combine(_folder, "any"), [AcceptableMediaType.Dicom("*")]);
        foreach (string file in asStored)
            Assert.Equal(await orthanc.GetStoredFileAsync(Path.GetFileNameWithoutExtension(file)), await File.ReadAllBytesAsync(file));

        string refusedFolder = Path.Combine(_folder, "jp2");
        var error = await Assert.ThrowsAsync<DicomWebException>(() => client.SaveInstancesAsync(Wado.Study(_study), refusedFolder, [AcceptableMediaType.Dicom(DicomUids.JPEG2000Lossless)]));
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("500", error.Message);
        Assert.False(Directory.Exists(refusedFolder)); // a refused retrieve leaves no folder
    }

    [Fact]
    public async Task An_unknown_study_is_a_404_naming_the_url()
    {
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);
        string unknown = SyntheticInstances.NewUid();
        var error = await Assert.ThrowsAsync<DicomWebException>(() => Parts.ReadAll(client.RetrieveAsync(Wado.Study(unknown))));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains(unknown, error.Message);
        var metadataError = await Assert.ThrowsAsync<DicomWebException>(() => client.RetrieveMetadataAsync(Wado.Study(unknown)));
        Assert.Equal(HttpStatusCode.NotFound, metadataError.StatusCode);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
