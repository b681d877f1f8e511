namespace DicomWeb.Server;

/// <summary>
/// How <c>MapDicomWeb</c> serves a store: the bounds it puts on requests, and the address it
/// writes into URLs it hands out (RetrieveURL, BulkDataURIs, Content-Location).
/// </summary>
/// <example><code>
/// app.MapDicomWeb("/dicom-web", store, new DicomWebServerOptions
/// {
///     MaxStowRequestBytes = 512L * 1024 * 1024,
///     PublicBaseAddress = new Uri("https://pacs.example.org/dicom-web/"),
/// });
/// </code></example>
public sealed record DicomWebServerOptions
{
    /// <summary>The defaults.</summary>
    public static DicomWebServerOptions Default { get; } = new();

    /// <summary>
    /// The most bytes of a STOW-RS request body (Kestrel's own limit, 30 MB by default, is lifted
    /// to this for these requests): a larger Content-Length is 413 at once, a chunked body is cut
    /// off with 413 when it passes the bound. Default 2 GiB. Instances are streamed to the store
    /// one at a time, so this bounds the request, not the server's memory.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public long MaxStowRequestBytes
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxStowRequestBytes), value, "at least 1 byte");
    } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// The most bytes a JSON-flavour STOW-RS request (an application/dicom+json part and its bulk
    /// data parts) may hold in memory while its data sets are put together: more is 413. Default
    /// 256 MiB. Part 10 requests (application/dicom parts) are streamed and not bounded by this.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public long MaxStowJsonBytes
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxStowJsonBytes), value, "at least 1 byte");
    } = 256L * 1024 * 1024;

    /// <summary>
    /// How many bytes of a QIDO-RS answer (DICOM JSON) are held before it is sent. A store may
    /// report warnings while its results come, not only before the first: a gateway's
    /// DicomWebClient reads its upstream's Warning headers page by page. Held answers start once
    /// the results end, with every warning as a Warning 299 header; an answer that passes the
    /// bound starts then, with the warnings known so far, and warnings reported later are not
    /// sent. So each search being answered holds at most about this much. Default 1 MiB (some
    /// thousands of study results); 0 starts every answer at once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public long SearchHoldBytes
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(SearchHoldBytes), value, "cannot be negative");
    } = 1024 * 1024;

    /// <summary>
    /// The DICOMweb root written into the URLs the server hands out, e.g.
    /// "https://pacs.example.org/dicom-web/". Null (the default) takes the request's scheme, Host
    /// header and path base: behind a reverse proxy, either set this or use ASP.NET Core's
    /// forwarded headers middleware, so that clients are not sent to an internal address.
    /// </summary>
    /// <exception cref="ArgumentException">Not an absolute http or https URL.</exception>
    public Uri? PublicBaseAddress
    {
        get;
        init => field = value is null || value.IsAbsoluteUri && value.Scheme is "http" or "https"
            ? value is null || value.AbsolutePath.EndsWith('/') ? value : new Uri(value.AbsoluteUri + "/")
            : throw new ArgumentException($"'{value}' is not an absolute http or https URL.", nameof(PublicBaseAddress));
    }

    /// <summary>
    /// The limits of the multipart reader for STOW-RS bodies (part header sections, preamble).
    /// Null (the default) takes <see cref="DicomWeb.Client.MultipartLimits"/>' defaults.
    /// </summary>
    public DicomWeb.Client.MultipartLimits? MultipartLimits { get; init; }
}
