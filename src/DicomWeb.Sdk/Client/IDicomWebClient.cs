namespace DicomWeb.Client;

/// <summary>A DICOMweb client: search (QIDO-RS) and delete; retrieve and store come with later issues.</summary>
public interface IDicomWebClient
{
    /// <summary>The results of a search, streamed, following pages until the server has no more.</summary>
    IAsyncEnumerable<DicomDataset> SearchAsync(QidoQuery query, CancellationToken cancellationToken = default);

    /// <summary>The results of a search as a [DicomJsonModel] type, asking for its attributes.</summary>
    IAsyncEnumerable<T> SearchAsync<T>(QidoQuery query, CancellationToken cancellationToken = default) where T : Json.IDicomJsonModel<T>;

    /// <summary>Deletes a study, series or instance (not part of PS3.18; servers that offer it answer DELETE on the resource).</summary>
    Task DeleteAsync(WadoResource resource, CancellationToken cancellationToken = default);
}
