using DicomWeb.Client;
using DicomWeb.Server;
using DicomWeb.Server.Http;
using DicomWeb.Server.Search;
using DicomWeb.Server.Store;
using DicomWeb.Server.Retrieve;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

// In the namespace of MapGet and MapHealthChecks, so that app.MapDicomWeb is found without a using.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps a DICOMweb origin (QIDO-RS, WADO-RS, STOW-RS, DELETE) onto an ASP.NET Core application.</summary>
public static class DicomWebEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <paramref name="store"/> as a DICOMweb origin under <paramref name="prefix"/>: any
    /// <see cref="IDicomWebClient"/>, a folder store (DicomFolderClient) or a
    /// <see cref="DicomWebClient"/> to another server (a gateway). Search (studies, series,
    /// instances, at every scope), retrieve (instances, metadata, frames, bulk data with ranges,
    /// rendered and thumbnail where the store has them), store (multipart/related, Part 10 or
    /// DICOM JSON with bulk data) and delete, streamed both ways. Authentication and CORS are
    /// ASP.NET Core's: chain RequireAuthorization and RequireCors on the group returned.
    /// </summary>
    /// <param name="endpoints">The application (or any endpoint route builder).</param>
    /// <param name="prefix">The DICOMweb root path, e.g. "/dicom-web".</param>
    /// <param name="store">The store served; the caller keeps ownership (disposes it).</param>
    /// <param name="options">Limits and the public base address; <see cref="DicomWebServerOptions.Default"/> when null.</param>
    /// <returns>The route group of every DICOMweb endpoint, to add conventions to.</returns>
    /// <example><code>
    /// WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
    /// WebApplication app = builder.Build();
    /// using DicomFolderClient store = DicomFolderClient.Open("./dicom-store");
    /// app.MapDicomWeb("/dicom-web", store);
    /// app.Run();
    /// </code></example>
    /// <exception cref="ArgumentException">The prefix is empty or does not start with "/".</exception>
    public static RouteGroupBuilder MapDicomWeb(this IEndpointRouteBuilder endpoints, string prefix, IDicomWebClient store, DicomWebServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (!prefix.StartsWith('/'))
            throw new ArgumentException($"The prefix '{prefix}' is a path: it starts with '/', e.g. \"/dicom-web\".", nameof(prefix));
        string trimmed = prefix.TrimEnd('/');
        ILogger logger = endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger("DicomWeb.Server") ?? NullLogger.Instance;
        var origin = new DicomWebOrigin(store, options ?? DicomWebServerOptions.Default, trimmed, logger);
        RouteGroupBuilder group = endpoints.MapGroup(trimmed.Length == 0 ? "/" : trimmed);
        SearchEndpoints.Map(group, origin);
        MetadataEndpoints.Map(group, origin);
        RenderedEndpoints.Map(group, origin);
        RetrieveEndpoints.Map(group, origin);
        StoreEndpoints.Map(group, origin);
        DeleteEndpoints.Map(group, origin);
        return group;
    }
}
