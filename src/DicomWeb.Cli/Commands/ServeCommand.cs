using System.CommandLine;
using System.Net;
using DicomWeb.Folder;
using DicomWeb.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Cli.Commands;

/// <summary>
/// `dicomweb serve [DIR] [--port N] [--host ADDRESS] [--cors ORIGIN]`: a folder store served as a
/// DICOMweb origin (DicomWeb.Server), its root URL printed on stdout, until Ctrl+C or SIGTERM.
/// Loopback only unless a host is given; port 0 (the default) takes a free one.
/// </summary>
internal static class ServeCommand
{
    private const string Prefix = "/dicom-web";
    private const string CorsPolicy = "dicomweb-serve";

    public static Command Create()
    {
        var folder = new Argument<string?>("DIR") { Description = "The folder to serve (created when missing; default: --folder, else the current folder)", Arity = ArgumentArity.ZeroOrOne };
        var port = new Option<int>("--port", "-p") { Description = "The TCP port; 0 (the default) takes a free one, printed in the URL", DefaultValueFactory = _ => 0 };
        var host = new Option<string>("--host") { Description = "The address to listen on: 127.0.0.1 (the default) is this machine only; 0.0.0.0 or :: is every interface (no authentication: see docs/server.md)", DefaultValueFactory = _ => "127.0.0.1" };
        var cors = new Option<string[]>("--cors") { Description = "An origin whose pages may call the server (a browser viewer), e.g. http://localhost:3000; repeatable; * for any", AllowMultipleArgumentsPerToken = true };
        var command = new Command("serve", "Serve a folder as a DICOMweb origin (QIDO-RS, WADO-RS, STOW-RS, DELETE) until Ctrl+C") { folder, port, host, cors };
        Verb.SetAction(command, async (parse, cancellationToken) =>
        {
            int number = parse.GetValue(port);
            if (number is < 0 or > 65535)
                throw new UsageException($"--port {number} is not a TCP port (0 to 65535)");
            string hostText = parse.GetValue(host)!;
            IPAddress address = Address(hostText);
            string[] origins = parse.GetValue(cors) ?? [];
            string path = parse.GetValue(folder) ?? parse.GetValue(Connection.Folder) ?? ".";

            using DicomFolderClient store = await DicomFolderClient.OpenAsync(path, cancellationToken: cancellationToken);
            await using WebApplication app = Build(store, address, number, origins);
            try
            {
                await app.StartAsync(cancellationToken);
                int bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
                string shown = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? hostText : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
                Console.Out.WriteLine($"http://{shown}:{bound}{Prefix}/");
                Console.Out.Flush();
                Console.Error.WriteLine($"dicomweb: serving {store.Folder} ({store.InstanceCount} instances); Ctrl+C stops");
                if (!IPAddress.IsLoopback(address))
                    Console.Error.WriteLine("dicomweb: listening beyond this machine with no authentication and no TLS: anyone who reaches it can read, store and delete (docs/server.md)");
                await app.WaitForShutdownAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C or SIGTERM: a clean stop.
            }
            catch (IOException e)
            {
                throw new UsageException($"cannot listen on {hostText}:{number}: {e.Message}", e);
            }
            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Ok;
        });
        return command;
    }

    // No reflection: a slim builder, Kestrel on one socket, RequestDelegate endpoints (Native AOT clean).
    private static WebApplication Build(DicomFolderClient store, IPAddress address, int port, string[] origins)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, port));
        // Requests in flight get a few seconds after Ctrl+C or SIGTERM, then the store closes.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
        if (origins.Length > 0)
        {
            builder.Services.AddCors(options => options.AddPolicy(CorsPolicy, policy =>
                (origins.Contains("*") ? policy.AllowAnyOrigin() : policy.WithOrigins(origins)).AllowDicomWeb()));
        }
        WebApplication app = builder.Build();
        if (origins.Length > 0)
            app.UseCors();
        RouteGroupBuilder dicomWeb = app.MapDicomWeb(Prefix, store);
        if (origins.Length > 0)
            dicomWeb.RequireCors(CorsPolicy);
        return app;
    }

    private static IPAddress Address(string host)
    {
        if (host is "localhost")
            return IPAddress.Loopback;
        if (host is "*")
            return IPAddress.Any;
        return IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? address)
            ? address
            : throw new UsageException($"--host '{host}' is not an IP address (127.0.0.1, ::1, 0.0.0.0, :: or localhost)");
    }
}
