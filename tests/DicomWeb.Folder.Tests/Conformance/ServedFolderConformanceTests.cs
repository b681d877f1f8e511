using DicomWeb.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Folder.Tests.Conformance;

/// <summary>
/// The suite against the third store: a folder store served over HTTP by DicomWeb.Server
/// (MapDicomWeb on Kestrel, a loopback port) and spoken to through DicomWebClient, as any other
/// DICOMweb server. It keeps to the standard like the folder store it serves.
/// </summary>
public sealed class ServedFolderConformanceTests : StoreConformanceTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-served-folder-").FullName;
    private DicomFolderClient? _local;
    private WebApplication? _app;

    protected override IDicomWebClient CreateStore()
    {
        _local = DicomFolderClient.Open(_folder);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapDicomWeb("/dicom-web", _local);
        _app.StartAsync().GetAwaiter().GetResult();
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DicomWebClient(new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/dicom-web/") });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_app is not null)
            await _app.DisposeAsync();
        _local?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
