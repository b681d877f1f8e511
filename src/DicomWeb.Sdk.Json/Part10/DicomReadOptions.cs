namespace DicomWeb;

/// <summary>How a Part 10 file is read.</summary>
public sealed record DicomReadOptions
{
    /// <summary>The defaults: read everything.</summary>
    public static DicomReadOptions Default { get; } = new();

    /// <summary>
    /// Stop at Pixel Data (7FE0,0010) and leave it and what follows unread: for indexing, where
    /// only the attributes matter. <see cref="DicomFile.IsComplete"/> is then false.
    /// </summary>
    public bool StopBeforePixelData { get; init; }

    /// <summary>
    /// Read the file meta information (group 0002) and stop: <see cref="DicomFile.Dataset"/> is
    /// empty and <see cref="DicomFile.IsComplete"/> false. The bytes may be only the start of a
    /// file, e.g. the first kilobytes of a retrieved instance, to name or sort it by
    /// MediaStorageSOPInstanceUID.
    /// </summary>
    public bool FileMetaInformationOnly { get; init; }

    /// <summary>
    /// Values longer than this many bytes (pixel data, usually) are left in the file: the file is
    /// memory-mapped, the element holds a BulkDataURI into it (file URI with #offset=…&amp;length=…)
    /// and <see cref="DicomFile.ReadBulkDataAsync"/> reads them on demand. Null (the default) reads
    /// every value. Applies to files opened by path; deflated and big endian data are held in memory.
    /// </summary>
    public int? MaxValueBytesInMemory { get; init; }
}
