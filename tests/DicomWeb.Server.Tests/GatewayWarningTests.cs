using System.Net;
using DicomWeb.Client;
using DicomWeb.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using static DicomWeb.DicomTags;

namespace DicomWeb.Server.Tests;

/// <summary>
/// A gateway passes on its upstream's QIDO warnings (PS3.18 8.3.4.4) as its own Warning 299
/// headers, whichever page of the upstream's answer they came with. The upstream is an in-process
/// Kestrel server: Orthanc sends no such warnings.
/// </summary>
public sealed class GatewayWarningTests : IAsyncLifetime
{
    private const string Fuzzy = "The fuzzymatching parameter is not supported. Only literal matching has been performed.";
    private const string UnsupportedKey = "The PatientSex matching key is not supported: it was ignored";
    // Non-ASCII, an escaped quote, a backslash, and far more text than a header should carry.
    private static readonly string HostileWarning = "299 upstream \"caf\u00e9 \\\"quoted\\\" back\\\\slash " + new string('x', 5000) + "\"";
    private WebApplication _upstream = null!;
    private Uri _upstreamRoot = null!;

    // Four studies in pages of two: each page says how many remain and that fuzzy matching was
    // not done; the second page also that a key was ignored. A search for a study UID that is not there is 204, with the warning.
    public async Task InitializeAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // A hostile upstream may send any byte it likes in a header value (obs-text included).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.Latin1);
        _upstream = builder.Build();
        _upstream.Run(async context =>
        {
            context.Response.Headers.Append("Warning", $"299 upstream \"{Fuzzy}\"");
            if (context.Request.Query.ContainsKey("PatientID"))
                context.Response.Headers.Append("Warning", HostileWarning);
            if (context.Request.Query.ContainsKey("StudyInstanceUID"))
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            int offset = int.TryParse(context.Request.Query["offset"], out int o) ? o : 0;
            int limit = int.TryParse(context.Request.Query["limit"], out int l) ? Math.Min(l, 2) : 2;
            int count = Math.Max(0, Math.Min(limit, 4 - offset));
            if (offset + count < 4)
                context.Response.Headers.Append("Warning", $"299 upstream \"There are {4 - offset - count} additional results that can be requested\"");
            if (offset >= 2)
                context.Response.Headers.Append("Warning", $"299 upstream \"{UnsupportedKey}\"");
            context.Response.ContentType = "application/dicom+json";
            await context.Response.Body.WriteAsync(DicomJson.SerializeToUtf8Bytes(
                Enumerable.Range(offset, count).Select(i => new DicomDataset().Set(StudyInstanceUID, $"1.2.3.{i}").Set(PatientName, PersonName.Parse("Doe^Jane"))).ToList()));
        });
        await _upstream.StartAsync();
        _upstreamRoot = new Uri(_upstream.Urls.First() + "/dicom-web/");
    }

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private async Task<(List<string> Studies, List<QidoWarning> Warnings)> SearchThroughGatewayAsync(QidoQuery query, DicomWebServerOptions? options = null)
    {
        using var toUpstream = new DicomWebClient(new HttpClient { BaseAddress = _upstreamRoot });
        await using ServedStore gateway = await ServedStore.StartAsync(store: toUpstream, options: options);
        var warnings = new List<QidoWarning>();
        var studies = new List<string>();
        await foreach (DicomDataset study in gateway.Client.SearchAsync(query, warnings))
            studies.Add(study.Get(StudyInstanceUID)!);
        return (studies, warnings);
    }

    [Fact]
    public async Task The_upstreams_warnings_of_every_page_reach_the_client_once_and_a_count_the_gateway_used_up_does_not()
    {
        (List<string> studies, List<QidoWarning> warnings) = await SearchThroughGatewayAsync(Qido.Studies().FuzzyMatching());

        Assert.Equal(["1.2.3.0", "1.2.3.1", "1.2.3.2", "1.2.3.3"], studies);
        // Fuzzy matching from both pages, once; the ignored key from the second page; no
        // "2 additional results": the gateway fetched them, and they are in this answer.
        Assert.Equal([UnsupportedKey, Fuzzy], warnings.Select(w => w.Text).Order(StringComparer.Ordinal));
        Assert.Equal(QidoWarningKind.FuzzyMatchingNotSupported, warnings.Single(w => w.Text == Fuzzy).Kind);
    }

    [Fact]
    public async Task An_upstreams_hostile_warning_text_reaches_the_client_as_visible_ASCII_of_at_most_300_characters()
    {
        (List<string> studies, List<QidoWarning> warnings) = await SearchThroughGatewayAsync(Qido.Studies().Where(PatientID.Is("x")));

        Assert.Equal(["1.2.3.0", "1.2.3.1", "1.2.3.2", "1.2.3.3"], studies);
        QidoWarning hostile = Assert.Single(warnings, w => w.Text.Contains("quoted", StringComparison.Ordinal));
        Assert.InRange(hostile.Text.Length, 250, 300);
        Assert.All(hostile.Text, c => Assert.InRange(c, ' ', '~'));
        Assert.DoesNotContain('"', hostile.Text);
        Assert.DoesNotContain('\\', hostile.Text);
        Assert.StartsWith("caf?", hostile.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_held_answer_is_sent_with_its_length_and_one_past_the_bound_is_chunked()
    {
        using var toUpstream = new DicomWebClient(new HttpClient { BaseAddress = _upstreamRoot });
        await using ServedStore held = await ServedStore.StartAsync(store: toUpstream);
        await using ServedStore streamed = await ServedStore.StartAsync(store: toUpstream, options: new DicomWebServerOptions { SearchHoldBytes = 0 });

        using HttpResponseMessage whole = await held.Http.GetAsync("studies");
        using HttpResponseMessage chunked = await streamed.Http.GetAsync("studies");

        byte[] body = await whole.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, whole.Content.Headers.ContentLength);
        Assert.Equal(4, DicomJson.DeserializeArray(body).Count);
        Assert.True(chunked.Headers.TransferEncodingChunked);
        Assert.Equal(4, DicomJson.DeserializeArray(await chunked.Content.ReadAsByteArrayAsync()).Count);
    }

    [Fact]
    public async Task With_a_limit_the_upstreams_count_of_additional_results_is_passed_on()
    {
        (List<string> studies, List<QidoWarning> warnings) = await SearchThroughGatewayAsync(Qido.Studies().Limit(2));

        Assert.Equal(["1.2.3.0", "1.2.3.1"], studies);
        QidoWarning additional = Assert.Single(warnings, w => w.Kind == QidoWarningKind.AdditionalResults);
        Assert.Equal(2, additional.RemainingResults);
    }

    [Fact]
    public async Task A_warning_with_no_match_reaches_the_client_with_204()
    {
        (List<string> studies, List<QidoWarning> warnings) = await SearchThroughGatewayAsync(Qido.Studies().Where(StudyInstanceUID.Is("9.9.9")).FuzzyMatching());

        Assert.Empty(studies);
        Assert.Equal(QidoWarningKind.FuzzyMatchingNotSupported, Assert.Single(warnings).Kind);
    }

    [Fact]
    public async Task Past_the_hold_bound_the_answer_starts_with_the_warnings_known_then()
    {
        // Nothing held: the answer starts with the first result, when only the first page's warnings are known.
        (List<string> studies, List<QidoWarning> warnings) = await SearchThroughGatewayAsync(Qido.Studies().FuzzyMatching(), new DicomWebServerOptions { SearchHoldBytes = 0 });

        Assert.Equal(4, studies.Count);
        Assert.Equal([Fuzzy], warnings.Select(w => w.Text));
    }

    [Fact]
    public async Task An_upstream_that_fails_on_a_later_page_is_a_502_not_a_cut_off_array()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using WebApplication failing = builder.Build();
        failing.Run(async context =>
        {
            if (context.Request.Query.ContainsKey("offset"))
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }
            context.Response.Headers.Append("Warning", "299 upstream \"There are 2 additional results that can be requested\"");
            context.Response.ContentType = "application/dicom+json";
            await context.Response.Body.WriteAsync(DicomJson.SerializeToUtf8Bytes(new[] { new DicomDataset().Set(StudyInstanceUID, "1.2.3.0") }.ToList()));
        });
        await failing.StartAsync();
        using var toUpstream = new DicomWebClient(new HttpClient { BaseAddress = new Uri(failing.Urls.First() + "/dicom-web/") });
        await using ServedStore gateway = await ServedStore.StartAsync(store: toUpstream);

        using HttpResponseMessage response = await gateway.Http.GetAsync("studies");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains("the store failed", body, StringComparison.Ordinal);
        Assert.DoesNotContain("1.2.3.0", body, StringComparison.Ordinal);   // not the first page's results, cut off
    }
}
