using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Sdk.Tests.Hostile;

/// <summary>
/// An in-process Kestrel server that answers as an attacker would: endless or gigabyte bodies
/// generated on the fly (never held), silence after the headers, redirects to another origin. It
/// records what reached it (headers that carry secrets, request body bytes) and counts the
/// response bytes it managed to send, so tests can assert that a client stopped reading early.
/// </summary>
public sealed class HostileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _bytesSent;

    private HostileServer(WebApplication app, Uri origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary>The server's origin, e.g. http://127.0.0.2:40123.</summary>
    public Uri Origin { get; }

    /// <summary>The DICOMweb root, e.g. http://127.0.0.1:40123/dicom-web/.</summary>
    public Uri Root => new(Origin, "/dicom-web/");

    /// <summary>Every request as it arrived.</summary>
    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    /// <summary>
    /// Bytes the connections took from the server so far (headers and framing included), counted
    /// where Kestrel hands them to the socket: once a client stops reading, this stops growing
    /// (a count of the handler's writes would not: Kestrel discards writes to a closed connection).
    /// </summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Starts a server on <paramref name="host"/> (127.0.0.1, or 127.0.0.2 for a second origin) and a free port.</summary>
    public static async Task<HostileServer> StartAsync(Func<HttpContext, HostileServer, Task> handler, string host = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        HostileServer? server = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Limits.MinResponseDataRate = null; // a client that stops reading is the point of some tests
            k.Listen(IPAddress.Parse(host), 0, listen => listen.Use(next => connection =>
            {
                connection.Transport = new CountingPipe(connection.Transport, count => Interlocked.Add(ref server!._bytesSent, count));
                return next(connection);
            }));
        });
        builder.Logging.ClearProviders();
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        WebApplication app = builder.Build();
        app.Run(async context =>
        {
            long received = 0;
            byte[] scratch = new byte[64 * 1024];
            // The body is counted, not kept: what matters is whether any of it arrived.
            if (context.Request.Method is "POST" or "PUT")
            {
                try
                {
                    int read;
                    while ((read = await context.Request.Body.ReadAsync(scratch, context.RequestAborted)) > 0)
                        received += read;
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
                {
                }
            }
            server!.Requests.Enqueue(new SeenRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), received));
            try
            {
                await handler(context, server);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // The client went away: that is how most hostile answers end.
            }
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new HostileServer(app, new Uri(address));
        return server;
    }

    /// <summary>Writes bytes of the response body.</summary>
    public async Task WriteAsync(HttpContext context, ReadOnlyMemory<byte> bytes) =>
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);

    /// <summary>
    /// Writes <paramref name="prefix"/>, then <paramref name="chunk"/> again and again until
    /// <paramref name="total"/> bytes are out (or forever), then <paramref name="suffix"/>; stops
    /// when the client goes away. Generated on the fly: the server holds one chunk.
    /// </summary>
    public async Task StreamAsync(HttpContext context, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> chunk, long total = long.MaxValue, ReadOnlyMemory<byte> suffix = default)
    {
        await WriteAsync(context, prefix);
        long sent = prefix.Length;
        while (sent + chunk.Length <= total - suffix.Length && !context.RequestAborted.IsCancellationRequested)
        {
            await WriteAsync(context, chunk);
            sent += chunk.Length;
        }
        if (!context.RequestAborted.IsCancellationRequested)
            await WriteAsync(context, suffix);
    }

    /// <summary>Sends what the response has so far (headers, a first bit of body), then nothing until the client goes away.</summary>
    public async Task FallSilentAsync(HttpContext context, ReadOnlyMemory<byte> first = default)
    {
        await context.Response.StartAsync(context.RequestAborted);
        if (!first.IsEmpty)
            await WriteAsync(context, first);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(2), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>A connection's pipes, counting the bytes written towards the socket.</summary>
internal sealed class CountingPipe(IDuplexPipe inner, Action<long> count) : IDuplexPipe
{
    public PipeReader Input => inner.Input;

    public PipeWriter Output { get; } = new CountingWriter(inner.Output, count);

    private sealed class CountingWriter(PipeWriter inner, Action<long> count) : PipeWriter
    {
        public override void Advance(int bytes)
        {
            inner.Advance(bytes);
            count(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);
        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);
        public override void CancelPendingFlush() => inner.CancelPendingFlush();
        public override void Complete(Exception? exception = null) => inner.Complete(exception);
        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
    }
}

/// <summary>A request as the hostile server saw it: method, path and query, headers, and how many body bytes arrived.</summary>
public sealed record SeenRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, long BodyBytes);
