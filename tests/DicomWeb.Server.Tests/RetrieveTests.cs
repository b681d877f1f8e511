using System.Net;
using DicomWeb.Client;
using DicomWeb.Json;
using static DicomWeb.DicomTags;

namespace DicomWeb.Server.Tests;

/// <summary>WADO-RS over HTTP: instances, metadata, frames, bulk data and Accept negotiation.</summary>
public sealed class RetrieveTests : IAsyncLifetime
{
    private const string AnyDicom = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
    private ServedStore _server = null!;

    public async Task InitializeAsync() => _server = await ServedStore.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpResponseMessage> GetAsync(string relative, string? accept, string? range = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relative);
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        if (range is not null)
            request.Headers.TryAddWithoutValidation("Range", range);
        return await _server.Http.SendAsync(request);
    }

    [Fact]
    public async Task Instances_are_multipart_Part10_named_by_this_servers_urls()
    {
        TestData.Study study = await TestData.StoreStudyAsync(_server.Store);
        using HttpResponseMessage response = await GetAsync($"studies/{study.StudyUid}", AnyDicom);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string type = response.Content.Headers.ContentType!.ToString();
        Assert.StartsWith("multipart/related", type);
        Assert.Contains("type=\"application/dicom\"", type);
        var parts = await TestData.PartsAsync(response);
        Assert.Equal(2, parts.Count);
        foreach (var (headers, bytes) in parts)
        {
            Assert.StartsWith("application/dicom; transfer-syntax=" + DicomUids.ExplicitVRLittleEndian, headers["Content-Type"]);
            Assert.StartsWith(new Uri(_server.Root, $"studies/{study.StudyUid}/series/{study.SeriesUid}/instances/").AbsoluteUri, headers["Content-Location"]);
            Assert.Equal(bytes.Length.ToString(), headers["Content-Length"]);
            Assert.Contains(DicomFile.Open(bytes).Dataset.Get(SOPInstanceUID), study.Sops);
        }
    }

    [Fact]
    public async Task Accept_is_negotiated_with_transfer_syntax_parameters()
    {
        TestData.Study study = await TestData.StoreStudyAsync(_server.Store);
        string instance = $"studies/{study.StudyUid}/series/{study.SeriesUid}/instances/{study.Sops[0]}";
        Assert.Equal(HttpStatusCode.NotAcceptable, (await GetAsync(instance, "text/html")).StatusCode);
        // Stored as Explicit VR Little Endian; the folder store does not transcode to JPEG.
        Assert.Equal(HttpStatusCode.NotAcceptable, (await GetAsync(instance, $"multipart/related; type=\"application/dicom\"; transfer-syntax={DicomUids.JPEGBaseline8Bit}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(instance, "multipart/related; type=\"application/dicom\"; transfer-syntax=jpeg")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(instance, "multipart/related; type=\"application/dicom\"; transfer-syntax=*; transfer-syntax=*")).StatusCode);
        // No transfer-syntax: the default, Explicit VR Little Endian, which is what is stored.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(instance, "multipart/related; type=application/dicom")).StatusCode);
        // A refused first choice, then an accepted one of lower q.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(instance, $"multipart/related; type=\"application/dicom\"; transfer-syntax={DicomUids.JPEGBaseline8Bit}, {AnyDicom}; q=0.5")).StatusCode);
        Assert.Equal(HttpStatusCode.NotAcceptable, (await GetAsync(instance, $"{AnyDicom}; q=0")).StatusCode);

        // One instance as a single part.
        using HttpResponseMessage single = await GetAsync(instance, "application/dicom");
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal("application/dicom", single.Content.Headers.ContentType!.MediaType);
        Assert.Equal(study.Sops[0], DicomFile.Open(await single.Content.ReadAsByteArrayAsync()).Dataset.Get(SOPInstanceUID));
    }

    [Fact]
    public async Task Unknown_uids_are_404_and_malformed_ones_400()
    {
        TestData.Study study = await TestData.StoreStudyAsync(_server.Store);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"studies/{DicomUid.Generate()}", AnyDicom)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"studies/{study.StudyUid}/series/{study.SeriesUid}/instances/{DicomUid.Generate()}/metadata", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync($"studies/{study.StudyUid}/series/x.y", AnyDicom)).StatusCode);
        var missing = await Assert.ThrowsAsync<DicomWebException>(() => _server.Client.RetrieveMetadataAsync(Wado.Study(DicomUid.Generate())));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Metadata_has_absolute_BulkDataURIs_on_this_server_that_serve_the_value_and_ranges_of_it()
    {
        TestData.Study study = await TestData.StoreStudyAsync(_server.Store);
        WadoResource instance = Wado.Study(study.StudyUid).Series(study.SeriesUid).Instance(study.Sops[0]);
        using HttpResponseMessage response = await GetAsync(instance.MetadataPath, "application/dicom+json");
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType!.MediaType);
        DicomDataset metadata = Assert.Single(DicomJson.DeserializeArray(await response.Content.ReadAsByteArrayAsync()));
        string uri = metadata.GetBulkData(PixelData.Tag)!.Uri!;
        Assert.StartsWith(new Uri(_server.Root, instance + "/").AbsoluteUri, uri);
        byte[] pixels = study.Datasets[0].GetBulkData(PixelData.Tag)!.Bytes!.Value.ToArray();

        using HttpResponseMessage whole = await GetAsync(uri, "multipart/related; type=\"application/octet-stream\"");
        Assert.Equal(pixels, Assert.Single(await TestData.PartsAsync(whole)).Bytes);

        using HttpResponseMessage ranged = await GetAsync(uri, "application/octet-stream", "bytes=10-19");
        Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
        Assert.Equal("bytes 10-19/*", ranged.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal(pixels[10..20], await ranged.Content.ReadAsByteArrayAsync());
        using HttpResponseMessage open = await GetAsync(uri, "application/octet-stream", "bytes=250-");
        Assert.Equal($"bytes 250-{pixels.Length - 1}/*", open.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await GetAsync(uri, "application/octet-stream", $"bytes={pixels.Length + 5}-")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(instance + "/bulkdata/00100010X", "application/octet-stream")).StatusCode);

        // The SDK client resolves it against the metadata URL, on the server's origin.
        var bytes = new MemoryStream();
        await foreach (DicomPart part in _server.Client.RetrieveBulkDataAsync(uri, _server.Client.MetadataUrl(instance), new ByteRange(0, 99)))
            await part.Content.CopyToAsync(bytes);
        Assert.Equal(pixels[..100], bytes.ToArray());
    }

    [Fact]
    public async Task Frames_come_in_the_order_asked_and_bad_frame_lists_are_refused()
    {
        TestData.Study study = await TestData.StoreStudyAsync(_server.Store);
        string instance = $"studies/{study.StudyUid}/series/{study.SeriesUid}/instances/{study.Sops[1]}";
        byte[] pixels = study.Datasets[1].GetBulkData(PixelData.Tag)!.Bytes!.Value.ToArray();
        using HttpResponseMessage response = await GetAsync(instance + "/frames/3,1", "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*");
        var parts = await TestData.PartsAsync(response);
        Assert.Equal([pixels[512..768], pixels[..256]], parts.Select(p => p.Bytes));
        Assert.EndsWith("/frames/3", parts[0].Headers["Content-Location"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(instance + "/frames/0", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(instance + "/frames/1,x", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(instance + "/frames/9", null)).StatusCode);
        using HttpResponseMessage single = await GetAsync(instance + "/frames/2", "application/octet-stream");
        Assert.Equal("application/octet-stream", single.Content.Headers.ContentType!.MediaType);
        Assert.Equal(pixels[256..512], await single.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Rendered_images_are_what_the_store_offers_and_parameters_are_checked()
    {
        TestData.Study study = await TestData.StoreStudyAsync(_server.Store);
        string instance = $"studies/{study.StudyUid}/series/{study.SeriesUid}/instances/{study.Sops[0]}";
        // The folder store does not render: its 406 is the answer.
        Assert.Equal(HttpStatusCode.NotAcceptable, (await GetAsync(instance + "/rendered", "image/jpeg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotAcceptable, (await GetAsync(instance + "/thumbnail", null)).StatusCode);
        using HttpResponseMessage bad = await GetAsync(instance + "/rendered?viewport=big", "image/png");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("viewport", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(instance + "/rendered?quality=101", "image/jpeg")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(instance + "/rendered?window=1,2,cubic", "image/jpeg")).StatusCode);
    }
}
