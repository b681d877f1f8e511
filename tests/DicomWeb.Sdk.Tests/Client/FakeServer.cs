using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Sdk.Tests.Client;

/// <summary>An in-process Kestrel server on a free loopback port answering with a handler of the test's own.</summary>
public sealed class FakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeServer(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
    }

    /// <summary>The DICOMweb root of the server, e.g. http://127.0.0.1:40123/dicom-web/.</summary>
    public Uri Root { get; }

    /// <summary>Every request's path and query, in order.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Every request's Accept header, in order.</summary>
    public List<string> AcceptHeaders { get; } = [];

    public static async Task<FakeServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeServer? server = null;
        app.Run(context =>
        {
            server!.Requests.Add(context.Request.Path + context.Request.QueryString);
            server.AcceptHeaders.Add(context.Request.Headers.Accept.ToString());
            return handler(context);
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeServer(app, new Uri(address.TrimEnd('/') + "/dicom-web/"));
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
