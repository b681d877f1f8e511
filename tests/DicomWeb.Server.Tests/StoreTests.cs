using System.Net;
using System.Text;
using DicomWeb.Client;
using DicomWeb.Json;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Server.Tests;

/// <summary>STOW-RS over HTTP: statuses, the response module, the JSON flavour, bounds.</summary>
public sealed class StoreTests : IAsyncLifetime
{
    private ServedStore _server = null!;

    public async Task InitializeAsync() => _server = await ServedStore.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static DicomDataset Instance(string study, int frames = 1) =>
        SyntheticInstances.Create(study, DicomUid.Generate(), DicomUid.Generate(), frames: frames);

    private async Task<(HttpStatusCode Status, DicomDataset? Response, string Text)> PostAsync(string relative, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, relative) { Content = content };
        request.Headers.TryAddWithoutValidation("Accept", "application/dicom+json");
        using HttpResponseMessage response = await _server.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        DicomDataset? dataset = response.Content.Headers.ContentType?.MediaType == "application/dicom+json" ? DicomJson.Deserialize(text) : null;
        return (response.StatusCode, dataset, text);
    }

    [Fact]
    public async Task Part10_parts_are_stored_and_referenced_with_this_servers_urls()
    {
        string study = DicomUid.Generate();
        DicomDataset[] instances = [Instance(study), Instance(study)];
        var (status, response, _) = await PostAsync("studies", TestData.Multipart("application/dicom",
            [.. await Task.WhenAll(instances.Select(async i => ("application/dicom", (string?)null, await TestData.Part10Async(i))))]));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new Uri(_server.Root, $"studies/{study}").AbsoluteUri, response!.Get(RetrieveURL));
        IReadOnlyList<DicomDataset> referenced = response.Get(ReferencedSOPSequence);
        Assert.Equal(instances.Select(i => i.Get(SOPInstanceUID)), referenced.Select(r => r.Get(ReferencedSOPInstanceUID)));
        Assert.All(referenced, r => Assert.StartsWith(new Uri(_server.Root, $"studies/{study}/series/").AbsoluteUri, r.Get(RetrieveURL)));
        Assert.All(referenced, r => Assert.Equal(DicomUids.SecondaryCaptureImageStorage, r.Get(ReferencedSOPClassUID)));
        Assert.False(response.Contains(FailedSOPSequence));
        Assert.Equal(2, ((DicomWeb.Folder.DicomFolderClient)_server.Store).InstanceCount);
    }

    [Fact]
    public async Task None_stored_is_409_and_some_stored_is_202_with_the_failures_named()
    {
        string study = DicomUid.Generate();
        DicomDataset mine = Instance(study), other = Instance(DicomUid.Generate());
        var (conflict, response, _) = await PostAsync($"studies/{study}", TestData.Multipart("application/dicom", ("application/dicom", null, await TestData.Part10Async(other))));
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        DicomDataset failed = Assert.Single(response!.Get(FailedSOPSequence));
        Assert.Equal(other.Get(SOPInstanceUID), failed.Get(ReferencedSOPInstanceUID));
        Assert.Equal((ushort)0xA900, failed.Get(FailureReason));

        var (mixed, partial, _) = await PostAsync($"studies/{study}", TestData.Multipart("application/dicom",
            ("application/dicom", null, await TestData.Part10Async(mine)), ("application/dicom", null, await TestData.Part10Async(other)),
            ("application/dicom", null, Encoding.ASCII.GetBytes("not DICOM"))));
        Assert.Equal(HttpStatusCode.Accepted, mixed);
        Assert.Equal(mine.Get(SOPInstanceUID), Assert.Single(partial!.Get(ReferencedSOPSequence)).Get(ReferencedSOPInstanceUID));
        Assert.Single(partial.Get(FailedSOPSequence));
        Assert.Equal((ushort)0xC000, Assert.Single(partial.Get(OtherFailuresSequence)).Get(FailureReason));

        // The SDK client reads the same answers per instance.
        StowResult result = await _server.Client.StoreAsync([await TestData.Part10Async(Instance(study)), await TestData.Part10Async(other)], new StowOptions { StudyInstanceUid = study });
        Assert.Single(result.Stored);
        Assert.Equal(0xA900, Assert.Single(result.Failed).FailureReason);
        Assert.Equal(HttpStatusCode.Accepted, Assert.Single(result.Responses).StatusCode);
    }

    [Fact]
    public async Task Unsupported_media_types_are_415_and_an_empty_body_400()
    {
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await PostAsync("studies", new StringContent("hello"))).Status);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await PostAsync("studies", TestData.Multipart("application/dicom+xml", ("application/dicom+xml", null, "<x/>"u8.ToArray())))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("studies", TestData.Multipart("application/dicom"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("studies", new ByteArrayContentWithType([1, 2], "multipart/related; type=\"application/dicom\""))).Status);   // no boundary
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("studies/1.2.x", TestData.Multipart("application/dicom"))).Status);
    }

    [Fact]
    public async Task A_single_application_dicom_body_is_one_instance()
    {
        DicomDataset instance = Instance(DicomUid.Generate());
        var (status, response, _) = await PostAsync("studies", new ByteArrayContentWithType(await TestData.Part10Async(instance), "application/dicom"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(instance.Get(SOPInstanceUID), Assert.Single(response!.Get(ReferencedSOPSequence)).Get(ReferencedSOPInstanceUID));
    }

    [Fact]
    public async Task A_body_cut_short_is_400_and_says_what_was_stored_before()
    {
        string study = DicomUid.Generate();
        DicomDataset first = Instance(study);
        byte[] whole = await TestData.Multipart("application/dicom", ("application/dicom", null, await TestData.Part10Async(first)), ("application/dicom", null, await TestData.Part10Async(Instance(study))))
            .ReadAsByteArrayAsync();
        byte[] cut = whole[..(whole.Length - 200)];   // the second part broken off, no closing boundary
        var (status, response, _) = await PostAsync("studies", new ByteArrayContentWithType(cut, "multipart/related; type=\"application/dicom\"; boundary=test-boundary-42"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(first.Get(SOPInstanceUID), Assert.Single(response!.Get(ReferencedSOPSequence)).Get(ReferencedSOPInstanceUID));
        Assert.False(response.Contains(OtherFailuresSequence));
    }

    [Fact]
    public async Task The_JSON_flavour_puts_bulk_data_parts_back_into_their_data_sets()
    {
        string study = DicomUid.Generate();
        DicomDataset instance = Instance(study, frames: 2);
        byte[] pixels = instance.GetBulkData(PixelData.Tag)!.Bytes!.Value.ToArray();
        byte[] json = DicomJson.SerializeToUtf8Bytes([instance.SetBulkData(PixelData.Tag, DicomVR.OB, DicomBulkData.FromUri("bulk/pixels"))]);
        var (status, response, text) = await PostAsync("studies", TestData.Multipart("application/dicom+json",
            ("application/octet-stream", "bulk/pixels", pixels), ("application/dicom+json", null, json)));
        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Single(response!.Get(ReferencedSOPSequence));
        var frames = new List<byte[]>();
        await foreach (DicomPart part in _server.Client.RetrieveAsync(Wado.Study(study).Series(instance.Get(SeriesInstanceUID)!).Instance(instance.Get(SOPInstanceUID)!).Frames(2)))
        {
            var bytes = new MemoryStream();
            await part.Content.CopyToAsync(bytes);
            frames.Add(bytes.ToArray());
        }
        Assert.Equal(pixels[256..], Assert.Single(frames));

        // A BulkDataURI that names no part: that instance fails, named.
        DicomDataset orphan = Instance(study).SetBulkData(PixelData.Tag, DicomVR.OB, DicomBulkData.FromUri("bulk/missing"));
        var (conflict, refused, _) = await PostAsync("studies", TestData.Multipart("application/dicom+json", ("application/dicom+json", null, DicomJson.SerializeToUtf8Bytes([orphan]))));
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.Equal(orphan.Get(SOPInstanceUID), Assert.Single(refused!.Get(FailedSOPSequence)).Get(ReferencedSOPInstanceUID));
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("studies", TestData.Multipart("application/dicom+json", ("application/dicom+json", null, "[{\"x\""u8.ToArray())))).Status);

        // Data sets through the SDK client (its JSON flavour) arrive whole too.
        DicomDataset viaClient = Instance(study, frames: 3);
        Assert.True((await _server.Client.StoreAsync([viaClient], new StowOptions { InlineBinaryMaxBytes = 16 })).AllStored);
        DicomDataset metadata = Assert.Single(await _server.Client.RetrieveMetadataAsync(Wado.Study(study).Series(viaClient.Get(SeriesInstanceUID)!)));
        Assert.Equal(viaClient.Get(SOPInstanceUID), metadata.Get(SOPInstanceUID));
    }

    [Fact]
    public async Task Bodies_over_the_bound_are_413_by_length_or_as_they_arrive()
    {
        await using ServedStore small = await ServedStore.StartAsync(options: new DicomWebServerOptions { MaxStowRequestBytes = 2000 });
        byte[] part10 = await TestData.Part10Async(SyntheticInstances.Create(DicomUid.Generate(), DicomUid.Generate(), DicomUid.Generate(), rows: 64, columns: 64));
        Assert.True(part10.Length > 4000);
        using var byLength = new HttpRequestMessage(HttpMethod.Post, "studies") { Content = TestData.Multipart("application/dicom", ("application/dicom", null, part10)) };
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await small.Http.SendAsync(byLength)).StatusCode);
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "studies") { Content = new ChunkedContent(await TestData.Multipart("application/dicom", ("application/dicom", null, part10)).ReadAsByteArrayAsync()) };
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await small.Http.SendAsync(chunked)).StatusCode);
        Assert.Equal(0, ((DicomWeb.Folder.DicomFolderClient)small.Store).InstanceCount);
    }

    /// <summary>A body of unknown length: sent chunked, so only the server's reading can find it too large.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.TryAddWithoutValidation("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=test-boundary-42");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (int i = 0; i < _bytes.Length; i += 512)
                await stream.WriteAsync(_bytes.AsMemory(i, Math.Min(512, _bytes.Length - i)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
