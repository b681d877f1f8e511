namespace DicomWeb;

/// <summary>How a Part 10 file is written.</summary>
public sealed record DicomWriteOptions
{
    /// <summary>The defaults: sequences and items of defined length, no bulk data resolver.</summary>
    public static DicomWriteOptions Default { get; } = new();

    /// <summary>Write sequences and items with undefined length and delimitation items, instead of defined lengths.</summary>
    public bool SequencesWithUndefinedLength { get; init; }

    /// <summary>
    /// How deep sequences may nest (a sequence of the top-level data set is level 1); a deeper data
    /// set (built in code, or read with a larger <see cref="DicomReadOptions.MaxSequenceDepth"/>) is a
    /// <see cref="DicomFileException"/>. Default <see cref="DicomLimits.DefaultMaxSequenceDepth"/> (128),
    /// the reader's default: whatever opens with the defaults saves with them.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int MaxSequenceDepth
    {
        get => _maxSequenceDepth;
        init => _maxSequenceDepth = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxSequenceDepth), value, "the depth bound cannot be negative");
    }

    private readonly int _maxSequenceDepth = DicomLimits.DefaultMaxSequenceDepth;

    /// <summary>
    /// Where the bytes of BulkDataURI values come from when the data set holds some (metadata from a
    /// DICOMweb server, DICOM JSON). Null (the default): only values left in the file the data set was
    /// read from (<see cref="DicomReadOptions.MaxValueBytesInMemory"/>) are read, from that file alone;
    /// any other BulkDataURI is a <see cref="DicomFileException"/> naming it. A URI is data, and data
    /// must not choose which local file or host the bytes of a saved file come from.
    /// </summary>
    /// <example><code>
    /// // Bulk data of a server's metadata, fetched with the client that read the metadata:
    /// var options = new DicomWriteOptions
    /// {
    ///     BulkDataResolver = async (uri, ct) =>
    ///     {
    ///         await foreach (DicomPart part in client.RetrieveBulkDataAsync(uri, cancellationToken: ct))
    ///         {
    ///             using var bytes = new MemoryStream();
    ///             await part.Content.CopyToAsync(bytes, ct);
    ///             return bytes.ToArray();
    ///         }
    ///         throw new InvalidOperationException("the server sent no part");
    ///     },
    /// };
    /// await DicomFile.Create(metadata).SaveAsync("instance.dcm", options);
    /// </code></example>
    public DicomBulkDataResolver? BulkDataResolver { get; init; }
}
