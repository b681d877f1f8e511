using System.Buffers;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Cli.Tests;

/// <summary>
/// An in-process Kestrel server on a free loopback port answering as a hostile DICOMweb server
/// would, for the tool run as a process. <see cref="StartRawAsync"/> writes the response bytes
/// itself, for what Kestrel refuses to send (control characters in a header).
/// </summary>
public sealed class HostileServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostileServer(WebApplication app, string root)
    {
        _app = app;
        Root = root;
    }

    /// <summary>The DICOMweb root, e.g. http://127.0.0.1:40123/dicom-web/.</summary>
    public string Root { get; }

    /// <summary>A server whose answers come from <paramref name="handler"/>.</summary>
    public static Task<HostileServer> StartAsync(Func<HttpContext, Task> handler) => StartAsync(app => app.Run(c => handler(c)), null);

    /// <summary>A server that answers every request with <paramref name="response"/>, bytes as given (status line, headers, body).</summary>
    public static Task<HostileServer> StartRawAsync(byte[] response) => StartAsync(null, connection => Answer(connection, response));

    /// <summary>An HTTP response: the status line, the headers (Latin-1, as given) and a body.</summary>
    public static byte[] Response(string statusLine, IEnumerable<string> headers, string body)
    {
        byte[] content = Encoding.UTF8.GetBytes(body);
        string head = statusLine + "\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + $"Content-Length: {content.Length}\r\nConnection: close\r\n\r\n";
        return [.. Encoding.Latin1.GetBytes(head), .. content];
    }

    private static async Task<HostileServer> StartAsync(Action<WebApplication>? configure, Func<ConnectionContext, Task>? raw)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (raw is not null)
                listen.Run(raw);
        }));
        builder.Logging.ClearProviders();
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        WebApplication app = builder.Build();
        configure?.Invoke(app);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HostileServer(app, address.TrimEnd('/') + "/dicom-web/");
    }

    // Reads the request head (up to the blank line), then writes the answer and closes.
    private static async Task Answer(ConnectionContext connection, byte[] response)
    {
        var head = new List<byte>();
        while (true)
        {
            var read = await connection.Transport.Input.ReadAsync();
            head.AddRange(read.Buffer.ToArray());
            connection.Transport.Input.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted || Encoding.Latin1.GetString([.. head]).Contains("\r\n\r\n"))
                break;
        }
        await connection.Transport.Output.WriteAsync(response);
        await connection.Transport.Output.CompleteAsync();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
