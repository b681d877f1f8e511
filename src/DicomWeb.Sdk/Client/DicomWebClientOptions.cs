using Microsoft.Extensions.Logging;

namespace DicomWeb.Client;

/// <summary>
/// Settings of a <see cref="DicomWebClient"/>. Every limit here guards against a server that
/// answers too much, too slowly or elsewhere; the defaults suit a PACS over the internet.
/// </summary>
/// <remarks>
/// Unlike the per-call options (<see cref="StowOptions"/>, <see cref="RenderedOptions"/>, DicomJsonReadOptions...,
/// immutable with <c>init</c> and a <c>Default</c>), this is an options-pattern class: its properties are
/// settable so that it can be bound from configuration and configured with <c>o =&gt; o.X = ...</c>
/// (DicomWeb.Hosting's AddDicomWebClient). A client copies what it needs when it is made; changing an
/// instance afterwards changes no client already made.
/// </remarks>
public sealed record DicomWebClientOptions
{
    /// <summary>The default of <see cref="ResponseIdleTimeout"/>: 2 minutes.</summary>
    public static readonly TimeSpan DefaultResponseIdleTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The default of <see cref="ResponseHeadersTimeout"/>: 100 seconds (HttpClient's own default timeout).</summary>
    public static readonly TimeSpan DefaultResponseHeadersTimeout = TimeSpan.FromSeconds(100);

    /// <summary>
    /// The DICOMweb root, e.g. "https://pacs.example.org/dicom-web/" (absolute http or https). Used
    /// by the clients that make their own HttpClient (AddDicomWebClient of DicomWeb.Hosting); a
    /// client over a caller's HttpClient uses that HttpClient's BaseAddress.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// Results asked for per QIDO-RS request (limit/offset paging). Null sends the query's own limit
    /// and offset once and follows the server's "Warning: 299 ... additional results" instead.
    /// </summary>
    public int? QidoPageSize { get; set; }

    /// <summary>The most QIDO-RS pages followed for one search, so that a server ignoring offset cannot loop forever.</summary>
    public int MaxQidoPages { get; set; } = 10_000;

    /// <summary>Path prefix of QIDO-RS under the base address (some servers split the services, like dicomweb-client's qido_url_prefix), e.g. "qido/".</summary>
    public string? QidoPrefix { get; set; }

    /// <summary>
    /// Whether the type parameter of multipart/related in Accept is quoted (type="application/dicom",
    /// the default) or not. Servers differ (PS3.18 8.7.3.5.1 allows both): a 406, or a 400 or 415
    /// before any multipart request of this client has succeeded, is retried once with the other
    /// form, and the client keeps the form that worked.
    /// </summary>
    public bool QuoteMultipartType { get; set; } = true;

    /// <summary>Path prefix of WADO-RS under the base address.</summary>
    public string? WadoPrefix { get; set; }

    /// <summary>Path prefix of STOW-RS under the base address.</summary>
    public string? StowPrefix { get; set; }

    /// <summary>Path prefix of delete requests under the base address.</summary>
    public string? DeletePrefix { get; set; }

    /// <summary>
    /// How long the client waits for the next byte of a response (default
    /// <see cref="DefaultResponseIdleTimeout"/>, 2 minutes): for the response headers after the
    /// last byte of the request was sent, and for every read of a response body (search results,
    /// metadata, retrieved parts, bulk data, rendered images, STOW-RS responses, error bodies).
    /// A server silent for that long ends the call with a <see cref="DicomWebException"/> naming
    /// the URL and the bytes received. It is a timeout per read, not per operation: a retrieve
    /// of gigabytes that keeps flowing is never cut. It applies with a caller's HttpClient too.
    /// <see cref="Timeout.InfiniteTimeSpan"/> switches it off.
    /// </summary>
    public TimeSpan ResponseIdleTimeout { get; set; } = DefaultResponseIdleTimeout;

    /// <summary>
    /// Redirects (301, 302, 303, 307, 308) followed for one request, at most (default 5). The
    /// client follows them itself, within the base address's origin (scheme, host and port);
    /// beyond the limit the call fails with a <see cref="DicomWebException"/>.
    /// </summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>
    /// Whether a redirect to another origin is followed (default false: it is a
    /// <see cref="DicomWebException"/>). When true, the request to the other origin goes through a
    /// separate, bare HttpClient: without the HttpClient's default headers and handlers (so no
    /// Authorization, Cookie, API key or other custom header) and without a body (a redirect that
    /// needs the body sent elsewhere, like a 307 to a STOW-RS request, stays an error).
    /// </summary>
    public bool AllowCrossOriginRedirects { get; set; }

    /// <summary>
    /// Bytes of one data set in a DICOM JSON response (a search result, one instance's metadata),
    /// at most (default 64 MiB). Results are parsed one at a time as the body arrives, so memory
    /// holds one data set; a larger one ends the call with a <see cref="DicomWebException"/> before
    /// it is buffered whole.
    /// </summary>
    public int MaxDatasetBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// Whether DICOM JSON responses must be canonical (default false). By default the client reads
    /// the deviations real servers send (numbers as strings, PN as plain strings, lowercase keys,
    /// extra members, <c>[null]</c> for an empty text: docs/dicom-json.md) and normalizes them;
    /// true refuses each of them with a <see cref="DicomWebException"/>, for validating a server.
    /// Hostile input is refused either way.
    /// </summary>
    public bool StrictDicomJson { get; set; }

    /// <summary>
    /// Bounds on what a server writes around the parts of a multipart/related response (preamble,
    /// part header sections): by default a preamble of 64 KiB and header sections of 16 KiB.
    /// </summary>
    public MultipartLimits MultipartLimits { get; set; } = new();

    /// <summary>
    /// Characters of an error response's body kept in <see cref="DicomWebException.BodyExcerpt"/>
    /// (default 500). At most four bytes per character (plus one line) are read from the body; the
    /// rest is never read, so a gigabyte error page costs nothing.
    /// </summary>
    public int ErrorBodyExcerptLength { get; set; } = 500;

    /// <summary>
    /// Bytes of a STOW-RS response body read, at most (default 16 MiB; a response data set names
    /// each instance in a few hundred bytes). A longer response is not read: the instances of its
    /// request are failed with a reason that says so, and the store goes on.
    /// </summary>
    public long MaxStowResponseBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// How long one attempt of a request waits for the response headers once its last byte was
    /// sent (default <see cref="DefaultResponseHeadersTimeout"/>, 100 seconds): a server that
    /// accepted the request and then says nothing. For a search, retrieve or delete it is retried
    /// like a 504 (<see cref="Retry"/>); for STOW-RS it fails the request's instances (the server may
    /// be storing them). While a request body is being sent, <see cref="ResponseIdleTimeout"/> applies
    /// to each write instead, so an upload of gigabytes that keeps flowing is never cut; once the
    /// headers are in, the body is read under <see cref="ResponseIdleTimeout"/>. There is no timeout
    /// for a whole operation. <see cref="Timeout.InfiniteTimeSpan"/> switches it off.
    /// </summary>
    public TimeSpan ResponseHeadersTimeout { get; set; } = DefaultResponseHeadersTimeout;

    /// <summary>
    /// Retries of requests after transient failures (408, 429, 502, 503, 504, no connection, no
    /// response headers in time): for searches (the failing page only), retrieves, metadata, bulk
    /// data, rendered images, thumbnails and deletes, before any result reached the caller, and for
    /// STOW-RS requests whose body can be sent again (<see cref="StowOptions.MaxRetries"/> overrides
    /// the count per store). Default: 2 retries, backoff from 250 ms with jitter, Retry-After
    /// honoured up to 30 seconds; <c>Retry = { MaxRetries = 0 }</c> switches them off.
    /// </summary>
    public DicomWebRetryOptions Retry { get; set; } = new();

    /// <summary>
    /// Whether query values are left out of what the client shows of a URL (default true):
    /// <see cref="DicomWebException"/> messages and <see cref="DicomWebException.Url"/> read
    /// <c>studies?PatientID=REDACTED&amp;limit=100</c>, and so do the paths of log entries (with
    /// UIDs as <c>{uid}</c>). Values of parameters that carry no data (includefield, limit,
    /// offset, fuzzymatching, emptyvaluematching, multiplevaluematching and the rendering
    /// parameters) are always shown. False shows every value: match values are patient data, so
    /// only for debugging, never in production logs. Traces never carry the query either way
    /// (url.template is the path), and user information (user:password@) is never shown.
    /// </summary>
    public bool RedactQueryValues { get; set; } = true;

    /// <summary>
    /// Where the client logs (category DicomWeb.Client.DicomWebClient): one entry per operation
    /// with the method, the path with its UIDs replaced and without query values, the status,
    /// duration, bytes and retries (Information; Warning when it failed), and Debug entries per
    /// request, page and part. Match values, UIDs, patient data, headers and credentials are never
    /// logged. Null (the default) logs nothing; DicomWeb.Hosting sets the container's factory.
    /// </summary>
    /// <remarks>
    /// A field rather than a property: it is a service, not a setting, and configuration binding
    /// (the reflection binder and its source generator, which cannot make an interface) only ever
    /// looks at properties. Set it like a property: <c>new DicomWebClientOptions { LoggerFactory = factory }</c>.
    /// </remarks>
#pragma warning disable CA1051 // see remarks
    public ILoggerFactory? LoggerFactory;
#pragma warning restore CA1051
}
