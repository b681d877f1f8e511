using System.Net;
using System.Runtime.CompilerServices;
using DicomWeb.Json;

namespace DicomWeb.Client;

/// <summary>
/// A DICOMweb client over an <see cref="HttpClient"/> whose BaseAddress is the DICOMweb root
/// (e.g. "http://127.0.0.1:8042/dicom-web/"; relative paths keep the root's path).
/// </summary>
/// <example><code>
/// var client = new DicomWebClient(new HttpClient { BaseAddress = new Uri("http://127.0.0.1:8042/dicom-web/") });
/// await foreach (DicomDataset study in client.SearchAsync(Qido.Studies().Where(PatientName.Like("Smith*"))))
///     Console.WriteLine(study.Get(StudyInstanceUID));
/// </code></example>
public sealed partial class DicomWebClient : IDicomWebClient
{
    private readonly HttpClient _http;
    private readonly DicomWebClientOptions _options;

    // What this client learns about its server, shared with the other clients given the same state.
    private readonly DicomWebServerState _server;

    /// <summary>
    /// A client over <paramref name="http"/>; its BaseAddress must be set. Clients given the same
    /// <paramref name="server"/> state share what they learn about the server (null: this client's own).
    /// </summary>
    /// <exception cref="ArgumentException">The HttpClient has no BaseAddress.</exception>
    public DicomWebClient(HttpClient http, DicomWebClientOptions? options = null, DicomWebServerState? server = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        if (http.BaseAddress is null)
            throw new ArgumentException("The HttpClient needs a BaseAddress: the DICOMweb root, e.g. http://host:8042/dicom-web/.", nameof(http));
        _options = options ?? new DicomWebClientOptions();
        _server = server ?? new DicomWebServerState(_options);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<DicomDataset> SearchAsync(QidoQuery query, CancellationToken cancellationToken = default) =>
        SearchAsync(query, warnings: null, cancellationToken);

    /// <summary>
    /// The results of a search, and the Warning 299 texts of its responses in
    /// <paramref name="warnings"/> (typed: additional results, fuzzy/empty/multiple value matching
    /// not supported) as the pages arrive.
    /// </summary>
    public async IAsyncEnumerable<DicomDataset> SearchAsync(QidoQuery query, ICollection<QidoWarning>? warnings, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        int offset = query.ResultOffset;
        int? remaining = query.ResultLimit;
        string? previousFirst = null;
        for (int page = 0; page < _options.MaxQidoPages; page++)
        {
            int? limit = _options.QidoPageSize is int size ? Math.Min(size, remaining ?? int.MaxValue) : remaining;
            Uri url = Resolve((_options.QidoPrefix ?? "") + query.ToUrl(limit, offset));
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/dicom+json");
            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NoContent)
                yield break;
            await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);

            IReadOnlyList<DicomDataset> results;
            await using (Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    results = await DicomJson.DeserializeArrayAsync(body, cancellationToken).ConfigureAwait(false);
                }
                catch (DicomJsonException e)
                {
                    throw new DicomWebException("the search response is not valid DICOM JSON", request.Method, url, response.StatusCode, e.Message, e);
                }
            }
            if (results.Count == 0)
                yield break;
            // A server that ignores offset sends the same page again: stop rather than loop.
            string first = DicomJson.Serialize(results[0]);
            if (first == previousFirst)
                yield break;
            previousFirst = first;

            foreach (DicomDataset result in remaining is int r ? results.Take(r) : results)
                yield return result;
            offset += results.Count;
            if (remaining is not null && (remaining -= results.Count) <= 0)
                yield break;
            var pageWarnings = response.Headers.TryGetValues("Warning", out var headers) ? headers.SelectMany(QidoWarning.Parse).ToList() : [];
            foreach (QidoWarning warning in pageWarnings)
                warnings?.Add(warning);
            bool more = _options.QidoPageSize is int pageSize
                ? results.Count >= Math.Min(pageSize, limit ?? int.MaxValue)
                : pageWarnings.Any(w => w.Kind == QidoWarningKind.AdditionalResults && w.RemainingResults > 0);
            if (!more)
                yield break;
        }
    }

    // The query is already encoded (QidoQuery.ToUrl); System.Uri would escape ^ again, which servers
    // that match the raw text (Orthanc) then fail to match, so the text is sent as it is.
    private Uri Resolve(string relative)
    {
        string root = _http.BaseAddress!.AbsoluteUri;
        return new Uri((root.EndsWith('/') ? root : root + "/") + relative, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
    }

    /// <summary>
    /// The results of a search read into a <see cref="DicomJsonModelAttribute"/> type; the query
    /// asks for the model's attributes (includefield) so that the server returns them.
    /// </summary>
    public async IAsyncEnumerable<T> SearchAsync<T>(QidoQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : IDicomJsonModel<T>
    {
        ArgumentNullException.ThrowIfNull(query);
        await foreach (DicomDataset result in SearchAsync(query.Include([.. T.DicomTags]), cancellationToken).ConfigureAwait(false))
            yield return DicomJson.Deserialize<T>(DicomJson.SerializeToUtf8Bytes(result));
    }

    /// <inheritdoc/>
    /// <exception cref="DicomWebException">The server refused (e.g. 404 not found, 405 where delete is not offered).</exception>
    public async Task DeleteAsync(WadoResource resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.IsFrames)
            throw new ArgumentException("Frames cannot be deleted; delete the instance.", nameof(resource));
        using var request = new HttpRequestMessage(HttpMethod.Delete, Resolve((_options.DeletePrefix ?? "") + resource));
        using HttpResponseMessage response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, HttpRequestMessage request, CancellationToken cancellationToken, string message = "the server refused the request")
    {
        if (response.IsSuccessStatusCode)
            return;
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        throw new DicomWebException(message, request.Method, request.RequestUri, response.StatusCode, body.Length > 500 ? body[..500] + "..." : body);
    }
}
