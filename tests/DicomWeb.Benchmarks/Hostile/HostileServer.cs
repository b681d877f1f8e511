using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Benchmarks.Hostile;

/// <summary>
/// An in-process Kestrel server playing a hostile DICOMweb server: each answer is reached under
/// its own root, http://127.0.0.1:port/{answer}/dicom-web/, and writes a body generated as it
/// goes (endless, or gibibytes), so the server itself holds a chunk, never the body.
/// </summary>
public sealed class HostileServer : IAsyncDisposable
{
    public const long GiB = 1024L * 1024 * 1024;
    private const long Endless = long.MaxValue;

    private static readonly byte[] QidoObject = Encoding.ASCII.GetBytes(
        "{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2.826.0.1.3680043.8.498.1\"]},\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^Jane\"}]},\"00080020\":{\"vr\":\"DA\",\"Value\":[\"20250115\"]}}");

    private static readonly byte[] ReferencedSop = Encoding.ASCII.GetBytes(
        "{\"00081150\":{\"vr\":\"UI\",\"Value\":[\"1.2.840.10008.5.1.4.1.1.7\"]},\"00081155\":{\"vr\":\"UI\",\"Value\":[\"1.2.826.0.1.3680043.8.498.2\"]}}");

    private readonly WebApplication _app;

    private HostileServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri Address { get; }

    /// <summary>The DICOMweb root under which the server gives one hostile answer.</summary>
    public Uri Root(string answer) => new(Address, answer + "/dicom-web/");

    /// <summary>The answers by name: each writes its status, headers and body to any request under its root.</summary>
    private static readonly Dictionary<string, Func<HttpContext, Task>> Answers = new()
    {
        ["endless-qido"] = context => JsonArrayAsync(context, 200, QidoObject, Endless),
        ["qido-1gib"] = context => JsonArrayAsync(context, 200, QidoObject, GiB),
        ["error-1gib"] = context => RepeatAsync(context, 500, "text/plain", [], Encoding.ASCII.GetBytes("internal error, and more of it. "), [], GiB),
        ["stow-1gib"] = context => RepeatAsync(context, 200, "application/dicom+json",
            Encoding.ASCII.GetBytes("{\"00081199\":{\"vr\":\"SQ\",\"Value\":["), [.. ReferencedSop, .. ","u8], [.. ReferencedSop, .. "]}}"u8], GiB),
        ["delete-1gib"] = context => RepeatAsync(context, 200, "text/plain", [], Encoding.ASCII.GetBytes("deleted. "), [], GiB),
        ["endless-multipart-headers"] = context => EndlessHeaderLinesAsync(context),
        ["metadata-3gib-object"] = context => RepeatAsync(context, 200, "application/dicom+json",
            Encoding.ASCII.GetBytes("[{\"00100020\":{\"vr\":\"LO\",\"Value\":[\""), "aaaaaaaaaaaaaaaa"u8.ToArray(), Encoding.ASCII.GetBytes("\"]}}]"), 3 * GiB),
        ["silent-after-headers"] = SilentAsync,
    };

    public static async Task<HostileServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(context =>
        {
            string answer = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            if (Answers.TryGetValue(answer, out var write))
                return write(context);
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HostileServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    private static Task JsonArrayAsync(HttpContext context, int status, byte[] item, long length) =>
        RepeatAsync(context, status, "application/dicom+json", [(byte)'[', .. item], [(byte)',', .. item], "]"u8.ToArray(), length);

    /// <summary>Head, then the unit repeated while the body is shorter than <paramref name="length"/>, then tail.</summary>
    private static async Task RepeatAsync(HttpContext context, int status, string contentType, byte[] head, byte[] unit, byte[] tail, long length)
    {
        await DrainRequestAsync(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        byte[] chunk = new byte[unit.Length * Math.Max(1, 64 * 1024 / unit.Length)];
        for (int i = 0; i < chunk.Length; i += unit.Length)
            unit.CopyTo(chunk, i);
        CancellationToken aborted = context.RequestAborted;
        try
        {
            await context.Response.Body.WriteAsync(head, aborted);
            long written = head.Length;
            while (written < length - tail.Length)
            {
                await context.Response.Body.WriteAsync(chunk, aborted);
                written += chunk.Length;
            }
            await context.Response.Body.WriteAsync(tail, aborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client stopped reading: that is what a bounded client does.
        }
    }

    private static async Task EndlessHeaderLinesAsync(HttpContext context)
    {
        await DrainRequestAsync(context);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "multipart/related; type=\"application/dicom\"; boundary=hostile";
        CancellationToken aborted = context.RequestAborted;
        var lines = new StringBuilder("--hostile\r\nContent-Type: application/dicom\r\n");
        try
        {
            for (long line = 0; ; line++)
            {
                lines.Append("X-Header-").Append(line).Append(": ").Append('a', 100).Append("\r\n");
                if (lines.Length < 60 * 1024)
                    continue;
                await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes(lines.ToString()), aborted);
                lines.Clear();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }
    }

    private static async Task SilentAsync(HttpContext context)
    {
        await DrainRequestAsync(context);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/dicom+json";
        try
        {
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }
    }

    // A STOW request body is read before answering, as a server would.
    private static async Task DrainRequestAsync(HttpContext context)
    {
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
