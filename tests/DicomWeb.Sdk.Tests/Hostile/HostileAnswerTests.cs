using System.Net;
using System.Net.Sockets;
using DicomWeb.Client;
using Microsoft.AspNetCore.Http;
using static DicomWeb.DicomTags;
using static DicomWeb.Sdk.Tests.Hostile.Hostile;

namespace DicomWeb.Sdk.Tests.Hostile;

/// <summary>
/// One exception rule and saying what happened: odd or hostile answers are DicomWebExceptions
/// (or typed results), never InvalidOperationException, OverflowException, HttpRequestException
/// or a handler's own exception escaping a call.
/// </summary>
public sealed class HostileAnswerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-answers-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<HostileServer> Answering(int status, string contentType, string body) => HostileServer.StartAsync(async (context, self) =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await self.WriteAsync(context, System.Text.Encoding.UTF8.GetBytes(body));
    });

    [Fact]
    public async Task A_STOW_body_of_whitespace_a_login_page_and_a_RetrieveURL_of_VR_SQ_are_read_without_exceptions()
    {
        List<string> files = await Files(_folder, 1);
        string sop = DicomFile.Open(await File.ReadAllBytesAsync(files[0])).Dataset.Get(SOPInstanceUID)!;
        await using (var blank = await Answering(200, "application/dicom+json", " \r\n\t "))
        {
            using var client = new DicomWebClient(blank.Root);
            StowResult result = await client.StoreAsync(files, null, null, Safety());
            Assert.Equal(files, result.Stored.Select(s => s.Source)); // 200 without detail: stored (PS3.18 10.5.3.1)
        }
        string odd = $$$"""
            {"00081190":{"vr":"SQ","Value":[{}]},
             "00081199":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":["1.2.840.10008.5.1.4.1.1.7"]},"00081155":{"vr":"UI","Value":["{{{sop}}}"]},"00081190":{"vr":"SQ","Value":[{}]},"00081196":{"vr":"US","Value":[45070]}}]}}
            """;
        await using (var page = await Answering(200, "text/html", "<html>Please log in</html>"))
        {
            using var client = new DicomWebClient(page.Root);
            StowResult result = await client.StoreAsync(files, null, null, Safety());
            Assert.Contains("with a body that is not a response data set (Content-Type 'text/html')", Assert.Single(result.Failed).Reason);
        }
        await using var server = await Answering(200, "application/dicom+json", odd);
        using var oddClient = new DicomWebClient(server.Root);
        StowResult stored = await oddClient.StoreAsync(files, null, null, Safety());
        StowStoredInstance instance = Assert.Single(stored.Stored);
        Assert.Null(instance.RetrieveUrl);
        Assert.Equal(45070, instance.WarningReason);
        Assert.Null(Assert.Single(stored.Responses).RetrieveUrl);
    }

    [Theory]
    [InlineData("There are 99999999999 additional results that can be requested", QidoWarningKind.AdditionalResults, int.MaxValue)]
    [InlineData("There are -5 additional results that can be requested", QidoWarningKind.Other, null)]
    [InlineData("There are 5x additional results that can be requested", QidoWarningKind.Other, null)]
    [InlineData("There are 12 additional results that can be requested", QidoWarningKind.AdditionalResults, 12)]
    public void Warning_299_counts_are_read_strictly(string text, QidoWarningKind kind, int? remaining)
    {
        QidoWarning warning = Assert.Single(QidoWarning.Parse($"299 server \"{text}\""));
        Assert.Equal((kind, remaining), (warning.Kind, warning.RemainingResults));
    }

    [Theory]
    // A quoted-string with quoted-pairs (RFC 9110 5.6.4) is the text with its quote and backslash; it was cut at the first \".
    [InlineData("299 server \"the key \\\"PatientSex\\\" is C:\\\\ignored\"", "the key \"PatientSex\" is C:\\ignored")]
    [InlineData("299 \"no host, and spaces\"", "no host, and spaces")]
    [InlineData("299 server unquoted text", "unquoted text")]
    [InlineData("299 server \"cut off before its quote", "cut off before its quote")]
    public void A_warnings_text_is_read_whole(string header, string text) =>
        Assert.Equal(text, Assert.Single(QidoWarning.Parse(header)).Text);

    [Fact]
    public void Two_warnings_in_one_header_are_two_and_a_299_inside_a_text_is_not_a_third()
    {
        List<QidoWarning> warnings = [.. QidoWarning.Parse("299 a \"one, 299 b \\\"x\\\"\", 299 c \"two\"")];
        Assert.Equal(["one, 299 b \"x\"", "two"], warnings.Select(w => w.Text));
    }

    [Fact]
    public async Task A_negative_count_of_additional_results_does_not_page()
    {
        await using var server = await HostileServer.StartAsync(async (context, self) =>
        {
            context.Response.Headers["Warning"] = "299 server \"There are -5 additional results that can be requested\"";
            context.Response.ContentType = "application/dicom+json";
            await self.WriteAsync(context, (byte[])[(byte)'[', .. Study(1), (byte)']']);
        });
        using var client = new DicomWebClient(server.Root);
        var warnings = new List<QidoWarning>();
        await foreach (var _ in client.SearchAsync(Qido.Studies(), warnings, Safety()))
        {
        }
        Assert.Single(server.Requests);
        Assert.Equal(QidoWarningKind.Other, Assert.Single(warnings).Kind);
    }

    private static Uri Closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/dicom-web/");
    }

    [Fact]
    public async Task Nothing_listening_is_a_DicomWebException_for_every_operation_and_not_stored_for_STOW()
    {
        Uri root = Closed();
        using var http = new HttpClient { BaseAddress = root };
        using var client = new DicomWebClient(http);
        var search = await Assert.ThrowsAsync<DicomWebException>(async () => { await foreach (var _ in client.SearchAsync(Qido.Studies(), Safety())) { } });
        Assert.IsType<HttpRequestException>(search.InnerException);
        await Assert.ThrowsAsync<DicomWebException>(() => client.DeleteAsync(Wado.Study("1.2.3"), Safety()));
        await Assert.ThrowsAsync<DicomWebException>(() => client.RetrieveMetadataAsync(Instance, Safety()));

        List<string> files = await Files(_folder, 3);
        StowResult result = await client.StoreAsync(files, new StowOptions { MaxInstancesPerRequest = 1, MaxParallelRequests = 1, MaxRetries = 0 }, null, Safety());
        Assert.Equal(files, result.NotSent.Select(n => n.Source));
        Assert.Contains("never reached the server", result.NotSent[0].Reason);
        Assert.Empty(result.Failed);
    }

    private sealed class BrokenCircuitException(string message) : Exception(message);

    private sealed class TimeoutRejectedException(string message) : Exception(message);

    /// <summary>A resilience handler of the caller's pipeline, throwing its own exception types.</summary>
    private sealed class Breaker(Exception toThrow) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => throw toThrow;
    }

    [Fact]
    public async Task A_handler_throwing_its_own_exceptions_leaves_STOW_a_result_for_every_instance_and_other_calls_a_DicomWebException()
    {
        await using var server = await Answering(200, "application/dicom+json", "{}");
        List<string> files = await Files(_folder, 4);
        foreach (Exception thrown in new Exception[] { new BrokenCircuitException("the circuit is open"), new TimeoutRejectedException("timed out after 10 s") })
        {
            using var http = new HttpClient(new Breaker(thrown)) { BaseAddress = server.Root };
            using var client = new DicomWebClient(http);
            StowResult result = await client.StoreAsync(files, new StowOptions { MaxInstancesPerRequest = 2, MaxParallelRequests = 1 }, null, Safety());
            Assert.Equal(4, result.Failed.Count + result.NotSent.Count);
            Assert.Contains(thrown.GetType().Name, result.Failed[0].Reason);

            var search = await Assert.ThrowsAsync<DicomWebException>(async () => { await foreach (var _ in client.SearchAsync(Qido.Studies(), Safety())) { } });
            Assert.Same(thrown, search.InnerException);
        }
    }

    [Theory]
    [InlineData("retrieve")]
    [InlineData("metadata")]
    [InlineData("search")]
    [InlineData("rendered")]
    public async Task A_200_text_html_answer_is_an_error_not_a_result(string operation)
    {
        await using var server = await Answering(200, "text/html; charset=utf-8", "<html><body>Please log in</body></html>");
        using var client = new DicomWebClient(server.Root);
        CancellationToken safety = Safety();
        var error = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            switch (operation)
            {
                case "retrieve":
                    await foreach (var _ in client.RetrieveAsync(Instance, safety)) { }
                    break;
                case "metadata":
                    await client.RetrieveMetadataAsync(Instance, safety);
                    break;
                case "search":
                    await foreach (var _ in client.SearchAsync(Qido.Studies(), safety)) { }
                    break;
                default:
                    await foreach (var _ in client.RetrieveRenderedAsync(Instance, new RenderedOptions { MediaType = "image/png" }, safety)) { }
                    break;
            }
        });
        Assert.Contains("with Content-Type 'text/html; charset=utf-8'", error.Message);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
    }

    [Fact]
    public async Task The_quoting_fallback_is_only_for_answers_about_Accept_and_errors_name_the_first_answer()
    {
        await using var server = await HostileServer.StartAsync(async (context, self) =>
        {
            if (context.Request.Path.Value!.EndsWith("/frames/9", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 400;
                await self.WriteAsync(context, "frame 9 is out of range"u8.ToArray());
                return;
            }
            context.Response.ContentType = "multipart/related; type=\"application/octet-stream\"; boundary=b";
            await self.WriteAsync(context, "--b\r\nContent-Type: application/octet-stream\r\n\r\n123\r\n--b--"u8.ToArray());
        });
        // First request ever: a 400 may be about the quoting, so the other form is tried once.
        using (var fresh = new DicomWebClient(server.Root))
        {
            var first = await Assert.ThrowsAsync<DicomWebException>(() => WadoRs.Parts.ReadAll(fresh.RetrieveAsync(Instance.Frames(9), Safety())));
            Assert.Equal((HttpStatusCode.BadRequest, "frame 9 is out of range"), (first.StatusCode, first.BodyExcerpt));
            Assert.StartsWith("the server refused the request (asked again with the multipart type parameter unquoted, it answered 400", first.Message);
            Assert.DoesNotContain("quoted and unquoted", first.Message);
            Assert.Equal(2, server.Requests.Count);
        }
        // Once a multipart request has worked, a 400 is about the request: no second try.
        using var client = new DicomWebClient(server.Root);
        Assert.Single(await WadoRs.Parts.ReadAll(client.RetrieveAsync(Instance.Frames(1), Safety())));
        int before = server.Requests.Count;
        var error = await Assert.ThrowsAsync<DicomWebException>(() => WadoRs.Parts.ReadAll(client.RetrieveAsync(Instance.Frames(9), Safety())));
        Assert.Equal(before + 1, server.Requests.Count);
        Assert.Equal("frame 9 is out of range", error.BodyExcerpt);
        Assert.StartsWith("the server refused the request: GET", error.Message);
    }

    [Fact]
    public async Task Saving_a_missing_study_leaves_no_folder()
    {
        await using var server = await Answering(404, "text/plain", "no such study");
        using var client = new DicomWebClient(server.Root);
        string folder = Path.Combine(_folder, "study");
        var error = await Assert.ThrowsAsync<DicomWebException>(() => client.SaveInstancesAsync(Wado.Study("1.2.3"), folder, cancellationToken: Safety()));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData("file:///tmp/dicom-web/")]
    [InlineData("ftp://pacs.example.org/dicom-web/")]
    public void A_base_address_that_is_not_absolute_http_is_refused_in_both_constructors(string address)
    {
        var own = Assert.Throws<ArgumentException>(() => new DicomWebClient(new Uri(address)));
        Assert.Contains(address, own.Message);
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var callers = Assert.Throws<ArgumentException>(() => new DicomWebClient(http));
        Assert.Contains(address, callers.Message);
        Assert.Throws<ArgumentException>(() => new DicomWebClient(new Uri("/dicom-web/", UriKind.Relative)));
    }

    [Fact]
    public async Task Disposing_a_client_over_a_callers_HttpClient_leaves_that_HttpClient_usable()
    {
        await using var server = await Answering(200, "application/dicom+json", "[]");
        using var http = new HttpClient { BaseAddress = server.Root };
        new DicomWebClient(http).Dispose();
        Assert.Equal("[]", await http.GetStringAsync("studies"));
        var owned = new DicomWebClient(server.Root);
        owned.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => { await foreach (var _ in owned.SearchAsync(Qido.Studies())) { } });
    }
}
