using System.Diagnostics;
using System.Text.Json.Nodes;
using DicomWeb.Docs.Tests.Browser;
using DicomWeb.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static DicomWeb.DicomTags;

namespace DicomWeb.Server.Tests;

/// <summary>
/// A DICOMweb client nobody here wrote: the npm package dicomweb-client (js/package-lock.json pins
/// it; node_modules is installed with npm ci when missing) stores, searches, reads metadata and
/// bulk data, retrieves an instance and frames from `dicomweb serve`, under Node and from a page
/// in headless Chromium on another origin, which only CORS lets through.
/// </summary>
public sealed class JavaScriptClientTests : IDisposable
{
    private static readonly string JsFolder = RepositoryPaths.InRepository("tests", "DicomWeb.Server.Tests", "js");
    private static readonly Lazy<Task> Installed = new(InstallAsync);
    private readonly string _work = Directory.CreateTempSubdirectory("dicomweb-js-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private sealed record Study(string Patient, string StudyUid, string[] SeriesUids, string[] Sops, string[] Files, byte[] Pixels, string MultiframeFile);

    // Three instances of one patient: two single-frame in one series, one of 3 frames in another.
    private async Task<Study> MakeStudyAsync(string prefix)
    {
        string patient = prefix + Guid.NewGuid().ToString("N")[..6] + "^Test";
        string study = DicomUid.Generate();
        string[] series = [DicomUid.Generate(), DicomUid.Generate()];
        string[] sops = [DicomUid.Generate(), DicomUid.Generate(), DicomUid.Generate()];
        string folder = Directory.CreateDirectory(Path.Combine(_work, "files")).FullName;
        DicomDataset[] datasets =
        [
            SyntheticInstances.Create(study, series[0], sops[0], patient, instanceNumber: 1),
            SyntheticInstances.Create(study, series[0], sops[1], patient, instanceNumber: 2),
            SyntheticInstances.Create(study, series[1], sops[2], patient, frames: 3),
        ];
        string[] files = await Task.WhenAll(datasets.Select(d => SyntheticInstances.WriteFileAsync(d, folder)));
        return new Study(patient, study, series, sops, files, datasets[2].GetBulkData(PixelData.Tag)!.Bytes!.Value.ToArray(), files[2]);
    }

    private static void AssertSeen(JsonNode seen, Study study, Uri root)
    {
        Assert.Equal(3, (int)seen["storedCount"]!);
        Assert.Equal(1, (int)seen["studies"]!);
        Assert.Equal(study.StudyUid, (string)seen["studyInstanceUID"]!);
        Assert.Equal(new Uri(root, $"studies/{study.StudyUid}").AbsoluteUri, (string)seen["studyRetrieveURL"]!);
        Assert.Equal(3, (int)seen["studyInstances"]!);
        Assert.Equal(study.SeriesUids.Order(StringComparer.Ordinal), seen["series"]!.AsArray().Select(s => (string)s!).Order(StringComparer.Ordinal));
        Assert.Equal(study.Sops.Order(StringComparer.Ordinal), seen["instances"]!.AsArray().Select(s => (string)s!).Order(StringComparer.Ordinal));
        Assert.Equal(3, (int)seen["metadataCount"]!);
        Assert.Equal(study.Sops[2], (string)seen["multiframe"]!);
        Assert.StartsWith(root.AbsoluteUri, (string)seen["bulkDataURI"]!);
        Assert.Equal(Convert.ToHexStringLower(study.Pixels), (string)seen["bulkData"]!);
        Assert.Equal(new FileInfo(study.MultiframeFile).Length, (long)seen["instanceBytes"]!);
        Assert.Equal([Convert.ToHexStringLower(study.Pixels[512..768]), Convert.ToHexStringLower(study.Pixels[..256])], seen["frames"]!.AsArray().Select(f => (string)f!));
    }

    [NodeFact]
    public async Task The_npm_dicomweb_client_works_against_dicomweb_serve_under_Node()
    {
        await Installed.Value;
        Study study = await MakeStudyAsync("JsNode");
        await using ServeProcess serve = await ServeProcess.StartAsync(Path.Combine(_work, "store"));
        var run = DotnetCli.Run(JsFolder, null, "node", ["node.mjs", serve.Root.AbsoluteUri, study.Patient, .. study.Files]);
        Assert.True(run.ExitCode == 0, run.Output + "\n" + serve.Error);
        AssertSeen(JsonNode.Parse(run.Output.Trim().Split('\n')[^1])!, study, serve.Root);
    }

    [ChromiumFact]
    public async Task The_npm_dicomweb_client_works_from_a_page_on_another_origin_through_CORS()
    {
        await Installed.Value;
        Study study = await MakeStudyAsync("JsPage");
        await using WebApplication pages = await StartPagesAsync(Path.GetDirectoryName(study.Files[0])!);
        Uri pageOrigin = new(pages.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await using WebApplication strangers = await StartPagesAsync(Path.GetDirectoryName(study.Files[0])!);
        Uri strangerOrigin = new(strangers.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        await using ServeProcess serve = await ServeProcess.StartAsync(Path.Combine(_work, "store"), "--cors", pageOrigin.GetLeftPart(UriPartial.Authority));
        Assert.NotEqual(pageOrigin.Port, serve.Root.Port);
        string query = $"?root={Uri.EscapeDataString(serve.Root.AbsoluteUri)}&patient={Uri.EscapeDataString(study.Patient)}&files={string.Join(',', study.Files.Select(f => "files/" + Path.GetFileName(f)))}";
        await using HeadlessBrowser browser = await HeadlessBrowser.StartAsync(Chromium.Executable!);

        await browser.NavigateAsync(new Uri(pageOrigin, "page.html" + query).AbsoluteUri);
        JsonNode? failure = await browser.EvaluateAsync("window.failure ?? null");
        Assert.True(failure is null, $"the page failed: {failure}\n{serve.Error}");
        AssertSeen(JsonNode.Parse((string)(await browser.EvaluateAsync("JSON.stringify(window.result)"))!)!, study, serve.Root);

        // The same page from an origin the server was not told about: the browser refuses the answers.
        await browser.NavigateAsync(new Uri(strangerOrigin, "page.html" + query).AbsoluteUri);
        Assert.NotNull(await browser.EvaluateAsync("window.failure ?? null"));
    }

    // The page, the client's browser build and the test's files, from an origin of their own.
    private async Task<WebApplication> StartPagesAsync(string files)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var served = new Dictionary<string, (string Path, string Type)>
        {
            ["/page.html"] = (Path.Combine(JsFolder, "page.html"), "text/html; charset=utf-8"),
            ["/exercise.mjs"] = (Path.Combine(JsFolder, "exercise.mjs"), "text/javascript; charset=utf-8"),
            ["/node_modules/dicomweb-client/build/dicomweb-client.js"] = (Path.Combine(JsFolder, "node_modules", "dicomweb-client", "build", "dicomweb-client.js"), "text/javascript; charset=utf-8"),
        };
        foreach (string file in Directory.GetFiles(files))
            served["/files/" + Path.GetFileName(file)] = (file, "application/dicom");
        app.Run(async context =>
        {
            if (!served.TryGetValue(context.Request.Path.Value ?? "", out var file))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            context.Response.ContentType = file.Type;
            await context.Response.SendFileAsync(file.Path);
        });
        await app.StartAsync();
        return app;
    }

    private static Task InstallAsync() => Task.Run(() =>
    {
        if (File.Exists(Path.Combine(JsFolder, "node_modules", "dicomweb-client", "package.json")))
            return;
        DotnetCli.Run(JsFolder, null, "npm", "ci", "--no-audit", "--no-fund").ShouldSucceed("npm ci in tests/DicomWeb.Server.Tests/js");
    });
}

/// <summary>A fact that needs Node and npm: skipped, saying why, when they are not installed.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (!new[] { "/usr/bin/node", "/usr/local/bin/node" }.Any(File.Exists))
            Skip = "node is not installed (Debian's nodejs and npm): the JavaScript client cannot run";
    }
}
