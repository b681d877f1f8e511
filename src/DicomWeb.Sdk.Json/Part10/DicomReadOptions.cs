namespace DicomWeb;

/// <summary>
/// How a Part 10 file is read, and the bounds that keep a hostile file from exhausting the
/// process: exceeding one is a <see cref="DicomFileException"/> naming the file and offset.
/// </summary>
public sealed record DicomReadOptions
{
    /// <summary>The defaults: read everything, within the default bounds.</summary>
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

    /// <summary>
    /// How deep sequences may nest (a sequence of the top-level data set is level 1); deeper is a
    /// <see cref="DicomFileException"/>. Default <see cref="DicomLimits.DefaultMaxSequenceDepth"/> (128),
    /// the bound <see cref="DicomWriteOptions.MaxSequenceDepth"/> and DICOM JSON apply too, so what
    /// reads with the defaults also writes. Reading recurses per level; a bound far above real data
    /// is still safe, since the reader also stops with this error before the thread's stack runs out.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int MaxSequenceDepth
    {
        get => _maxSequenceDepth;
        init => _maxSequenceDepth = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxSequenceDepth), value, "the depth bound cannot be negative");
    }

    private readonly int _maxSequenceDepth = DicomLimits.DefaultMaxSequenceDepth;

    /// <summary>
    /// How many bytes a deflated data set (Deflated Explicit VR Little Endian) may inflate to;
    /// more is a <see cref="DicomFileException"/>. Default <see cref="DefaultMaxInflatedBytes"/>
    /// (64 MiB). The size is measured before the memory is taken (the data is inflated twice:
    /// once to count, once into an array of exactly that size), so a deflate bomb over the bound
    /// costs time, not memory; one just under it costs the inflated bytes plus their base64 form in
    /// the data set, about 2.4 times the bound. At most <see cref="Array.MaxLength"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, or over <see cref="Array.MaxLength"/>.</exception>
    public long MaxInflatedBytes
    {
        get => _maxInflatedBytes;
        init => _maxInflatedBytes = value >= 0 && value <= Array.MaxLength ? value : throw new ArgumentOutOfRangeException(nameof(MaxInflatedBytes), value, $"the bound must be between 0 and {Array.MaxLength}");
    }

    private readonly long _maxInflatedBytes = DefaultMaxInflatedBytes;

    /// <summary>
    /// The default of <see cref="MaxInflatedBytes"/>: 64 MiB. Deflate serves structured reports,
    /// waveforms, segmentations and the like, well under it; the bound keeps a hostile file of some
    /// 65 KB from costing more than about 200 MB (docs/security.md). Raise it for large deflated images.
    /// </summary>
    public const long DefaultMaxInflatedBytes = 64L * 1024 * 1024;
}
