using System.Net;
using DicomWeb.Client;
using Microsoft.AspNetCore.Http;
using static DicomWeb.Sdk.Tests.Hostile.Hostile;

namespace DicomWeb.Sdk.Tests.Hostile;

/// <summary>
/// No hang: a server that sends its headers and a bit of body and then nothing ends every call
/// with a DicomWebException once ResponseIdleTimeout passes without a byte, with the client's
/// own HttpClient and with a caller's. Not timing tests: the assertions are about what is thrown;
/// the safety net turns a regression into a failure instead of a hang.
/// </summary>
public sealed class HostileSilenceTests : IDisposable
{
    private static readonly DicomWebClientOptions OneSecond = new() { ResponseIdleTimeout = TimeSpan.FromSeconds(1), ResponseHeadersTimeout = TimeSpan.FromSeconds(1) };
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-silent-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // What each operation's server sends before it falls silent: enough for the client to start reading.
    private static Task Answer(HttpContext context, HostileServer self)
    {
        string path = context.Request.Path.Value!;
        if (path.EndsWith("/metadata", StringComparison.Ordinal) || path.EndsWith("/studies", StringComparison.Ordinal) && context.Request.Method == "GET")
        {
            context.Response.ContentType = "application/dicom+json";
            return self.FallSilentAsync(context, "[{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2"u8.ToArray());
        }
        if (context.Request.Method == "POST")
        {
            context.Response.ContentType = "application/dicom+json";
            return self.FallSilentAsync(context, "{\"00081199\":"u8.ToArray());
        }
        if (path.Contains("/rendered", StringComparison.Ordinal) || path.Contains("/bulk/", StringComparison.Ordinal))
        {
            context.Response.ContentType = path.Contains("/rendered", StringComparison.Ordinal) ? "image/jpeg" : "application/octet-stream";
            return self.FallSilentAsync(context, new byte[100]);
        }
        if (path.Contains("/error", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 503;
            return self.FallSilentAsync(context, "busy, and then"u8.ToArray());
        }
        context.Response.ContentType = "multipart/related; type=\"application/dicom\"; boundary=b";
        return self.FallSilentAsync(context, PartStart);
    }

    private static readonly byte[] PartStart = "--b\r\nContent-Type: application/dicom\r\n\r\nDICM"u8.ToArray();

    [Theory]
    [InlineData("search", true)]
    [InlineData("search", false)]
    [InlineData("metadata", true)]
    [InlineData("metadata-stream", false)]
    [InlineData("retrieve", true)]
    [InlineData("retrieve", false)]
    [InlineData("bulk", true)]
    [InlineData("rendered", false)]
    [InlineData("error", true)]
    public async Task A_server_silent_after_the_headers_ends_the_call_with_a_DicomWebException(string operation, bool ownClient)
    {
        await using var server = await HostileServer.StartAsync(Answer);
        using var http = new HttpClient { BaseAddress = server.Root }; // a caller's, with its 100 s Timeout that does not cover bodies
        using DicomWebClient client = ownClient ? new DicomWebClient(server.Root, OneSecond) : new DicomWebClient(http, OneSecond);
        CancellationToken safety = Safety();
        Func<Task> call = operation switch
        {
            "search" => async () => { await foreach (var _ in client.SearchAsync(Qido.Studies(), safety)) { } },
            "metadata" => () => client.RetrieveMetadataAsync(Instance, safety),
            "metadata-stream" => async () => { await foreach (var _ in client.RetrieveMetadataAsyncEnumerable(Instance, safety)) { } },
            "retrieve" => async () => { await foreach (DicomPart part in client.RetrieveAsync(Instance, safety)) await part.Content.CopyToAsync(Stream.Null, safety); },
            "bulk" => async () => { await foreach (DicomPart part in client.RetrieveBulkDataAsync("studies/1.2.3/bulk/1", new ByteRange(0, 999), safety)) await part.Content.CopyToAsync(Stream.Null, safety); },
            "rendered" => async () => { await foreach (DicomPart part in client.RetrieveRenderedAsync(Instance, null, safety)) await part.Content.CopyToAsync(Stream.Null, safety); },
            _ => async () => { await foreach (var _ in client.RetrieveRenderedAsync(Wado.Study("1.2.3"), null, safety)) { } },
        };
        if (operation == "error")
        {
            // Same client, a path the server answers with 503 and a body that stops.
            var errorClient = ownClient ? new DicomWebClient(new Uri(server.Root, "error/"), OneSecond) : null;
            using var errorHttp = new HttpClient { BaseAddress = new Uri(server.Root, "error/") };
            errorClient ??= new DicomWebClient(errorHttp, OneSecond);
            using (errorClient)
            {
                var refused = await Assert.ThrowsAsync<DicomWebException>(async () => { await foreach (var _ in errorClient.RetrieveThumbnailAsync(Wado.Study("1.2.3"), cancellationToken: safety)) { } });
                // The refusal is what the call reports; the silent rest of the error body is noted in the excerpt.
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.Equal("busy, and then [the body stopped coming]", refused.BodyExcerpt);
            }
            return;
        }
        var error = await Assert.ThrowsAsync<DicomWebException>(call);
        Assert.Contains("no byte of the response body for 00:00:01 (ResponseIdleTimeout) after", error.Message);
        Assert.Contains(server.Origin.Authority, error.Message);
        Assert.Matches(@"after \d+ bytes", error.Message);
    }

    [Fact]
    public async Task The_silent_rest_of_a_multipart_body_is_named_with_the_bytes_received()
    {
        await using var server = await HostileServer.StartAsync(Answer);
        using var client = new DicomWebClient(server.Root, OneSecond);
        var error = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomPart part in client.RetrieveAsync(Instance, Safety()))
                await part.Content.CopyToAsync(Stream.Null);
        });
        Assert.Contains($"after {PartStart.Length} bytes", error.Message);
        Assert.Contains("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5", error.Message);
    }

    [Fact]
    public async Task A_server_that_never_answers_ends_search_and_delete_with_a_DicomWebException()
    {
        await using var server = await HostileServer.StartAsync(async (context, _) => await Task.Delay(TimeSpan.FromMinutes(2), context.RequestAborted));
        using var client = new DicomWebClient(server.Root, OneSecond);
        var search = await Assert.ThrowsAsync<DicomWebException>(async () => { await foreach (var _ in client.SearchAsync(Qido.Studies(), Safety())) { } });
        Assert.Contains("no response for 00:00:01 (ResponseHeadersTimeout)", search.Message);
        var delete = await Assert.ThrowsAsync<DicomWebException>(() => client.DeleteAsync(Wado.Study("1.2.3"), Safety()));
        Assert.Equal(HttpMethod.Delete, delete.Method);
    }

    [Fact]
    public async Task A_STOW_response_that_stops_coming_fails_its_instances_and_the_store_returns()
    {
        List<string> files = await Files(_folder, 2);
        await using var server = await HostileServer.StartAsync(Answer);
        using var client = new DicomWebClient(server.Root, OneSecond);
        StowResult result = await client.StoreAsync(files, null, null, Safety());
        Assert.Equal(2, result.Failed.Count);
        Assert.All(result.Failed, f => Assert.Contains("ResponseIdleTimeout", f.Reason));
        Assert.True(Assert.Single(server.Requests).BodyBytes > 0);
    }
}
