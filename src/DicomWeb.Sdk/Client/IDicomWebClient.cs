namespace DicomWeb.Client;

/// <summary>A DICOMweb client: search (QIDO-RS); retrieve, store and delete come with later issues.</summary>
public interface IDicomWebClient
{
    /// <summary>The results of a search, streamed, following pages until the server has no more.</summary>
    IAsyncEnumerable<DicomDataset> SearchAsync(QidoQuery query, CancellationToken cancellationToken = default);
}
