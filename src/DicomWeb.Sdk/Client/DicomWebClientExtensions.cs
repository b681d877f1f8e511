using DicomWeb.Json;

namespace DicomWeb.Client;

/// <summary>
/// The convenience overloads of search, retrieve, save and store, written once for every
/// <see cref="IDicomWebClient"/> (<see cref="DicomWebClient"/>, a folder store, a decorator of
/// yours): each one only fills in defaults or turns its inputs into
/// <see cref="StowInstance"/>s, then calls the one interface method that does the work, so every
/// store behaves the same through them.
/// </summary>
/// <example><code>
/// StowResult stored = await client.StoreAsync(Directory.EnumerateFiles("study", "*.dcm"));
/// await foreach (DicomDataset study in client.SearchAsync(Qido.Studies())) { }
/// </code></example>
public static class DicomWebClientExtensions
{
    /// <summary>The results of a search, streamed, following pages until the server has no more (Warning 299 texts are dropped).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public static IAsyncEnumerable<DicomDataset> SearchAsync(this IDicomWebClient client, QidoQuery query, CancellationToken cancellationToken = default) =>
        NotNull(client).SearchAsync(query, warnings: null, cancellationToken);

    /// <summary>
    /// The instances of a study, series or instance as Part 10 parts as stored
    /// (<c>transfer-syntax=*</c>), or the frames of a frames resource as bulk data parts, streamed
    /// as they arrive: <see cref="IDicomWebClient.RetrieveAsync(WadoResource, IReadOnlyList{AcceptableMediaType}?, CancellationToken)"/>
    /// with its default Accept.
    /// </summary>
    /// <remarks>Each part's Content must be read (or left) before the next part is asked for.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public static IAsyncEnumerable<DicomPart> RetrieveAsync(this IDicomWebClient client, WadoResource resource, CancellationToken cancellationToken = default) =>
        NotNull(client).RetrieveAsync(resource, accept: null, cancellationToken);

    /// <summary>
    /// Saves the instances of a study, series or instance into <paramref name="folder"/> as
    /// "{SOPInstanceUID}.dcm", as stored (<c>transfer-syntax=*</c>), streamed.
    /// </summary>
    /// <returns>The files written, in the order they came.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public static Task<IReadOnlyList<string>> SaveInstancesAsync(this IDicomWebClient client, WadoResource resource, string folder, IProgress<SaveProgress>? progress = null, CancellationToken cancellationToken = default) =>
        NotNull(client).SaveInstancesAsync(resource, folder, accept: null, progress, cancellationToken);

    /// <summary>Stores Part 10 files (STOW-RS), each read when it is sent, with an outcome for every file (named by its path).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="paths"/> is null.</exception>
    /// <exception cref="StowCanceledException">Canceled; its Result says what was stored.</exception>
    public static Task<StowResult> StoreAsync(this IDicomWebClient client, IEnumerable<string> paths, CancellationToken cancellationToken = default) =>
        NotNull(client).StoreAsync(StowInstance.FromFiles(paths), null, null, cancellationToken);

    /// <summary>Stores Part 10 files with options and progress (named by their paths in the result).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="paths"/> is null.</exception>
    /// <exception cref="StowCanceledException">Canceled; its Result says what was stored.</exception>
    public static Task<StowResult> StoreAsync(this IDicomWebClient client, IEnumerable<string> paths, StowOptions? options, IProgress<StowProgress>? progress = null, CancellationToken cancellationToken = default) =>
        NotNull(client).StoreAsync(StowInstance.FromFiles(paths), options, progress, cancellationToken);

    /// <summary>Stores Part 10 streams (named "stream 1", "stream 2"... in the result); seekable ones can be retried.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="streams"/> is null.</exception>
    /// <exception cref="StowCanceledException">Canceled; its Result says what was stored.</exception>
    public static Task<StowResult> StoreAsync(this IDicomWebClient client, IEnumerable<Stream> streams, StowOptions? options = null, IProgress<StowProgress>? progress = null, CancellationToken cancellationToken = default) =>
        NotNull(client).StoreAsync(StowInstance.FromStreams(streams), options, progress, cancellationToken);

    /// <summary>Stores Part 10 byte arrays (named "bytes 1", "bytes 2"... in the result).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="instances"/> is null.</exception>
    /// <exception cref="StowCanceledException">Canceled; its Result says what was stored.</exception>
    public static Task<StowResult> StoreAsync(this IDicomWebClient client, IEnumerable<byte[]> instances, StowOptions? options = null, IProgress<StowProgress>? progress = null, CancellationToken cancellationToken = default) =>
        NotNull(client).StoreAsync(StowInstance.FromByteArrays(instances), options, progress, cancellationToken);

    /// <summary>
    /// Stores data sets (named "dataset 1"... in the result). <see cref="DicomWebClient"/> sends
    /// them in the JSON flavour: an application/dicom+json root part with the request's data sets,
    /// then one application/octet-stream part per top-level binary value over
    /// <see cref="StowOptions.InlineBinaryMaxBytes"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="datasets"/> is null.</exception>
    /// <exception cref="StowCanceledException">Canceled; its Result says what was stored.</exception>
    public static Task<StowResult> StoreAsync(this IDicomWebClient client, IEnumerable<DicomDataset> datasets, StowOptions? options = null, IProgress<StowProgress>? progress = null, CancellationToken cancellationToken = default) =>
        NotNull(client).StoreAsync(StowInstance.FromDatasets(datasets), options, progress, cancellationToken);

    private static IDicomWebClient NotNull(IDicomWebClient client) =>
        client ?? throw new ArgumentNullException(nameof(client));
}
