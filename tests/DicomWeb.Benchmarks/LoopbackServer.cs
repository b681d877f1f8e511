using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Benchmarks;

/// <summary>
/// An in-process Kestrel server on a free loopback port that answers every request with one
/// handler: the server of the benchmarks that measure only the client.
/// </summary>
internal static class LoopbackServer
{
    /// <summary>Starts the server; <c>Root</c> is its "/dicom-web/" address.</summary>
    public static (WebApplication Server, Uri Root) Start(RequestDelegate answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication server = builder.Build();
        server.Run(answer);
        server.StartAsync().GetAwaiter().GetResult();
        string address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (server, new Uri(address.TrimEnd('/') + "/dicom-web/"));
    }
}
