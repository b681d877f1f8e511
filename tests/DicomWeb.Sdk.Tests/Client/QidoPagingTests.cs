using DicomWeb.Client;
using DicomWeb.Json;
using Microsoft.AspNetCore.Http;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Tests.Client;

/// <summary>Paging by Warning 299, servers that ignore offset, 204 and lone objects: from an in-process server.</summary>
public class QidoPagingTests
{
    private static byte[] Page(int from, int count) =>
        DicomJson.SerializeToUtf8Bytes(Enumerable.Range(from, count).Select(i => new DicomDataset().Set(StudyInstanceUID, $"1.2.3.{i}")).ToList());

    private static async Task<List<string>> Search(FakeServer server, QidoQuery query, DicomWebClientOptions? options = null, List<QidoWarning>? warnings = null)
    {
        using var http = new HttpClient { BaseAddress = server.Root };
        var results = new List<string>();
        await foreach (var study in new DicomWebClient(http, options).SearchAsync(query, warnings))
            results.Add(study.Get(StudyInstanceUID)!);
        return results;
    }

    [Fact]
    public async Task Pages_are_followed_while_the_server_says_there_are_additional_results()
    {
        // A server capped at 4 results per response, 10 in all, saying how many remain.
        await using var server = await FakeServer.StartAsync(async context =>
        {
            int offset = int.TryParse(context.Request.Query["offset"], out int o) ? o : 0;
            int count = Math.Min(4, 10 - offset);
            if (offset + count < 10)
                context.Response.Headers["Warning"] = $"299 fake: \"There are {10 - offset - count} additional results that can be requested\"";
            context.Response.ContentType = "application/dicom+json";
            await context.Response.Body.WriteAsync(Page(offset, count));
        });
        var warnings = new List<QidoWarning>();
        var results = await Search(server, Qido.Studies().FuzzyMatching(), warnings: warnings);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"1.2.3.{i}"), results);
        Assert.Equal(["/dicom-web/studies?fuzzymatching=true", "/dicom-web/studies?fuzzymatching=true&offset=4", "/dicom-web/studies?fuzzymatching=true&offset=8"], server.Requests);
        Assert.Equal([6, 2], warnings.Select(w => w.RemainingResults!.Value));
        Assert.All(warnings, w => Assert.Equal(QidoWarningKind.AdditionalResults, w.Kind));
    }

    [Fact]
    public async Task A_server_that_ignores_offset_does_not_cause_an_endless_loop()
    {
        await using var server = await FakeServer.StartAsync(async context =>
        {
            context.Response.Headers["Warning"] = "299 fake: \"There are 100 additional results that can be requested\"";
            await context.Response.Body.WriteAsync(Page(0, 3));
        });
        var results = await Search(server, Qido.Studies());
        Assert.Equal(["1.2.3.0", "1.2.3.1", "1.2.3.2"], results);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task No_content_a_lone_object_and_typed_warnings_are_handled()
    {
        await using var empty = await FakeServer.StartAsync(context => { context.Response.StatusCode = StatusCodes.Status204NoContent; return Task.CompletedTask; });
        Assert.Empty(await Search(empty, Qido.Studies()));

        await using var lone = await FakeServer.StartAsync(async context =>
        {
            context.Response.Headers["Warning"] = "299 fake: \"The fuzzymatching parameter is not supported. Only literal matching has been performed.\"";
            await context.Response.Body.WriteAsync(DicomJson.SerializeToUtf8Bytes(new DicomDataset().Set(StudyInstanceUID, "9.9")));
        });
        var warnings = new List<QidoWarning>();
        Assert.Equal(["9.9"], await Search(lone, Qido.Studies().FuzzyMatching(), warnings: warnings));
        Assert.Equal(QidoWarningKind.FuzzyMatchingNotSupported, Assert.Single(warnings).Kind);

        await using var broken = await FakeServer.StartAsync(async context => await context.Response.WriteAsync("[{\"0020000D\":"));
        var error = await Assert.ThrowsAsync<DicomWebException>(() => Search(broken, Qido.Studies()));
        Assert.Contains("not valid DICOM JSON", error.Message, StringComparison.Ordinal);

        await using var unavailable = await FakeServer.StartAsync(async context => { context.Response.StatusCode = 503; await context.Response.WriteAsync("maintenance until noon"); });
        var refused = await Assert.ThrowsAsync<DicomWebException>(() => Search(unavailable, Qido.Studies()));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("maintenance until noon", refused.BodyExcerpt);
    }

    [Fact]
    public async Task A_pages_warnings_are_reported_before_its_first_result_and_those_of_a_204_too()
    {
        // A gateway writes its headers when the first result comes: the warnings must be there by then.
        await using var server = await FakeServer.StartAsync(async context =>
        {
            int offset = int.TryParse(context.Request.Query["offset"], out int o) ? o : 0;
            context.Response.Headers["Warning"] = offset == 0
                ? "299 fake: \"There are 2 additional results that can be requested\""
                : "299 fake: \"The fuzzymatching parameter is not supported. Only literal matching has been performed.\"";
            await context.Response.Body.WriteAsync(Page(offset, 2));
        });
        var warnings = new List<QidoWarning>();
        var seen = new List<int>();
        using (var http = new HttpClient { BaseAddress = server.Root })
        {
            await foreach (DicomDataset _ in new DicomWebClient(http).SearchAsync(Qido.Studies().FuzzyMatching(), warnings))
                seen.Add(warnings.Count);
        }
        Assert.Equal([1, 1, 2, 2], seen);   // page 1's warning with its first result, page 2's with its own

        await using var none = await FakeServer.StartAsync(context =>
        {
            context.Response.Headers["Warning"] = "299 fake: \"The fuzzymatching parameter is not supported. Only literal matching has been performed.\"";
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        warnings.Clear();
        Assert.Empty(await Search(none, Qido.Studies().FuzzyMatching(), warnings: warnings));
        Assert.Equal(QidoWarningKind.FuzzyMatchingNotSupported, Assert.Single(warnings).Kind);
    }
}
