using DicomWeb.Client;
using DicomWeb.Folder;
using DicomWeb.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Server.Tests;

/// <summary>
/// A store served in process by MapDicomWeb on a free loopback port: a folder store in a temporary
/// folder unless another store is given, a raw HttpClient on its DICOMweb root, and a
/// DicomWebClient over it.
/// </summary>
public sealed class ServedStore : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _folder;

    private ServedStore(WebApplication app, IDicomWebClient store, Uri root, string? folder)
    {
        _app = app;
        Store = store;
        Root = root;
        _folder = folder;
        Http = new HttpClient { BaseAddress = root };
        Client = new DicomWebClient(new HttpClient { BaseAddress = root });
    }

    /// <summary>The store behind the server.</summary>
    public IDicomWebClient Store { get; }

    /// <summary>The DICOMweb root, e.g. http://127.0.0.1:40123/dicom-web/.</summary>
    public Uri Root { get; }

    public HttpClient Http { get; }

    public DicomWebClient Client { get; }

    public static async Task<ServedStore> StartAsync(IDicomWebClient? store = null, DicomWebServerOptions? options = null, Action<WebApplicationBuilder>? configure = null, Action<WebApplication, RouteGroupBuilder>? map = null)
    {
        string? folder = null;
        if (store is null)
        {
            folder = Directory.CreateTempSubdirectory("dicomweb-served-").FullName;
            store = DicomFolderClient.Open(folder);
        }
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        configure?.Invoke(builder);
        WebApplication app = builder.Build();
        if (map is null)
            app.MapDicomWeb("/dicom-web", store, options);
        else
            map(app, app.MapDicomWeb("/dicom-web", store, options));
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServedStore(app, store, new Uri(address.TrimEnd('/') + "/dicom-web/"), folder);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Client.Dispose();
        await _app.DisposeAsync();
        if (_folder is not null)
        {
            (Store as IDisposable)?.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
