using System.Net;
using DicomWeb.Client;
using DicomWeb.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static DicomWeb.DicomTags;

namespace DicomWeb.Server.Tests;

public sealed class DeleteTests : IAsyncLifetime
{
    private ServedStore _server = null!;

    public async Task InitializeAsync() => _server = await ServedStore.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Delete_removes_a_series_then_the_study_and_then_it_is_404()
    {
        TestData.Study study = await TestData.StoreStudyAsync(_server.Store);
        using (HttpResponseMessage deleted = await _server.Http.DeleteAsync($"studies/{study.StudyUid}/series/{study.SeriesUid}/instances/{study.Sops[0]}"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(1, ((DicomWeb.Folder.DicomFolderClient)_server.Store).InstanceCount);
        await _server.Client.DeleteAsync(Wado.Study(study.StudyUid));
        Assert.Equal(0, ((DicomWeb.Folder.DicomFolderClient)_server.Store).InstanceCount);
        using HttpResponseMessage again = await _server.Http.DeleteAsync($"studies/{study.StudyUid}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using HttpResponseMessage malformed = await _server.Http.DeleteAsync("studies/not-a-uid");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }
}

public sealed class CorsTests
{
    private const string Viewer = "http://viewer.example";

    [Fact]
    public async Task A_viewer_on_an_allowed_origin_passes_preflight_and_reads_the_DICOMweb_headers()
    {
        await using ServedStore server = await ServedStore.StartAsync(
            configure: builder => builder.Services.AddCors(cors => cors.AddPolicy("viewer", policy => policy.WithOrigins(Viewer).AllowDicomWeb())),
            map: (app, group) =>
            {
                app.UseCors();
                group.RequireCors("viewer");
            });
        TestData.Study study = await TestData.StoreStudyAsync(server.Store);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"studies/{study.StudyUid}");
        preflight.Headers.Add("Origin", Viewer);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "accept,range");
        using HttpResponseMessage allowed = await server.Http.SendAsync(preflight);
        Assert.True(allowed.IsSuccessStatusCode, allowed.StatusCode.ToString());
        Assert.Equal(Viewer, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var get = new HttpRequestMessage(HttpMethod.Get, $"studies/{study.StudyUid}/series/{study.SeriesUid}/instances/{study.Sops[0]}/frames/1");
        get.Headers.Add("Origin", Viewer);
        using HttpResponseMessage frames = await server.Http.SendAsync(get);
        Assert.Equal(Viewer, frames.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Content-Location", frames.Headers.GetValues("Access-Control-Expose-Headers").Single());

        using var stranger = new HttpRequestMessage(HttpMethod.Get, "studies");
        stranger.Headers.Add("Origin", "http://elsewhere.example");
        using HttpResponseMessage refused = await server.Http.SendAsync(stranger);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }
}

/// <summary>A DicomWebClient to another DICOMweb server, served: a gateway, with URLs of its own.</summary>
public sealed class GatewayTests
{
    [Fact]
    public async Task A_gateway_serves_the_upstream_store_under_its_own_urls()
    {
        await using ServedStore upstream = await ServedStore.StartAsync();
        using var toUpstream = new DicomWebClient(new HttpClient { BaseAddress = upstream.Root });
        await using ServedStore gateway = await ServedStore.StartAsync(store: toUpstream);

        TestData.Study study = await TestData.StoreStudyAsync(gateway.Client);
        Assert.Equal(2, ((DicomWeb.Folder.DicomFolderClient)upstream.Store).InstanceCount);

        var found = new List<DicomDataset>();
        await foreach (DicomDataset result in gateway.Client.SearchAsync(Qido.Studies().Where(StudyInstanceUID.Is(study.StudyUid))))
            found.Add(result);
        Assert.Equal(new Uri(gateway.Root, $"studies/{study.StudyUid}").AbsoluteUri, Assert.Single(found).Get(RetrieveURL));

        WadoResource instance = Wado.Study(study.StudyUid).Series(study.SeriesUid).Instance(study.Sops[0]);
        DicomDataset metadata = Assert.Single(await gateway.Client.RetrieveMetadataAsync(instance));
        string uri = metadata.GetBulkData(PixelData.Tag)!.Uri!;
        Assert.StartsWith(gateway.Root.AbsoluteUri, uri);
        var bytes = new MemoryStream();
        await foreach (DicomPart part in gateway.Client.RetrieveBulkDataAsync(uri, gateway.Client.MetadataUrl(instance)))
            await part.Content.CopyToAsync(bytes);
        Assert.Equal(study.Datasets[0].GetBulkData(PixelData.Tag)!.Bytes!.Value.ToArray(), bytes.ToArray());

        var sops = new List<string>();
        await foreach (DicomPart part in gateway.Client.RetrieveAsync(Wado.Study(study.StudyUid)))
        {
            Assert.StartsWith(gateway.Root.AbsoluteUri, part.ContentLocation);
            sops.Add((await DicomFile.OpenAsync(part.Content)).Dataset.Get(SOPInstanceUID)!);
        }
        Assert.Equal(study.Sops.Order(), sops.Order());

        await gateway.Client.DeleteAsync(Wado.Study(study.StudyUid));
        Assert.Equal(0, ((DicomWeb.Folder.DicomFolderClient)upstream.Store).InstanceCount);
        var gone = await Assert.ThrowsAsync<DicomWebException>(() => gateway.Client.RetrieveMetadataAsync(Wado.Study(study.StudyUid)));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task What_a_hostile_upstream_puts_in_part_headers_does_not_reach_the_gateways_headers()
    {
        // The upstream answers a retrieve with a part whose Content-Location and Content-Type hold
        // characters no response header may carry (Kestrel would refuse to send them): the gateway
        // leaves the location out and sends the neutral type, and the part's bytes unchanged.
        byte[] part10 = await TestData.Part10Async(DicomWeb.Tests.SyntheticInstances.Create("1.2.3", "1.2.3.4", "1.2.3.4.5"));
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Kestrel sends only ASCII headers unless told otherwise; a hostile server is not so polite.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.Latin1);
        await using WebApplication upstream = builder.Build();
        upstream.Run(async context =>
        {
            if (context.Request.Headers.Accept == "application/dicom")
            {
                context.Response.ContentType = "application/dicom; note=\"caf\u00e9\"";
                context.Response.Headers.ContentLocation = "http://upstream/\u00e9t\u00e9";
                await context.Response.Body.WriteAsync(part10);
                return;
            }
            context.Response.ContentType = "multipart/related; type=\"application/dicom\"; boundary=b";
            await context.Response.Body.WriteAsync(System.Text.Encoding.Latin1.GetBytes(
                "--b\r\nContent-Type: application/dicom; note=\"caf\u00e9\"\r\nContent-Location: http://upstream/\u00e9t\u00e9\r\n\r\n"));
            await context.Response.Body.WriteAsync(part10);
            await context.Response.Body.WriteAsync("\r\n--b--\r\n"u8.ToArray());
        });
        await upstream.StartAsync();
        using var toUpstream = new DicomWebClient(new HttpClient { BaseAddress = new Uri(upstream.Urls.First() + "/dicom-web/") });
        await using ServedStore gateway = await ServedStore.StartAsync(store: toUpstream);

        foreach (string instance in new[] { "studies/1.2.3", "studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, instance);
            request.Headers.TryAddWithoutValidation("Accept", instance.Contains("instances") ? "application/dicom" : "*/*");
            using HttpResponseMessage retrieved = await gateway.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, retrieved.StatusCode);
            if (retrieved.Content.Headers.ContentType!.MediaType == "multipart/related")
            {
                var (headers, bytes) = Assert.Single(await TestData.PartsAsync(retrieved));
                Assert.False(headers.ContainsKey("Content-Location"));
                Assert.Equal("application/octet-stream", headers["Content-Type"]);
                Assert.Equal(part10, bytes);
            }
            else
            {
                Assert.False(retrieved.Content.Headers.Contains("Content-Location"));
                Assert.Equal("application/octet-stream", retrieved.Content.Headers.ContentType.MediaType);
                Assert.Equal(part10, await retrieved.Content.ReadAsByteArrayAsync());
            }
        }
    }
}
