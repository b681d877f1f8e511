using System.Net.Http.Headers;
using System.Text;
using DicomWeb.Client;
using DicomWeb.Sdk.Tests.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Tests.Telemetry;

/// <summary>What the client logs at Trace: every operation and request, and never a match value, UID, patient name or credential.</summary>
public sealed class LoggingTests
{
    private const string StudyUid = "1.2.826.0.1.3680043.8.498.4242";
    private const string Token = "eyJhbGciOi-secret-token-7781";
    private const string Password = "pa55-secret-word";

    private static Task<FakeServer> ServerAsync()
    {
        int searches = 0;
        return FakeServer.StartAsync(async context =>
        {
            string path = context.Request.Path.Value!;
            if (path.EndsWith("/metadata", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 404;
                await context.Response.WriteAsync("no study for Smith^John " + StudyUid);
                return;
            }
            if (Interlocked.Increment(ref searches) % 2 == 1)
            {
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = "0";
                await context.Response.WriteAsync("busy searching Smith*");
                return;
            }
            context.Response.ContentType = "application/dicom+json";
            await context.Response.WriteAsync("[{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"" + StudyUid + "\"]},\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Smith^John\"}]}}]");
        });
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("basic")]
    public async Task A_search_for_Smith_at_Trace_logs_operations_and_requests_without_the_name_uids_or_credentials(string authentication)
    {
        await using FakeServer server = await ServerAsync();
        var capture = new CapturingLogger();
        using ILoggerFactory factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));
        using var http = new HttpClient { BaseAddress = server.Root };
        http.DefaultRequestHeaders.Authorization = authentication == "bearer"
            ? new AuthenticationHeaderValue("Bearer", Token)
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("radiologist:" + Password)));
        var client = new DicomWebClient(http, new DicomWebClientOptions { LoggerFactory = factory });

        var names = new List<string?>();
        await foreach (DicomDataset study in client.SearchAsync(Qido.Studies().Where(PatientName.Like("Smith*")).Where(StudyInstanceUID.Is(StudyUid)).Include(StudyDescription)))
            names.Add(study.Get(PatientName)?.ToString());
        Assert.Equal(["Smith^John"], names);
        var error = await Assert.ThrowsAsync<DicomWebException>(() => client.RetrieveMetadataAsync(Wado.Study(StudyUid)));
        Assert.Contains("Smith", error.Message); // the exception names the request (for the caller); the log does not

        IReadOnlyList<CapturingLogger.Entry> entries = capture.Entries;
        Assert.All(entries, e => Assert.Equal("DicomWeb.Client.DicomWebClient", e.Category));
        CapturingLogger.Entry search = Assert.Single(entries, e => e.EventId.Id == 1301);
        Assert.Equal(LogLevel.Information, search.Level);
        Assert.Equal(("search", "QIDO-RS", "GET", 200, 1L, 1),
            ((string)Value(search, "Operation")!, (string)Value(search, "Service")!, (string)Value(search, "Method")!, (int)Value(search, "StatusCode")!, (long)Value(search, "Results")!, (int)Value(search, "Retries")!));
        Assert.Equal("/dicom-web/studies?PatientName=REDACTED&StudyInstanceUID=REDACTED&includefield=00081030", Value(search, "Path"));
        Assert.True((long)Value(search, "BytesReceived")! > 0);
        CapturingLogger.Entry failed = Assert.Single(entries, e => e.EventId.Id == 1302);
        Assert.Equal((LogLevel.Warning, "metadata", 404, "404", "/dicom-web/studies/{uid}/metadata"),
            (failed.Level, (string)Value(failed, "Operation")!, (int)Value(failed, "StatusCode")!, (string)Value(failed, "ErrorType")!, (string)Value(failed, "Path")!));
        Assert.Single(entries, e => e.EventId.Id == 1303);                 // the retry of the 503
        Assert.Equal(3, entries.Count(e => e.EventId.Id == 1304));          // 503, 200, 404
        Assert.Single(entries, e => e.EventId.Id == 1306);                 // the page
        Assert.All(entries, e => Assert.Null(e.Exception));

        string all = capture.AllText;
        foreach (string secret in new[] { "Smith", "John", StudyUid, Token, Password, Convert.ToBase64String(Encoding.UTF8.GetBytes("radiologist:" + Password)), "Bearer", "Basic" })
            Assert.DoesNotContain(secret, all, StringComparison.OrdinalIgnoreCase);
    }

    private static object? Value(CapturingLogger.Entry entry, string name) => entry.State.Single(s => s.Key == name).Value;
}
