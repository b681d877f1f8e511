using System.Net;
using System.Security.Cryptography;
using DicomWeb.Client;
using DicomWeb.Json;
using DicomWeb.Sdk.Tests.Client;
using DicomWeb.Tests;
using Microsoft.AspNetCore.Http;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Tests.StowRs;

/// <summary>STOW-RS answers a real server does not give on demand, from an in-process Kestrel server that reads what the client sent.</summary>
public sealed class StowFaultTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-stow-fault-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A request as the server saw it: headers, and each part's headers and bytes.</summary>
    private sealed record Received(string ContentType, long? ContentLength, long BodyLength, string BodyHash, List<(DicomPart Part, byte[] Content)> Parts);

    private static async Task<Received> ReadRequest(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        byte[] bytes = body.ToArray();
        var parts = new List<(DicomPart, byte[])>();
        MediaTypeHeader type = MediaTypeHeader.TryParse(request.ContentType)!;
        if (type.IsMultipart)
        {
            var reader = MultipartRelatedReader.Create(new MemoryStream(bytes), type, "request", null);
            while (await reader.ReadNextPartAsync(CancellationToken.None) is DicomPart part)
            {
                using var copy = new MemoryStream();
                await part.Content.CopyToAsync(copy);
                parts.Add((part, copy.ToArray()));
            }
        }
        return new Received(request.ContentType!, request.ContentLength, bytes.Length, Convert.ToHexString(SHA256.HashData(bytes)), parts);
    }

    private static string SopOf(byte[] part10) => DicomFile.Open(part10).Dataset.Get(SOPInstanceUID)!;

    private static DicomDataset Referenced(string sop, int? warning = null, int? failure = null)
    {
        var item = new DicomDataset().Set(ReferencedSOPClassUID, DicomUids.SecondaryCaptureImageStorage).Set(ReferencedSOPInstanceUID, sop);
        if (warning is int w)
            item.Set(WarningReason, (ushort)w);
        if (failure is int f)
            item.Set(FailureReason, (ushort)f);
        else
            item.Set(RetrieveURL, $"http://server/studies/1.2.3/series/1.2.3.4/instances/{sop}");
        return item;
    }

    private static async Task Respond(HttpContext context, int status, DicomDataset dataset)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/dicom+json";
        await context.Response.Body.WriteAsync(DicomJson.SerializeToUtf8Bytes(dataset));
    }

    private async Task<List<string>> Files(int count, int rows = 32)
    {
        var files = new List<string>();
        for (int i = 0; i < count; i++)
            files.Add(await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create("1.2.3", "1.2.3.4", SyntheticInstances.NewUid(), instanceNumber: i + 1, rows: rows, columns: rows), _folder));
        return files;
    }

    [Fact]
    public async Task The_body_is_multipart_related_with_type_boundary_length_and_every_file_byte_for_byte()
    {
        var files = await Files(3);
        var received = new List<Received>();
        await using var server = await FakeServer.StartAsync(async context =>
        {
            Received request = await ReadRequest(context.Request);
            received.Add(request);
            await Respond(context, 200, new DicomDataset().Set(ReferencedSOPSequence, [.. request.Parts.Select(p => Referenced(SopOf(p.Content)))]));
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        StowResult result = await new DicomWebClient(http).StoreAsync(files);

        Received only = Assert.Single(received);
        Assert.StartsWith("multipart/related; type=\"application/dicom\"; boundary=DicomWeb-", only.ContentType);
        Assert.Equal(only.BodyLength, only.ContentLength);
        Assert.Equal(await Task.WhenAll(files.Select(f => File.ReadAllBytesAsync(f))), only.Parts.Select(p => p.Content));
        Assert.All(only.Parts, p => Assert.Equal("application/dicom", p.Part.ContentType));
        Assert.Equal(files, result.Stored.Select(s => s.Source));
        Assert.Equal(only.BodyLength, Assert.Single(result.Responses).Bytes);
        Assert.Equal(["/dicom-web/studies"], server.Requests);
        Assert.Equal(["application/dicom+json"], server.AcceptHeaders);
    }

    [Fact]
    public async Task Accepted_202_gives_stored_instances_with_warnings_and_failures_with_their_meaning()
    {
        var files = await Files(3);
        await using var server = await FakeServer.StartAsync(async context =>
        {
            Received request = await ReadRequest(context.Request);
            string[] sops = [.. request.Parts.Select(p => SopOf(p.Content))];
            context.Response.Headers["Warning"] = "299 fake: \"some elements were coerced\"";
            await Respond(context, 202, new DicomDataset()
                .Set(RetrieveURL, "http://server/studies/1.2.3")
                .Set(ReferencedSOPSequence, [Referenced(sops[0]), Referenced(sops[2], warning: 0xB000)])
                .Set(FailedSOPSequence, [Referenced(sops[1], failure: 43264)])
                .Set(OtherFailuresSequence, [new DicomDataset().Set(FailureReason, (ushort)0xA700)]));
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        StowResult result = await new DicomWebClient(http).StoreAsync(files);

        Assert.Equal([files[0], files[2]], result.Stored.Select(s => s.Source));
        Assert.Null(result.Stored[0].WarningReason);
        Assert.Equal(0xB000, result.Stored[1].WarningReason);
        Assert.StartsWith("Warning: coercion of data elements", result.Stored[1].WarningMeaning);
        Assert.Equal(new Uri($"http://server/studies/1.2.3/series/1.2.3.4/instances/{result.Stored[1].SopInstanceUid}"), result.Stored[1].RetrieveUrl);
        StowFailedInstance failed = Assert.Single(result.Failed);
        Assert.Equal((files[1], 43264, HttpStatusCode.Accepted), (failed.Source, failed.FailureReason!.Value, failed.StatusCode!.Value));
        Assert.Contains("Azure: validation failed", failed.Reason);
        Assert.Contains("out of resources", Assert.Single(result.OtherFailures).Reason);
        Assert.False(result.AllStored);
        StowResponse response = Assert.Single(result.Responses);
        Assert.Equal(new Uri("http://server/studies/1.2.3"), response.RetrieveUrl);
        Assert.Contains("coerced", response.Warning);
    }

    [Fact]
    public async Task Response_items_without_a_readable_SOP_Instance_UID_stand_for_no_instance()
    {
        var files = await Files(3);
        // The first two carry their SOP Instance UID in the file meta information only (the data set has none):
        // an item with no UID must not be matched to them through the missing data set UID.
        // (Its (0008,0018) becomes (0008,0019), byte for byte: a writer would restore the UID.)
        for (int i = 0; i < 2; i++)
        {
            byte[] bytes = await File.ReadAllBytesAsync(files[i]);
            int at = bytes.AsSpan().IndexOf("\b\0\u0018\0UI"u8);
            bytes[at + 2] = 0x19;
            await File.WriteAllBytesAsync(files[i], bytes);
            DicomFile file = await DicomFile.OpenAsync(files[i]);
            Assert.Null(file.Dataset.Get(SOPInstanceUID));
            Assert.NotNull(file.FileMetaInformation.Get(MediaStorageSOPInstanceUID));
        }
        await using var server = await FakeServer.StartAsync(async context =>
        {
            Received request = await ReadRequest(context.Request);
            string sop = DicomFile.Open(request.Parts[2].Content).FileMetaInformation.Get(MediaStorageSOPInstanceUID)!;
            // A "stored" item with no UID, one whose UID has the wrong VR (a number), and a failure with no UID.
            string sopClass = $"\"00081150\":{{\"vr\":\"UI\",\"Value\":[\"{DicomUids.SecondaryCaptureImageStorage}\"]}}";
            context.Response.StatusCode = 202;
            context.Response.ContentType = "application/dicom+json";
            await context.Response.WriteAsync(
                $"{{\"00081198\":{{\"vr\":\"SQ\",\"Value\":[{{\"00081197\":{{\"vr\":\"US\",\"Value\":[49152]}}}}]}}," +
                $"\"00081199\":{{\"vr\":\"SQ\",\"Value\":[{{{sopClass}}},{{{sopClass},\"00081155\":{{\"vr\":\"DS\",\"Value\":[1.5]}}}}," +
                $"{{{sopClass},\"00081155\":{{\"vr\":\"UI\",\"Value\":[\"{sop}\"]}}}}]}}}}");
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        StowResult result = await new DicomWebClient(http).StoreAsync(files);

        // Only the instance the server named is stored; the other two stay unknown, not credited to the UID-less items.
        Assert.Equal([files[2]], result.Stored.Select(s => s.Source));
        Assert.Equal([files[0], files[1]], result.Failed.Select(f => f.Source));
        Assert.All(result.Failed, f => Assert.Contains("does not mention this instance", f.Reason, StringComparison.Ordinal));
        Assert.Contains("cannot understand", Assert.Single(result.OtherFailures).Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_500_in_the_middle_fails_its_request_and_the_rest_is_not_sent_every_input_once()
    {
        var files = await Files(6);
        int requests = 0;
        await using var server = await FakeServer.StartAsync(async context =>
        {
            Received request = await ReadRequest(context.Request);
            if (Interlocked.Increment(ref requests) == 2)
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("database is locked");
                return;
            }
            await Respond(context, 200, new DicomDataset().Set(ReferencedSOPSequence, [.. request.Parts.Select(p => Referenced(SopOf(p.Content)))]));
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var progress = new List<StowProgress>();
        StowResult result = await new DicomWebClient(http).StoreAsync(files, new StowOptions { MaxInstancesPerRequest = 2, MaxParallelRequests = 1 }, new Recorder<StowProgress>(progress));

        Assert.Equal(files[..2], result.Stored.Select(s => s.Source));
        Assert.Equal(files[2..4], result.Failed.Select(f => f.Source!));
        Assert.All(result.Failed, f => Assert.Equal("the request failed: 500 InternalServerError: database is locked", f.Reason));
        Assert.Equal(files[4..], result.NotSent.Select(n => n.Source));
        Assert.All(result.NotSent, n => Assert.Equal("an earlier request failed with 500 InternalServerError", n.Reason));
        Assert.Equal(2, requests);
        Assert.Equal([2, 4], progress.Select(p => p.InstancesDone));
    }

    [Fact]
    public async Task A_503_is_retried_with_the_whole_body_read_again_from_the_sources()
    {
        var files = await Files(2, rows: 200);
        var received = new List<Received>();
        await using var server = await FakeServer.StartAsync(async context =>
        {
            Received request = await ReadRequest(context.Request);
            received.Add(request);
            if (received.Count == 1)
            {
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = "0";
                return;
            }
            await Respond(context, 200, new DicomDataset().Set(ReferencedSOPSequence, [.. request.Parts.Select(p => Referenced(SopOf(p.Content)))]));
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        StowResult result = await new DicomWebClient(http).StoreAsync(files);

        Assert.True(result.AllStored);
        Assert.Equal(2, received.Count);
        Assert.True(received[0].BodyLength > 80_000);
        Assert.Equal(received[0].BodyLength, received[1].BodyLength);
        Assert.Equal(received[0].Parts.Select(p => p.Content), received[1].Parts.Select(p => p.Content));
        Assert.Equal(2, Assert.Single(result.Responses).Attempts);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_and_when_it_keeps_dropping_the_outcome_is_unknown()
    {
        var files = await Files(2);
        int requests = 0;
        bool alwaysDrop = false;
        await using var server = await FakeServer.StartAsync(async context =>
        {
            Received request = await ReadRequest(context.Request);
            if (Interlocked.Increment(ref requests) == 1 || alwaysDrop)
            {
                context.Abort();
                return;
            }
            await Respond(context, 200, new DicomDataset().Set(ReferencedSOPSequence, [.. request.Parts.Select(p => Referenced(SopOf(p.Content)))]));
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = new DicomWebClient(http);
        StowResult recovered = await client.StoreAsync(files);
        Assert.True(recovered.AllStored);
        Assert.Equal(2, Assert.Single(recovered.Responses).Attempts);

        alwaysDrop = true;
        requests = 0;
        StowResult lost = await client.StoreAsync(files, new StowOptions { MaxRetries = 1 });
        Assert.Equal(2, requests);
        Assert.Equal(files, lost.Failed.Select(f => f.Source!));
        Assert.All(lost.Failed, f => Assert.Contains("the outcome is unknown", f.Reason));
        Assert.Null(Assert.Single(lost.Responses).StatusCode);
    }

    [Fact]
    public async Task A_request_with_a_stream_that_cannot_be_read_again_is_not_retried()
    {
        var files = await Files(1);
        int requests = 0;
        await using var server = await FakeServer.StartAsync(async context =>
        {
            await ReadRequest(context.Request);
            Interlocked.Increment(ref requests);
            context.Response.StatusCode = 503;
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        await using var pipe = new OneWayStream(await File.ReadAllBytesAsync(files[0]));
        StowResult result = await new DicomWebClient(http).StoreAsync([pipe]);

        Assert.Equal(1, requests);
        StowFailedInstance failed = Assert.Single(result.Failed);
        Assert.Equal(("stream 1", HttpStatusCode.ServiceUnavailable), (failed.Source!, failed.StatusCode!.Value));
        Assert.NotNull(failed.SopInstanceUid);
    }

    [Fact]
    public async Task A_409_is_a_result_and_later_requests_still_go()
    {
        var files = await Files(2);
        await using var server = await FakeServer.StartAsync(async context =>
        {
            Received request = await ReadRequest(context.Request);
            string sop = SopOf(request.Parts[0].Content);
            if (sop == DicomFile.Open(File.ReadAllBytes(files[0])).Dataset.Get(SOPInstanceUID))
            {
                var failed = Referenced(sop, failure: 0x0110).Set(new StringTag(new DicomTag(0x0009, 0x0010), DicomVR.LO), "GOOGLE").Set(new StringTag(new DicomTag(0x0009, 0x0097), DicomVR.LO), "Study UID mismatch");
                await Respond(context, 409, new DicomDataset().Set(FailedSOPSequence, [failed]));
                return;
            }
            await Respond(context, 200, new DicomDataset().Set(ReferencedSOPSequence, [Referenced(sop)]));
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        StowResult result = await new DicomWebClient(http).StoreAsync(files, new StowOptions { MaxInstancesPerRequest = 1, MaxParallelRequests = 1, StudyInstanceUid = "1.2.3" });

        StowFailedInstance conflict = Assert.Single(result.Failed);
        Assert.Equal((files[0], 272, HttpStatusCode.Conflict), (conflict.Source!, conflict.FailureReason!.Value, conflict.StatusCode!.Value));
        // 0110H reads the same on every server; Google's private FailureDetail follows it.
        Assert.Equal("Processing failure (0110H): Study UID mismatch", conflict.Reason);
        Assert.Equal("Processing failure (0110H)", StowFailureReasons.Describe(272));
        Assert.Equal(files[1], Assert.Single(result.Stored).Source);
        Assert.Equal(["/dicom-web/studies/1.2.3", "/dicom-web/studies/1.2.3"], server.Requests);
    }

    [Fact]
    public async Task An_xml_response_is_read_like_json()
    {
        var files = await Files(1);
        await using var server = await FakeServer.StartAsync(async context =>
        {
            Received request = await ReadRequest(context.Request);
            context.Response.ContentType = "application/dicom+xml";
            await context.Response.WriteAsync($"""
                <?xml version="1.0" encoding="utf-8"?>
                <NativeDicomModel xmlns="http://dicom.nema.org/PS3.19/models/NativeDICOM">
                  <DicomAttribute tag="00081199" vr="SQ" keyword="ReferencedSOPSequence">
                    <Item number="1">
                      <DicomAttribute tag="00081150" vr="UI"><Value number="1">{DicomUids.SecondaryCaptureImageStorage}</Value></DicomAttribute>
                      <DicomAttribute tag="00081155" vr="UI"><Value number="1">{SopOf(request.Parts[0].Content)}</Value></DicomAttribute>
                      <DicomAttribute tag="00081196" vr="US"><Value number="1">45070</Value></DicomAttribute>
                      <DicomAttribute tag="00081190" vr="UR"><Value number="1">http://server/x</Value></DicomAttribute>
                    </Item>
                  </DicomAttribute>
                </NativeDicomModel>
                """);
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        StowResult result = await new DicomWebClient(http).StoreAsync(files);
        StowStoredInstance stored = Assert.Single(result.Stored);
        Assert.Equal(45070, stored.WarningReason);
        Assert.StartsWith("Azure: the instance already exists", stored.WarningMeaning);
        Assert.Equal(new Uri("http://server/x"), stored.RetrieveUrl);
        Assert.Equal("application/dicom+xml", result.ResponseMediaType);
        Assert.Equal("application/dicom+xml", Assert.Single(result.Responses).MediaType);
    }

    [Fact]
    public async Task Canceling_a_slow_store_leaves_a_record_of_what_was_stored_and_not_sent()
    {
        var files = await Files(3);
        int requests = 0;
        var slowOneArrived = new TaskCompletionSource();
        await using var server = await FakeServer.StartAsync(async context =>
        {
            Received request = await ReadRequest(context.Request);
            if (Interlocked.Increment(ref requests) == 2)
            {
                slowOneArrived.TrySetResult();
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted); // the slow one
            }
            await Respond(context, 200, new DicomDataset().Set(ReferencedSOPSequence, [.. request.Parts.Select(p => Referenced(SopOf(p.Content)))]));
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        using var cancel = new CancellationTokenSource();
        _ = slowOneArrived.Task.ContinueWith(_ => cancel.Cancel(), TaskScheduler.Default);
        var progress = new Recorder<StowProgress>([]);
        var error = await Assert.ThrowsAsync<StowCanceledException>(() =>
            new DicomWebClient(http).StoreAsync(files, new StowOptions { MaxInstancesPerRequest = 1, MaxParallelRequests = 1 }, progress, cancel.Token));

        Assert.Equal(files[0], Assert.Single(error.Result.Stored).Source);
        StowFailedInstance inFlight = Assert.Single(error.Result.Failed);
        Assert.Equal(files[1], inFlight.Source);
        Assert.Contains("canceled while this request was in flight", inFlight.Reason);
        Assert.Equal(files[2], Assert.Single(error.Result.NotSent).Source);
        Assert.Equal(2, requests);
    }

    [Fact]
    public async Task Canceled_before_anything_is_sent_every_input_is_not_sent()
    {
        var files = await Files(2);
        await using var server = await FakeServer.StartAsync(_ => Task.CompletedTask);
        using var http = new HttpClient { BaseAddress = server.Root };
        var error = await Assert.ThrowsAsync<StowCanceledException>(() => new DicomWebClient(http).StoreAsync(files, new CancellationToken(canceled: true)));
        Assert.Equal(files, error.Result.NotSent.Select(n => n.Source));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Data_sets_go_as_json_with_their_pixel_data_as_a_bulk_data_part()
    {
        string sop = SyntheticInstances.NewUid();
        DicomDataset dataset = SyntheticInstances.Create("1.2.3", "1.2.3.4", sop, rows: 300, columns: 300);
        byte[] pixels = dataset.GetBulkData(PixelData)!.Bytes!.Value.ToArray();
        Received? seen = null;
        await using var server = await FakeServer.StartAsync(async context =>
        {
            seen = await ReadRequest(context.Request);
            await Respond(context, 200, new DicomDataset().Set(ReferencedSOPSequence, [Referenced(sop)]));
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var withUri = new DicomDataset().Set(SOPClassUID, DicomUids.SecondaryCaptureImageStorage).Set(SOPInstanceUID, "1.2.3.9")
            .Set(new BinaryTag(PixelData.Tag, DicomVR.OB), DicomBulkData.FromUri("file:///elsewhere.dcm#offset=0&length=10"));
        StowResult result = await new DicomWebClient(http).StoreAsync([dataset, withUri]);

        Assert.StartsWith("multipart/related; type=\"application/dicom+json\"; boundary=", seen!.ContentType);
        Assert.Equal(2, seen.Parts.Count);
        Assert.Equal("application/dicom+json", seen.Parts[0].Part.ContentType);
        DicomDataset sent = Assert.Single(DicomJson.DeserializeArray(seen.Parts[0].Content));
        string uri = sent.GetBulkData(PixelData)!.Uri!;
        Assert.Equal(uri, seen.Parts[1].Part.ContentLocation);
        Assert.Equal(pixels, seen.Parts[1].Content);
        Assert.Equal(dataset.Get(PatientName), sent.Get(PatientName));
        Assert.Equal("dataset 1", Assert.Single(result.Stored).Source);
        StowFailedInstance refused = Assert.Single(result.Failed);
        Assert.Equal(("dataset 2", null), (refused.Source, refused.StatusCode));
        Assert.Contains("holds a BulkDataURI", refused.Reason);
    }

    [Fact]
    public async Task Single_part_posts_send_each_instance_as_application_dicom()
    {
        var files = await Files(2);
        var received = new List<(string Type, byte[] Body)>();
        await using var server = await FakeServer.StartAsync(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Add((context.Request.ContentType!, body.ToArray()));
            await Respond(context, 200, new DicomDataset().Set(ReferencedSOPSequence, [Referenced(SopOf(body.ToArray()))]));
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        StowResult result = await new DicomWebClient(http).StoreAsync(files, new StowOptions { SinglePart = true, MaxParallelRequests = 1 });
        Assert.True(result.AllStored);
        Assert.Equal(["application/dicom", "application/dicom"], received.Select(r => r.Type));
        Assert.Equal(await Task.WhenAll(files.Select(f => File.ReadAllBytesAsync(f))), received.Select(r => r.Body));
    }

    [Fact]
    public async Task A_file_cut_short_after_it_was_checked_fails_its_request_and_is_not_reported_stored()
    {
        var files = await Files(2);
        await using var server = await FakeServer.StartAsync(async context =>
        {
            Received request = await ReadRequest(context.Request);
            // The first request is in: the second file is cut short before its request is written.
            File.WriteAllBytes(files[1], File.ReadAllBytes(files[1])[..1000]);
            await Respond(context, 200, new DicomDataset().Set(ReferencedSOPSequence, [.. request.Parts.Select(p => Referenced(SopOf(p.Content)))]));
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        StowResult result = await new DicomWebClient(http).StoreAsync(files, new StowOptions { MaxInstancesPerRequest = 1, MaxParallelRequests = 1, MaxRetries = 0 });

        Assert.Equal([files[0]], result.Stored.Select(s => s.Source));
        StowFailedInstance failed = Assert.Single(result.Failed);
        Assert.Equal(files[1], failed.Source);
        Assert.True(failed.Reason.Contains("announced"), failed.Reason);
    }

    [Fact]
    public async Task Inputs_that_are_not_dicom_fail_before_anything_is_sent()
    {
        string text = Path.Combine(_folder, "report.pdf"), missing = Path.Combine(_folder, "missing.dcm");
        await File.WriteAllTextAsync(text, "%PDF-1.7");
        await using var server = await FakeServer.StartAsync(_ => Task.CompletedTask);
        using var http = new HttpClient { BaseAddress = server.Root };
        StowResult result = await new DicomWebClient(http).StoreAsync([text, missing]);
        Assert.Equal([text, missing], result.Failed.Select(f => f.Source));
        Assert.Contains("not a DICOM Part 10 file", result.Failed[0].Reason);
        Assert.Contains("cannot be read", result.Failed[1].Reason);
        Assert.All(result.Failed, f => Assert.Null(f.SopInstanceUid));
        Assert.Empty(server.Requests);
    }

    private sealed class Recorder<T>(List<T> list, Action<T>? then = null) : IProgress<T>
    {
        public void Report(T value)
        {
            list.Add(value);
            then?.Invoke(value);
        }
    }

    /// <summary>A stream that can be read once, front to back, like a network upload.</summary>
    private sealed class OneWayStream(byte[] bytes) : ReadOnlyStream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);
    }
}
