using System.Net;
using System.Text;
using DicomWeb.Client;
using DicomWeb.Json;
using DicomWeb.Sdk.Tests.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Tests.WadoRs;

/// <summary>WADO-RS responses a real server does not give on demand, from an in-process Kestrel server.</summary>
public class WadoFaultTests
{
    private static readonly WadoResource Instance = Wado.Study("1.2.3").Series("1.2.3.4").Instance("1.2.3.4.5");

    private static byte[] Body(string boundary, params (string Headers, byte[] Content)[] parts)
    {
        using var body = new MemoryStream();
        foreach (var (headers, content) in parts)
        {
            body.Write(Encoding.ASCII.GetBytes($"--{boundary}\r\n{headers}\r\n\r\n"));
            body.Write(content);
            body.Write("\r\n"u8);
        }
        body.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        return body.ToArray();
    }

    private static byte[] Bytes(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)(i * seed)).ToArray();

    private static DicomWebClient Client(FakeServer server, HttpClient http, DicomWebClientOptions? options = null) => new(http, options);

    [Fact]
    public async Task Odd_but_valid_headers_are_read_and_kept_on_each_part()
    {
        byte[] first = Bytes(3000, 7), second = Bytes(10, 3);
        // Unquoted type and boundary, lower-case part header names, a part without Content-Type (takes the type parameter).
        byte[] body = Body("b0und",
            ("content-type: application/dicom; transfer-syntax=1.2.840.10008.1.2.4.90\r\ncontent-location:  http://x/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5  \r\nX-Extra: yes", first),
            ("Content-Length: 10", second));
        await using var server = await FakeServer.StartAsync(async context =>
        {
            context.Response.Headers.ContentType = "multipart/related;type=application/dicom;boundary=b0und";
            await context.Response.Body.WriteAsync(body);
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var parts = await Parts.ReadAll(Client(server, http).RetrieveAsync(Instance));

        Assert.Equal(2, parts.Count);
        Assert.Equal(first, parts[0].Content);
        Assert.Equal("application/dicom", parts[0].Part.MediaType);
        Assert.Equal(DicomUids.JPEG2000Lossless, parts[0].Part.TransferSyntaxUid);
        Assert.Equal("http://x/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5", parts[0].Part.ContentLocation);
        Assert.Equal("yes", parts[0].Part.Headers["x-extra"]);
        Assert.Equal(second, parts[1].Content);
        Assert.Equal("application/dicom", parts[1].Part.ContentType);
        Assert.Equal(10, parts[1].Part.ContentLength);
        Assert.Equal("multipart/related; type=\"application/dicom\"; transfer-syntax=*", Assert.Single(server.AcceptHeaders));
    }

    [Fact]
    public async Task A_body_cut_off_before_the_closing_boundary_throws_after_the_complete_parts()
    {
        byte[] whole = Body("cut", ("Content-Type: application/dicom", Bytes(5000, 5)), ("Content-Type: application/dicom", Bytes(5000, 11)));
        var firstPartRead = new TaskCompletionSource();
        await using var server = await FakeServer.StartAsync(async context =>
        {
            context.Response.Headers.ContentType = "multipart/related; type=\"application/dicom\"; boundary=cut";
            await context.Response.Body.WriteAsync(whole.AsMemory(0, whole.Length - 3000));
            await context.Response.Body.FlushAsync();
            await firstPartRead.Task.WaitAsync(TimeSpan.FromSeconds(30));
            context.Abort(); // the connection drops mid-part
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        int complete = 0;
        var error = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomPart part in Client(server, http).RetrieveAsync(Instance))
            {
                await part.Content.CopyToAsync(Stream.Null);
                complete++;
                firstPartRead.TrySetResult();
            }
        });
        Assert.Equal(1, complete);
        Assert.Contains("multipart/related body is broken at byte", error.Message);
        Assert.Contains(server.Root + "studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5", error.Message);
    }

    [Fact]
    public async Task A_part_shorter_than_its_content_length_is_an_error_not_a_short_part()
    {
        byte[] body = Body("len", ("Content-Type: application/dicom\r\nContent-Length: 101", Bytes(100, 3)));
        await using var server = await FakeServer.StartAsync(async context =>
        {
            context.Response.Headers.ContentType = "multipart/related; type=\"application/dicom\"; boundary=len";
            await context.Response.Body.WriteAsync(body);
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var error = await Assert.ThrowsAsync<DicomWebException>(() => Parts.ReadAll(Client(server, http).RetrieveAsync(Instance)));
        Assert.Contains("the part has 100 bytes but its Content-Length says 101", error.Message);
    }

    [Fact]
    public async Task A_multipart_response_without_boundary_is_refused_naming_its_content_type()
    {
        await using var server = await FakeServer.StartAsync(async context =>
        {
            context.Response.Headers.ContentType = "multipart/related; type=\"application/dicom\"";
            await context.Response.Body.WriteAsync("--x\r\n\r\nabc\r\n--x--"u8.ToArray());
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var error = await Assert.ThrowsAsync<DicomWebException>(() => Parts.ReadAll(Client(server, http).RetrieveAsync(Instance)));
        Assert.Contains("no boundary parameter", error.Message);
        Assert.Contains("multipart/related; type=application/dicom", error.Message);
    }

    [Theory]
    [InlineData(404, "no such study")]
    [InlineData(503, "try later")]
    public async Task Error_statuses_name_the_url_status_and_body(int status, string text)
    {
        await using var server = await FakeServer.StartAsync(async context =>
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(text);
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var error = await Assert.ThrowsAsync<DicomWebException>(() => Parts.ReadAll(Client(server, http).RetrieveAsync(Instance)));
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(text, error.BodyExcerpt);
        Assert.Contains("instances/1.2.3.4.5", error.Message);
        // A multipart Accept refused with 404 or 503 is not retried with the other quoting; a 503 is
        // sent again as it was (DicomWebClientOptions.Retry, two retries by default).
        Assert.Equal(status == 503 ? 3 : 1, server.Requests.Count);
        Assert.Single(server.AcceptHeaders.Distinct());
        var metadataError = await Assert.ThrowsAsync<DicomWebException>(() => Client(server, http).RetrieveMetadataAsync(Instance));
        Assert.Equal((HttpStatusCode)status, metadataError.StatusCode);
    }

    [Fact]
    public async Task A_server_that_refuses_the_quoted_type_gets_it_unquoted_once_and_from_then_on()
    {
        await using var server = await FakeServer.StartAsync(async context =>
        {
            if (context.Request.Headers.Accept.ToString().Contains("type=\"", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("quotes not supported");
                return;
            }
            context.Response.Headers.ContentType = "multipart/related; type=application/dicom; boundary=q";
            await context.Response.Body.WriteAsync(Body("q", ("Content-Type: application/dicom", [1, 2, 3])));
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = Client(server, http);
        Assert.Equal([1, 2, 3], Assert.Single(await Parts.ReadAll(client.RetrieveAsync(Instance))).Content);
        Assert.Equal([1, 2, 3], Assert.Single(await Parts.ReadAll(client.RetrieveAsync(Instance))).Content);
        Assert.Equal(
            ["multipart/related; type=\"application/dicom\"; transfer-syntax=*", "multipart/related; type=application/dicom; transfer-syntax=*", "multipart/related; type=application/dicom; transfer-syntax=*"],
            server.AcceptHeaders);
    }

    [Fact]
    public async Task A_server_that_refuses_both_forms_reports_both()
    {
        await using var server = await FakeServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 406;
            await context.Response.WriteAsync("not acceptable");
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var error = await Assert.ThrowsAsync<DicomWebException>(() => Parts.ReadAll(Client(server, http, new DicomWebClientOptions { QuoteMultipartType = false }).RetrieveAsync(Instance)));
        Assert.Contains("asked again with the multipart type parameter quoted, it answered 406", error.Message);
        Assert.Equal(HttpStatusCode.NotAcceptable, error.StatusCode);
        Assert.Equal("not acceptable", error.BodyExcerpt);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_single_part_response_is_one_part_and_a_short_one_is_an_error()
    {
        byte[] instance = Bytes(4000, 13);
        bool truncate = false;
        var firstBytesRead = new TaskCompletionSource();
        await using var server = await FakeServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/dicom; transfer-syntax=1.2.840.10008.1.2.1";
            context.Response.Headers.ContentLocation = "/x";
            context.Response.ContentLength = instance.Length;
            await context.Response.Body.WriteAsync(instance.AsMemory(0, truncate ? 1000 : instance.Length));
            if (truncate)
            {
                await context.Response.Body.FlushAsync();
                await firstBytesRead.Task.WaitAsync(TimeSpan.FromSeconds(30));
                context.Abort();
            }
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = Client(server, http);
        var single = Assert.Single(await Parts.ReadAll(client.RetrieveAsync(Instance, [AcceptableMediaType.DicomSinglePart()])));
        Assert.Equal(instance, single.Content);
        Assert.Equal(DicomUids.ExplicitVRLittleEndian, single.Part.TransferSyntaxUid);
        Assert.Equal("/x", single.Part.ContentLocation);
        Assert.Equal(4000, single.Part.ContentLength);
        Assert.Equal("application/dicom", server.AcceptHeaders[0]);

        truncate = true;
        var error = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomPart part in client.RetrieveAsync(Instance, [AcceptableMediaType.DicomSinglePart()]))
            {
                byte[] buffer = new byte[8192];
                int got = 0;
                while (got < 1000)
                    got += await part.Content.ReadAsync(buffer.AsMemory(got));
                firstBytesRead.TrySetResult();
                while (await part.Content.ReadAsync(buffer) > 0)
                {
                }
            }
        });
        Assert.Contains("broke off at byte 1000", error.Message);
    }

    [Fact]
    public async Task Partial_content_without_a_range_delivers_the_parts_then_says_so()
    {
        await using var server = await FakeServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 206;
            context.Response.Headers["Warning"] = "299 fake: \"2 instances are offline\"";
            context.Response.Headers.ContentType = "multipart/related; type=\"application/dicom\"; boundary=p";
            await context.Response.Body.WriteAsync(Body("p", ("Content-Type: application/dicom", [9])));
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        int parts = 0;
        var error = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomPart part in Client(server, http).RetrieveAsync(Wado.Study("1.2.3")))
                parts++;
        });
        Assert.Equal(1, parts);
        Assert.Equal(HttpStatusCode.PartialContent, error.StatusCode);
        Assert.Contains("2 instances are offline", error.Message);
    }

    [Theory]
    [InlineData("honours")]   // 206 with the range
    [InlineData("ignores")]   // 200 with the whole value
    [InlineData("refuses")]   // 400 to single-part octet-stream, as Orthanc 1.10 does; the whole value comes multipart
    public async Task A_byte_range_of_bulk_data_is_exact_whatever_the_server_does_with_ranges(string behaviour)
    {
        byte[] value = Bytes(70_000, 31);
        await using var server = await FakeServer.StartAsync(async context =>
        {
            string range = context.Request.Headers.Range.ToString();
            bool single = context.Request.Headers.Accept.ToString() == "application/octet-stream";
            if (behaviour == "refuses" && single)
            {
                context.Response.StatusCode = 400;
                return;
            }
            if (behaviour == "honours" && range == "bytes=1000-66535")
            {
                context.Response.StatusCode = 206;
                context.Response.ContentType = "application/octet-stream";
                context.Response.Headers.ContentRange = $"bytes 1000-66535/{value.Length}";
                await context.Response.Body.WriteAsync(value.AsMemory(1000, 65536));
                return;
            }
            if (single)
            {
                context.Response.ContentType = "application/octet-stream";
                await context.Response.Body.WriteAsync(value);
                return;
            }
            context.Response.Headers.ContentType = "multipart/related; type=\"application/octet-stream\"; boundary=bulk";
            await context.Response.Body.WriteAsync(Body("bulk", ("Content-Type: application/octet-stream", value)));
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = Client(server, http);
        string uri = server.Root + "studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/bulk/7fe00010";

        var part = Assert.Single(await Parts.ReadAll(client.RetrieveBulkDataAsync(uri, new ByteRange(1000, 66535))));
        Assert.Equal(value[1000..66536], part.Content);
        var tail = Assert.Single(await Parts.ReadAll(client.RetrieveBulkDataAsync(uri, new ByteRange(69_990))));
        Assert.Equal(value[69_990..], tail.Content);
        var whole = Assert.Single(await Parts.ReadAll(client.RetrieveBulkDataAsync(uri)));
        Assert.Equal(value, whole.Content);
        Assert.Equal(behaviour == "refuses" ? 5 : 3, server.Requests.Count);
    }

    [Fact]
    public async Task Bulk_data_uris_of_another_server_are_not_followed()
    {
        await using var server = await FakeServer.StartAsync(_ => Task.CompletedTask);
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = Client(server, http);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Parts.ReadAll(client.RetrieveBulkDataAsync("http://elsewhere.example/bulk/1")));
        Assert.Contains("elsewhere.example", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Rendered_and_thumbnail_requests_carry_their_parameters_and_media_type()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 1, 2, 3];
        await using var server = await FakeServer.StartAsync(async context =>
        {
            context.Response.ContentType = context.Request.Headers.Accept.ToString();
            await context.Response.Body.WriteAsync(png);
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = Client(server, http);
        var options = new RenderedOptions { MediaType = "image/png", Window = new RenderedWindow(40, 400), Viewport = new RenderedViewport(64, 32), Annotation = RenderedAnnotation.Patient };
        var rendered = Assert.Single(await Parts.ReadAll(client.RetrieveRenderedAsync(Instance.Frames(2), options)));
        Assert.Equal(png, rendered.Content);
        Assert.Equal("image/png", rendered.Part.MediaType);
        var thumbnail = Assert.Single(await Parts.ReadAll(client.RetrieveThumbnailAsync(Wado.Study("1.2.3"), "image/gif", new RenderedViewport(48, 48))));
        Assert.Equal("image/gif", thumbnail.Part.ContentType);
        Assert.Equal(
            ["/dicom-web/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/2/rendered?window=40,400,linear&viewport=64,32&annotation=patient", "/dicom-web/studies/1.2.3/thumbnail?viewport=48,48"],
            server.Requests);
        Assert.Equal(["image/png", "image/gif"], server.AcceptHeaders);
    }

    [Fact]
    public async Task Streamed_metadata_yields_items_as_they_come_and_names_a_broken_one()
    {
        string good = "{\"00080018\":{\"vr\":\"UI\",\"Value\":[\"1.2.3.4.5\"]}}";
        var twoSeen = new TaskCompletionSource();
        bool streamed = true;
        await using var server = await FakeServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/dicom+json";
            await context.Response.WriteAsync($"[{good},{good},");
            await context.Response.Body.FlushAsync();
            if (streamed)
                await twoSeen.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the first items reach the caller before the broken one is sent
            await context.Response.WriteAsync("{\"00080018\":{\"vr\":\"XX\"}}]");
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = Client(server, http);
        var seen = new List<string?>();
        var error = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomDataset item in client.RetrieveMetadataAsyncEnumerable(Instance))
            {
                seen.Add(item.Get(SOPInstanceUID));
                if (seen.Count == 2)
                    twoSeen.TrySetResult();
            }
        });
        Assert.Equal(["1.2.3.4.5", "1.2.3.4.5"], seen);
        Assert.Contains("item [2]", error.Message);
        streamed = false;
        var whole = await Assert.ThrowsAsync<DicomWebException>(() => client.RetrieveMetadataAsync(Instance));
        Assert.Contains("$[2]", whole.Message);
        Assert.Equal(["application/dicom+json", "application/dicom+json"], server.AcceptHeaders);
    }

    private static async Task<(string Sop, byte[] File)> Instance10(int rows)
    {
        string sop = DicomWeb.Tests.SyntheticInstances.NewUid();
        var dataset = DicomWeb.Tests.SyntheticInstances.Create("1.2.3", "1.2.3.4", sop, rows: rows, columns: 256);
        using var stream = new MemoryStream();
        await DicomFile.Create(dataset).SaveAsync(stream);
        return (sop, stream.ToArray());
    }

    [Fact]
    public async Task Saving_names_files_by_uid_even_without_file_meta_and_leaves_no_partial_file_when_cut_off()
    {
        var (first, firstFile) = await Instance10(rows: 300);   // 77 KB: the name is read from the first 64 KiB
        var (second, secondFile) = await Instance10(rows: 8);
        // The second instance without preamble and file meta group: named from its data set instead.
        int metaEnd = 132 + 12 + BitConverter.ToInt32(secondFile, 140);
        byte[] bare = secondFile[metaEnd..];
        var (third, thirdFile) = await Instance10(rows: 400);
        byte[] body = Body("s", ("Content-Type: application/dicom", firstFile), ("Content-Type: application/dicom", bare), ("Content-Type: application/dicom", thirdFile));
        bool cut = false;
        var twoSaved = new TaskCompletionSource();
        await using var server = await FakeServer.StartAsync(async context =>
        {
            context.Response.Headers.ContentType = "multipart/related; type=\"application/dicom\"; boundary=s";
            await context.Response.Body.WriteAsync(body.AsMemory(0, cut ? body.Length - 50_000 : body.Length));
            if (cut)
            {
                await context.Response.Body.FlushAsync();
                await twoSaved.Task.WaitAsync(TimeSpan.FromSeconds(30));
                context.Abort();
            }
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = Client(server, http);
        string folder = Directory.CreateTempSubdirectory("dicomweb-save-").FullName;
        try
        {
            var files = await client.SaveInstancesAsync(Wado.Study("1.2.3"), folder);
            Assert.Equal([first + ".dcm", second + ".dcm", third + ".dcm"], files.Select(Path.GetFileName));
            Assert.Equal(firstFile, await File.ReadAllBytesAsync(files[0]));
            Assert.Equal(bare, await File.ReadAllBytesAsync(files[1]));
            Assert.Equal(thirdFile, await File.ReadAllBytesAsync(files[2]));

            cut = true;
            string again = Path.Combine(folder, "again");
            var reports = new List<SaveProgress>();
            await Assert.ThrowsAsync<DicomWebException>(() => client.SaveInstancesAsync(Wado.Study("1.2.3"), again, new Progress(reports, () => { if (reports.Count == 2) twoSaved.TrySetResult(); })));
            Assert.Equal(new[] { first + ".dcm", second + ".dcm" }.Order(), Directory.GetFiles(again).Select(Path.GetFileName).Order());
            Assert.Equal(2, reports.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Saving_in_a_transfer_syntax_sends_it_in_Accept_and_saving_without_asks_for_any()
    {
        var (sop, file) = await Instance10(rows: 8);
        byte[] body = Body("t", ("Content-Type: application/dicom; transfer-syntax=1.2.840.10008.1.2.1", file));
        await using var server = await FakeServer.StartAsync(async context =>
        {
            context.Response.Headers.ContentType = "multipart/related; type=\"application/dicom\"; boundary=t";
            await context.Response.Body.WriteAsync(body);
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = Client(server, http);
        string folder = Directory.CreateTempSubdirectory("dicomweb-save-ts-").FullName;
        try
        {
            var files = await client.SaveInstancesAsync(Wado.Study("1.2.3"), folder, [AcceptableMediaType.Dicom(DicomUids.ExplicitVRLittleEndian)]);
            Assert.Equal(file, await File.ReadAllBytesAsync(Assert.Single(files)));
            Assert.Equal(sop + ".dcm", Path.GetFileName(files[0]));
            await client.SaveInstancesAsync(Wado.Study("1.2.3"), Path.Combine(folder, "any"));
            await client.SaveInstancesAsync(Wado.Study("1.2.3"), Path.Combine(folder, "null"), accept: null);
            Assert.Equal(
                [
                    "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1",
                    "multipart/related; type=\"application/dicom\"; transfer-syntax=*",
                    "multipart/related; type=\"application/dicom\"; transfer-syntax=*",
                ],
                server.AcceptHeaders);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class Progress(List<SaveProgress> reports, Action? then = null) : IProgress<SaveProgress>
    {
        public void Report(SaveProgress value)
        {
            reports.Add(value);
            then?.Invoke();
        }
    }
}
