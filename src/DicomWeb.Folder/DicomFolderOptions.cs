namespace DicomWeb.Folder;

/// <summary>How a folder store behaves.</summary>
public sealed record DicomFolderOptions
{
    /// <summary>The defaults: the index ".dicomweb-index.sqlite", values over 1024 bytes as bulk data, files up to 2 GiB - 1, instances over 1 MiB streamed to disk when stored.</summary>
    public static DicomFolderOptions Default { get; } = new();

    /// <summary>The index's file name in the folder (one index per folder). Default ".dicomweb-index.sqlite".</summary>
    public string IndexFileName { get; init; } = ".dicomweb-index.sqlite";

    /// <summary>
    /// Pixel data, and top-level binary values larger than this many bytes, appear in metadata as a BulkDataURI the
    /// same client resolves (<see cref="DicomFolderClient.RetrieveBulkDataAsync(string, DicomWeb.Client.ByteRange?, CancellationToken)"/>);
    /// smaller ones inline. Default 1024, like servers that keep small values inline.
    /// </summary>
    public int InlineBinaryMaxBytes { get; init; } = 1024;

    /// <summary>
    /// How much of one stored instance is held in memory: an instance shorter than this many bytes
    /// is read whole and written in one go; a longer one is streamed through a buffer of this size
    /// into a temporary file of the folder, then read from there up to its pixel data, values over
    /// 64 KiB left in the file. So a store holds about this many bytes per instance being stored,
    /// whatever the instances' sizes (a data set given as a <see cref="DicomDataset"/> is in memory
    /// already and is held whole). Default 1 MiB.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 4096, or more than 1 GiB.</exception>
    public int MaxInstanceBytesInMemory
    {
        get => _maxInstanceBytesInMemory;
        init => _maxInstanceBytesInMemory = value is >= 4096 and <= 1 << 30 ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxInstanceBytesInMemory), value, "the bound must be between 4096 bytes and 1 GiB");
    }

    private readonly int _maxInstanceBytesInMemory = 1024 * 1024;

    /// <summary>Files larger than this are not read when indexing (and are reported as skipped), nor stored (refused with A700H). Default 2 GiB - 1, what one array holds.</summary>
    public long MaxFileBytes { get; init; } = int.MaxValue;
}
