using DicomWeb.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Server.Http;

/// <summary>
/// One mapped DICOMweb origin: the store it serves, its options, and the translation between the
/// store's URLs (a folder store's dicomweb-folder://local/..., a gateway's upstream server) and
/// this server's, so that every RetrieveURL, BulkDataURI and Content-Location handed out points
/// here.
/// </summary>
internal sealed class DicomWebOrigin
{
    private const string ProbePath = "studies/1.2/metadata";

    public DicomWebOrigin(IDicomWebClient store, DicomWebServerOptions options, string prefix, ILogger logger)
    {
        Store = store;
        Options = options;
        Prefix = prefix;
        Logger = logger;
        // The store's root, as its own URLs start: its metadata URL of a study, less the path.
        string probe = store.MetadataUrl(Client.Wado.Study("1.2")).AbsoluteUri;
        StoreRoot = probe.EndsWith(ProbePath, StringComparison.Ordinal) ? probe[..^ProbePath.Length] : null;
    }

    public IDicomWebClient Store { get; }

    public DicomWebServerOptions Options { get; }

    /// <summary>The route prefix, e.g. "/dicom-web", without a trailing slash.</summary>
    public string Prefix { get; }

    public ILogger Logger { get; }

    /// <summary>The store's root URL (with its trailing slash), when its URLs have the usual shape.</summary>
    public string? StoreRoot { get; }

    /// <summary>This server's DICOMweb root for a request, e.g. "http://127.0.0.1:8080/dicom-web/".</summary>
    public string PublicRoot(HttpContext context)
    {
        if (Options.PublicBaseAddress is Uri fixedRoot)
            return fixedRoot.AbsoluteUri;
        HttpRequest request = context.Request;
        return $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}{Prefix}/";
    }

    /// <summary>
    /// A URL of the store as a URL of this server: the same path under this server's root. URLs
    /// the store did not root under itself are given back unchanged (they name another origin).
    /// </summary>
    public string ToPublic(string storeUrl, string publicRoot, Uri? baseUrl = null)
    {
        if (StoreRoot is null)
            return storeUrl;
        if (!Uri.TryCreate(baseUrl ?? new Uri(StoreRoot), storeUrl, out Uri? absolute))
            return storeUrl;
        string text = absolute.AbsoluteUri;
        return text.StartsWith(StoreRoot, StringComparison.Ordinal) ? publicRoot + text[StoreRoot.Length..] : storeUrl;
    }
}
