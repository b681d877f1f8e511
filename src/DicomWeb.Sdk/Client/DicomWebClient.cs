using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using DicomWeb.Json;

namespace DicomWeb.Client;

/// <summary>
/// A DICOMweb client: over an <see cref="HttpClient"/> whose BaseAddress is the DICOMweb root
/// (e.g. "http://127.0.0.1:8042/dicom-web/"; relative paths keep the root's path), or owning its
/// HttpClient, built from the root's URI with safe defaults (see docs/security.md).
/// </summary>
/// <remarks>
/// Every failure of a call is a <see cref="DicomWebException"/> (statuses, lost connections,
/// timeouts, exceptions of handlers in the HTTP pipeline, broken bodies); canceling by the
/// caller's token is an <see cref="OperationCanceledException"/>; arguments are checked with
/// <see cref="ArgumentException"/> before any request.
/// </remarks>
/// <example><code>
/// using var client = new DicomWebClient(new Uri("http://127.0.0.1:8042/dicom-web/"));
/// await foreach (DicomDataset study in client.SearchAsync(Qido.Studies().Where(PatientName.Like("Smith*"))))
///     Console.WriteLine(study.Get(StudyInstanceUID));
/// </code></example>
public sealed partial class DicomWebClient : IDicomWebClient, IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly DicomWebClientOptions _options;
    private readonly Uri _root;   // the base address, ending in "/"
    private volatile bool _disposed;
    private readonly DicomJsonReadOptions _jsonOptions;

    // What this client learns about its server, shared with the other clients given the same state.
    private readonly DicomWebServerState _server;

    /// <summary>
    /// A client over <paramref name="http"/>; its BaseAddress must be the DICOMweb root. Clients
    /// given the same <paramref name="server"/> state share what they learn about the server (null:
    /// this client's own; DicomWeb.Hosting keeps one per registered client).
    /// </summary>
    /// <remarks>
    /// Switch the HttpClient's automatic redirects off (SocketsHttpHandler.AllowAutoRedirect =
    /// false): then this client follows redirects itself, within the base address's origin. An
    /// HttpClient that follows them itself sends custom headers (API keys, cookies) wherever the
    /// server points; the client then refuses a response that came from another origin, but
    /// the headers have gone. Disposing this client does not dispose <paramref name="http"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">The HttpClient has no BaseAddress, or it is not an absolute http or https URI, or it carries user information.</exception>
    public DicomWebClient(HttpClient http, DicomWebClientOptions? options = null, DicomWebServerState? server = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        if (http.BaseAddress is null)
            throw new ArgumentException("The HttpClient needs a BaseAddress: the DICOMweb root, e.g. http://host:8042/dicom-web/.", nameof(http));
        _root = CheckRoot(http.BaseAddress, nameof(http));
        _options = CheckOptions(options);
        _jsonOptions = new DicomJsonReadOptions { MaxDatasetBytes = _options.MaxDatasetBytes, Strict = _options.StrictDicomJson };
        _server = server ?? new DicomWebServerState(_options);
    }

    /// <summary>
    /// A client that owns its HttpClient: a SocketsHttpHandler without automatic redirects (the
    /// client follows them within the origin of <paramref name="baseAddress"/>), without a cookie
    /// container, and without an overall timeout (<see cref="DicomWebClientOptions.ResponseIdleTimeout"/>
    /// ends a silent server instead). Dispose it when done.
    /// </summary>
    /// <param name="baseAddress">The DICOMweb root, e.g. http://127.0.0.1:8042/dicom-web/.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">The address is not an absolute http or https URI, or it carries user information (user:password@, which HttpClient does not send).</exception>
    /// <example><code>
    /// using var client = new DicomWebClient(new Uri("https://pacs.example.org/dicom-web/"));
    /// client.DefaultRequestHeaders.Add("X-Api-Key", key);   // sent to this origin only
    /// </code></example>
    public DicomWebClient(Uri baseAddress, DicomWebClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        _root = CheckRoot(baseAddress, nameof(baseAddress));
        _options = CheckOptions(options);
        _jsonOptions = new DicomJsonReadOptions { MaxDatasetBytes = _options.MaxDatasetBytes, Strict = _options.StrictDicomJson };
        _server = new DicomWebServerState(_options);
        _http = new HttpClient(CreateHandler(), disposeHandler: true) { BaseAddress = _root, Timeout = Timeout.InfiniteTimeSpan };
        _ownsHttp = true;
    }

    /// <summary>
    /// Headers sent with every request to the base address's origin (those of the HttpClient:
    /// for a caller's HttpClient, its DefaultRequestHeaders). Never sent to another origin.
    /// </summary>
    public HttpRequestHeaders DefaultRequestHeaders => _http.DefaultRequestHeaders;

    /// <summary>The DICOMweb root this client talks to.</summary>
    public Uri BaseAddress => _root;

    /// <summary>Disposes the HttpClient this client created (never a caller's).</summary>
    public void Dispose()
    {
        _disposed = true;
        if (_ownsHttp)
            _http.Dispose();
        Interlocked.Exchange(ref _foreign, null)?.Dispose();
    }

    private static Uri CheckRoot(Uri address, string parameter)
    {
        if (!address.IsAbsoluteUri || address.Scheme is not ("http" or "https") || address.Host.Length == 0)
            throw new ArgumentException($"The base address '{UrlRedaction.Show(address, queryValues: false)}' is not an absolute http or https URI (the DICOMweb root, e.g. http://host:8042/dicom-web/).", parameter);
        // HttpClient never sends user:password@ from a URL, while every message naming the URL would show it.
        if (address.UserInfo.Length > 0)
            throw new ArgumentException($"The base address {UrlRedaction.Show(address, queryValues: false)} carries user information (user:password@), which HttpClient does not send: give credentials as an Authorization header (DefaultRequestHeaders.Authorization, or AddBasicAuthentication of DicomWeb.Hosting).", parameter);
        string text = address.GetLeftPart(UriPartial.Path);
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    // A copy, so that later changes to the caller's object do not reach a client in use.
    private static DicomWebClientOptions CheckOptions(DicomWebClientOptions? options)
    {
        options = options is null ? new DicomWebClientOptions() : options with { };
        ArgumentNullException.ThrowIfNull(options.MultipartLimits, nameof(options));
        options.MultipartLimits = options.MultipartLimits with { };
        ArgumentNullException.ThrowIfNull(options.Retry, nameof(options));
        options.Retry = options.Retry with { };
        options.Retry.Check(nameof(options));
        if (options.ResponseHeadersTimeout != Timeout.InfiniteTimeSpan && (options.ResponseHeadersTimeout <= TimeSpan.Zero || options.ResponseHeadersTimeout.TotalMilliseconds > int.MaxValue))
            throw new ArgumentOutOfRangeException(nameof(options), options.ResponseHeadersTimeout, "ResponseHeadersTimeout is positive (at most 24 days) or Timeout.InfiniteTimeSpan.");
        if (options.ResponseIdleTimeout != Timeout.InfiniteTimeSpan && (options.ResponseIdleTimeout <= TimeSpan.Zero || options.ResponseIdleTimeout.TotalMilliseconds > int.MaxValue))
            throw new ArgumentOutOfRangeException(nameof(options), options.ResponseIdleTimeout, "ResponseIdleTimeout is positive (at most 24 days) or Timeout.InfiniteTimeSpan.");
        if (options.MaxRedirects < 0 || options.MaxDatasetBytes < 2 || options.MaxStowResponseBytes < 0 || options.ErrorBodyExcerptLength < 0 || options.MaxQidoPages < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "MaxRedirects, MaxStowResponseBytes and ErrorBodyExcerptLength cannot be negative; MaxDatasetBytes and MaxQidoPages must be positive.");
        return options;
    }

    internal static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>
    /// The results of a search, and the Warning 299 texts of its responses in
    /// <paramref name="warnings"/> (typed: additional results, fuzzy/empty/multiple value matching
    /// not supported) as the pages arrive: a page's warnings are added before its first result is
    /// yielded (and those of a 204 or empty answer too). Each page is read from the stream as it arrives and its
    /// results are yielded as they are parsed: memory holds one result, not a page.
    /// </summary>
    /// <exception cref="DicomWebException">The server refused, did not answer, answered something that is not DICOM JSON, or went silent (while enumerating).</exception>
    public IAsyncEnumerable<DicomDataset> SearchAsync(QidoQuery query, ICollection<QidoWarning>? warnings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Observe(SearchPagesAsync(query, warnings, (body, url, status, token) => ReadDatasetsAsync(body, "the search response", url, status, token), PageMark, cancellationToken), DicomWebOperationKind.Search, Level(query));
    }

    private delegate IAsyncEnumerable<T> PageReader<T>(Stream body, Uri url, HttpStatusCode status, CancellationToken cancellationToken);

    private async IAsyncEnumerable<T> SearchPagesAsync<T>(QidoQuery query, ICollection<QidoWarning>? warnings, PageReader<T> read, Func<T, object> mark, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : notnull
    {
        int offset = query.ResultOffset;
        int? remaining = query.ResultLimit;
        object? previousFirst = null;
        DicomWebOperation? operation = DicomWebOperation.Current;   // pages after the first run in the caller's flow: kept here
        for (int page = 0; page < _options.MaxQidoPages; page++)
        {
            int? limit = _options.QidoPageSize is int size ? Math.Min(size, remaining ?? int.MaxValue) : remaining;
            Uri url = Resolve((_options.QidoPrefix ?? "") + query.ToUrl(limit, offset));
            operation?.Enter();
            using HttpResponseMessage response = await SendAsync(HttpMethod.Get, url, static r => r.Headers.TryAddWithoutValidation("Accept", "application/dicom+json"), cancellationToken).ConfigureAwait(false);
            var pageWarnings = response.Headers.TryGetValues("Warning", out var headers) ? headers.SelectMany(QidoWarning.Parse).ToList() : [];
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                // No match, and maybe why (fuzzy matching not supported, say): the warnings count too.
                foreach (QidoWarning warning in pageWarnings)
                    warnings?.Add(warning);
                yield break;
            }
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            CheckContentType(response, JsonTypes);

            int count = 0;
            bool stopped = false;
            await using (ResponseBodyStream body = await OpenBodyAsync(response, cancellationToken, wrapConnectionErrors: true).ConfigureAwait(false))
            {
                await foreach (T result in read(body, url, response.StatusCode, cancellationToken).ConfigureAwait(false))
                {
                    if (count == 0)
                    {
                        // A server that ignores offset sends the same page again: stop rather than loop.
                        object first = mark(result);
                        if (first.Equals(previousFirst))
                            yield break;
                        previousFirst = first;
                        // Reported before the page's results, so that a caller can act on them
                        // before it has read the results (a gateway puts them into its headers).
                        foreach (QidoWarning warning in pageWarnings)
                            warnings?.Add(warning);
                    }
                    count++;
                    yield return result;
                    if (remaining is int r && count >= r)
                    {
                        stopped = true;
                        break; // the rest of an oversized page is not read
                    }
                }
            }
            operation?.Page(page + 1, count);
            if (count == 0)
            {
                foreach (QidoWarning warning in pageWarnings)
                    warnings?.Add(warning);
                yield break;
            }
            offset += count;
            if (stopped || remaining is not null && (remaining -= count) <= 0)
                yield break;
            bool more = _options.QidoPageSize is int pageSize
                ? count >= Math.Min(pageSize, limit ?? int.MaxValue)
                : pageWarnings.Any(w => w.Kind == QidoWarningKind.AdditionalResults && w.RemainingResults > 0);
            if (!more)
                yield break;
        }
    }

    // What tells two pages apart cheaply: the first result's UIDs (every level returns its own),
    // or for a result without any, its JSON (bounded by the reader's per-data-set limit).
    private static object PageMark(DicomDataset dataset)
    {
        string? study = TryGet(() => dataset.Get(DicomTags.StudyInstanceUID)), series = TryGet(() => dataset.Get(DicomTags.SeriesInstanceUID)), sop = TryGet(() => dataset.Get(DicomTags.SOPInstanceUID));
        return study is null && series is null && sop is null ? DicomJson.Serialize(dataset) : (study, series, sop, dataset.Count);
    }

    private static string? TryGet(Func<string?> get)
    {
        try
        {
            return get();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            return null;
        }
    }

    // The query is already encoded (QidoQuery.ToUrl); System.Uri would escape ^ again, which servers
    // that match the raw text (Orthanc) then fail to match, so the text is sent as it is.
    private Uri Resolve(string relative) =>
        new(_root.AbsoluteUri + relative, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    /// <summary>
    /// The results of a search read into a <see cref="DicomJsonModelAttribute"/> type; the query
    /// asks for the model's attributes (includefield) so that the server returns them.
    /// </summary>
    /// <exception cref="DicomWebException">The server refused, or a result does not fit the model (while enumerating).</exception>
    public IAsyncEnumerable<T> SearchAsync<T>(QidoQuery query, CancellationToken cancellationToken = default)
        where T : IDicomJsonModel<T>
    {
        ArgumentNullException.ThrowIfNull(query);
        return Observe(SearchPagesAsync(query.Include([.. T.DicomTags]), null, (body, url, status, token) => ReadModelsAsync<T>(body, "the search response", url, status, token),
            static model => Convert.ToBase64String(DicomJson.SerializeToUtf8Bytes(model)), cancellationToken), DicomWebOperationKind.Search, Level(query));
    }

    /// <inheritdoc/>
    /// <remarks>The response body is not read (a server cannot make the client read a large one).</remarks>
    /// <exception cref="DicomWebException">The server refused (e.g. 404 not found, 405 where delete is not offered), or did not answer.</exception>
    public async Task DeleteAsync(WadoResource resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.IsFrames)
            throw new ArgumentException("Frames cannot be deleted; delete the instance.", nameof(resource));
        await ObserveDeleteAsync(resource, async () =>
        {
            using HttpResponseMessage response = await SendAsync(HttpMethod.Delete, Resolve((_options.DeletePrefix ?? "") + resource), null, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
