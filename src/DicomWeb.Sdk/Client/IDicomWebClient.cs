using DicomWeb.Json;

namespace DicomWeb.Client;

/// <summary>
/// A DICOMweb client: search (QIDO-RS), retrieve (WADO-RS), store (STOW-RS) and delete. The whole
/// API of <see cref="DicomWebClient"/>, so code written against the interface (injected, or a
/// local folder store) loses nothing. The convenience overloads (store files, streams, byte
/// arrays or data sets; search or retrieve with the defaults) are written once for every
/// implementation in <see cref="DicomWebClientExtensions"/>.
/// </summary>
public interface IDicomWebClient
{
    /// <summary>
    /// The results of a search, and the Warning 299 texts of its responses in
    /// <paramref name="warnings"/> as the pages arrive.
    /// </summary>
    IAsyncEnumerable<DicomDataset> SearchAsync(QidoQuery query, ICollection<QidoWarning>? warnings, CancellationToken cancellationToken = default);

    /// <summary>The results of a search as a [DicomJsonModel] type, asking for its attributes.</summary>
    IAsyncEnumerable<T> SearchAsync<T>(QidoQuery query, CancellationToken cancellationToken = default) where T : IDicomJsonModel<T>;

    /// <summary>
    /// The instances or frames of a resource in the media types and transfer syntaxes of
    /// <paramref name="accept"/>, in order of preference (null: the defaults).
    /// </summary>
    IAsyncEnumerable<DicomPart> RetrieveAsync(WadoResource resource, IReadOnlyList<AcceptableMediaType>? accept, CancellationToken cancellationToken = default);

    /// <summary>The metadata of a study, series or instance, one data set per instance.</summary>
    Task<IReadOnlyList<DicomDataset>> RetrieveMetadataAsync(WadoResource resource, CancellationToken cancellationToken = default);

    /// <summary>The metadata read into a [DicomJsonModel] type, one per instance.</summary>
    Task<IReadOnlyList<T>> RetrieveMetadataAsync<T>(WadoResource resource, CancellationToken cancellationToken = default) where T : IDicomJsonModel<T>;

    /// <summary>The metadata of a study, series or instance, one data set at a time as the body arrives.</summary>
    IAsyncEnumerable<DicomDataset> RetrieveMetadataAsyncEnumerable(WadoResource resource, CancellationToken cancellationToken = default);

    /// <summary>The URL of a resource's metadata: the base against which the BulkDataURIs in it are resolved.</summary>
    Uri MetadataUrl(WadoResource resource);

    /// <summary>Bulk data by the BulkDataURI found in metadata, whole or a byte range.</summary>
    IAsyncEnumerable<DicomPart> RetrieveBulkDataAsync(string bulkDataUri, ByteRange? range = null, CancellationToken cancellationToken = default);

    /// <summary>Bulk data by a BulkDataURI resolved against <paramref name="metadataUrl"/>, the metadata URL it came from, whole or a byte range.</summary>
    IAsyncEnumerable<DicomPart> RetrieveBulkDataAsync(string bulkDataUri, Uri metadataUrl, ByteRange? range = null, CancellationToken cancellationToken = default);

    /// <summary>Rendered images of a study, series, instance or frames, one part per image.</summary>
    IAsyncEnumerable<DicomPart> RetrieveRenderedAsync(WadoResource resource, RenderedOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>A thumbnail of a study, series, instance or frames, in a media type and optionally a viewport.</summary>
    IAsyncEnumerable<DicomPart> RetrieveThumbnailAsync(WadoResource resource, string mediaType = "image/jpeg", RenderedViewport? viewport = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves the instances of a study, series or instance into a folder as "{SOPInstanceUID}.dcm",
    /// streamed, in the transfer syntaxes of <paramref name="accept"/> (null: as stored).
    /// </summary>
    Task<IReadOnlyList<string>> SaveInstancesAsync(WadoResource resource, string folder, IReadOnlyList<AcceptableMediaType>? accept, IProgress<SaveProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Stores instances of any source, with an outcome for every instance.</summary>
    Task<StowResult> StoreAsync(IEnumerable<StowInstance> instances, StowOptions? options = null, IProgress<StowProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes a study, series or instance (not part of PS3.18; servers that offer it answer DELETE on the resource).</summary>
    Task DeleteAsync(WadoResource resource, CancellationToken cancellationToken = default);
}
