namespace DicomWeb;

/// <summary>
/// Gives the bytes of a BulkDataURI value, in PS3.5 little endian byte order, when a data set
/// holding one is saved as a Part 10 file (<see cref="DicomWriteOptions.BulkDataResolver"/>). The
/// caller decides which URIs it follows (its own server, say) and refuses the others by throwing;
/// an exception it throws surfaces as the <see cref="DicomFileException"/> of the save, as its inner
/// exception.
/// </summary>
/// <param name="bulkDataUri">The BulkDataURI as the data set holds it: possibly relative to the metadata it came from.</param>
/// <param name="cancellationToken">The save's cancellation token.</param>
public delegate ValueTask<ReadOnlyMemory<byte>> DicomBulkDataResolver(string bulkDataUri, CancellationToken cancellationToken);
