using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DicomWeb.StudyService.Tests;

/// <summary>
/// An in-process Kestrel server on a free loopback port standing in for the upstream DICOMweb
/// server where Orthanc cannot fail the way a test needs (never answering, answering with hostile
/// bytes). Every request gets <c>answer</c>.
/// </summary>
public sealed class StubUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubUpstream(WebApplication app, Uri root)
    {
        _app = app;
        DicomWebRoot = root;
    }

    /// <summary>The DICOMweb root, e.g. http://127.0.0.1:40123/dicom-web/.</summary>
    public Uri DicomWebRoot { get; }

    /// <summary>How many requests reached it.</summary>
    public int Requests => _requests;

    private int _requests;

    public static async Task<StubUpstream> StartAsync(RequestDelegate answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        StubUpstream? stub = null;
        app.Run(context =>
        {
            Interlocked.Increment(ref stub!._requests);
            return answer(context);
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new StubUpstream(app, new Uri(address.TrimEnd('/') + "/dicom-web/"));
        return stub;
    }

    /// <summary>An upstream that takes every request and never answers (until the caller gives up).</summary>
    public static Task<StubUpstream> SilentAsync() =>
        StartAsync(async context =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
