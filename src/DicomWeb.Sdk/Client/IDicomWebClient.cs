namespace DicomWeb.Client;

/// <summary>A DICOMweb client: search (QIDO-RS), retrieve (WADO-RS), store (STOW-RS) and delete.</summary>
public interface IDicomWebClient
{
    /// <summary>The results of a search, streamed, following pages until the server has no more.</summary>
    IAsyncEnumerable<DicomDataset> SearchAsync(QidoQuery query, CancellationToken cancellationToken = default);

    /// <summary>The results of a search as a [DicomJsonModel] type, asking for its attributes.</summary>
    IAsyncEnumerable<T> SearchAsync<T>(QidoQuery query, CancellationToken cancellationToken = default) where T : Json.IDicomJsonModel<T>;

    /// <summary>The instances (or frames) of a resource as parts, streamed as they arrive.</summary>
    IAsyncEnumerable<DicomPart> RetrieveAsync(WadoResource resource, CancellationToken cancellationToken = default);

    /// <summary>The metadata of a study, series or instance, one data set per instance.</summary>
    Task<IReadOnlyList<DicomDataset>> RetrieveMetadataAsync(WadoResource resource, CancellationToken cancellationToken = default);

    /// <summary>Stores Part 10 files (STOW-RS), streamed, with an outcome for every file.</summary>
    Task<StowResult> StoreAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default);

    /// <summary>Deletes a study, series or instance (not part of PS3.18; servers that offer it answer DELETE on the resource).</summary>
    Task DeleteAsync(WadoResource resource, CancellationToken cancellationToken = default);
}
