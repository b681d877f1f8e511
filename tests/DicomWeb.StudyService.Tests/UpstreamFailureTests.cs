using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DicomWeb.Tests;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace DicomWeb.StudyService.Tests;

/// <summary>
/// An upstream that is slow, down or hostile: every request ends by its deadline in a 504 problem;
/// one that cannot be reached is a 502 (never the 409 of instances the server refused); no answer
/// names the upstream's address, while the log does; and the server's bytes reach the log escaped.
/// </summary>
[Collection(StudyServiceCollection.Name)]
public sealed class UpstreamFailureTests(PublishedStudyService fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_silent_upstream_ends_every_request_at_the_RequestTimeout_in_a_504_problem()
    {
        await using StubUpstream silent = await StubUpstream.SilentAsync();
        ServiceProcess service = fixture.Start(new Dictionary<string, string>
        {
            ["DicomWeb__BaseAddress"] = silent.DicomWebRoot.AbsoluteUri,
            ["StudyService__RequestTimeout"] = "00:00:02",
        });
        // Before the deadline existed, these waited for the SDK's ResponseIdleTimeout (2 minutes): the client gives up at 20 s.
        using var http = new HttpClient { BaseAddress = service.Root, Timeout = TimeSpan.FromSeconds(20) };
        await WaitForListeningAsync(service);

        byte[] part10 = await StoreTests.Part10Async(SyntheticInstances.Create(SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), SyntheticInstances.NewUid()));
        var requests = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("search", () => http.GetAsync($"patients/{PublishedStudyService.PatientId}/studies")),
            ("series", () => http.GetAsync($"studies/{SyntheticInstances.NewUid()}/series")),
            ("preview", () => http.GetAsync($"studies/1.2.3/series/4.5.6/instances/7.8.9/preview")),
            ("health", () => http.GetAsync("healthz")),
            ("store", () => http.PostAsync("studies", Dicom(part10))),
        };
        foreach (var (name, send) in requests)
        {
            var clock = Stopwatch.StartNew();
            using HttpResponseMessage response = await send();
            string body = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{name}: {(int)response.StatusCode} after {clock.ElapsedMilliseconds} ms: {body}");
            Assert.True(response.StatusCode == HttpStatusCode.GatewayTimeout, $"{name}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(body);
            Assert.Equal(504, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Contains("StudyService:RequestTimeout", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(silent.DicomWebRoot.Authority, body, StringComparison.Ordinal);
        }
        string log = await service.WaitForLogAsync("POST /studies", TimeSpan.FromSeconds(5));
        Assert.Contains("GET /patients/{patientId}/studies: no answer within StudyService:RequestTimeout", log, StringComparison.Ordinal);
        Assert.DoesNotContain(PublishedStudyService.PatientId, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_upstream_is_502_and_no_answer_names_its_address_while_the_log_does()
    {
        int closed = ClosedPort();
        ServiceProcess service = fixture.Start(new Dictionary<string, string>
        {
            ["DicomWeb__BaseAddress"] = $"http://127.0.0.1:{closed}/dicom-web/",
            ["StudyService__HealthTimeout"] = "00:00:03",
        });
        await WaitForListeningAsync(service);
        using var http = service.CreateClient();
        string address = $"127.0.0.1:{closed}";

        byte[] first = await StoreTests.Part10Async(SyntheticInstances.Create(SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), SyntheticInstances.NewUid()));
        byte[] second = await StoreTests.Part10Async(SyntheticInstances.Create(SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), SyntheticInstances.NewUid()));
        using (HttpResponseMessage single = await http.PostAsync("studies", Dicom(first)))
        {
            string body = await single.Content.ReadAsStringAsync();
            output.WriteLine(body);
            Assert.True(single.StatusCode == HttpStatusCode.BadGateway, $"{(int)single.StatusCode} {body}");
            Assert.Equal("application/problem+json", single.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain(address, body, StringComparison.Ordinal);
            Assert.DoesNotContain(closed.ToString(System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(body);
            Assert.Empty(json.RootElement.GetProperty("Stored").EnumerateArray());
            Assert.Equal("body", Assert.Single(json.RootElement.GetProperty("Failed").EnumerateArray()).GetProperty("Source").GetString());
        }
        using (HttpResponseMessage multi = await http.PostAsync("studies", StoreTests.MultipartContent(StoreTests.Multipart([first, second]))))
        {
            string body = await multi.Content.ReadAsStringAsync();
            output.WriteLine(body);
            Assert.True(multi.StatusCode == HttpStatusCode.BadGateway, $"{(int)multi.StatusCode} {body}");
            Assert.DoesNotContain(address, body, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(body);
            Assert.Equal(["part 1", "part 2"], json.RootElement.GetProperty("Failed").EnumerateArray().Select(f => f.GetProperty("Source").GetString()));
        }
        foreach (string path in new[] { $"patients/{PublishedStudyService.PatientId}/studies", $"studies/{SyntheticInstances.NewUid()}/series", "studies/1.2.3/series/4.5.6/instances/7.8.9/preview", "healthz" })
        {
            using HttpResponseMessage response = await http.GetAsync(path);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable, $"{path}: {(int)response.StatusCode} {body}");
            Assert.DoesNotContain(address, body, StringComparison.Ordinal);
            Assert.Contains("could not be reached", body, StringComparison.Ordinal);
        }
        string log = await service.WaitForLogAsync("GET /healthz", TimeSpan.FromSeconds(5));
        output.WriteLine(log);
        Assert.Contains(address, log, StringComparison.Ordinal);   // the operator learns which server failed
        Assert.DoesNotContain(PublishedStudyService.PatientId, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_characters_of_the_upstream_reach_the_log_escaped_and_start_no_line()
    {
        const string hostile = "\u001b]0;pwned\u0007\u001b[2J\r\ninfo: Forged[0] all is well\u009b31m";
        await using StubUpstream upstream = await StubUpstream.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("upstream says: " + hostile);
        });
        ServiceProcess service = fixture.Start(new Dictionary<string, string> { ["DicomWeb__BaseAddress"] = upstream.DicomWebRoot.AbsoluteUri });
        await WaitForListeningAsync(service);
        using var http = service.CreateClient();
        using HttpResponseMessage response = await http.GetAsync($"patients/{PublishedStudyService.PatientId}/studies");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        string answer = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("pwned", answer, StringComparison.Ordinal);   // the caller gets the status only

        string log = await service.WaitForLogAsync("upstream says", TimeSpan.FromSeconds(10));
        output.WriteLine(log);
        Assert.Contains(@"upstream says: \x1b]0;pwned\x07\x1b[2J\x0d\x0ainfo: Forged[0] all is well\x9b31m", log, StringComparison.Ordinal);
        Assert.DoesNotContain(log, c => c is '\u001b' or '\u0007' or '\u009b' or '\r');
        Assert.DoesNotContain(log.Split('\n'), line => line.StartsWith("info: Forged", StringComparison.Ordinal));
    }

    private static ByteArrayContent Dicom(byte[] part10)
    {
        var content = new ByteArrayContent(part10);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        return content;
    }

    /// <summary>Waits until Kestrel listens (its log line), without a health check that would call the upstream.</summary>
    private static async Task WaitForListeningAsync(ServiceProcess service)
    {
        string log = await service.WaitForLogAsync("Now listening on", TimeSpan.FromSeconds(30));
        Assert.True(log.Contains("Now listening on", StringComparison.Ordinal), $"StudyService did not start:\n{log}");
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
