namespace DicomWeb.Folder;

/// <summary>How a folder store behaves.</summary>
public sealed record DicomFolderOptions
{
    /// <summary>The defaults: the index ".dicomweb-index.sqlite", values over 1024 bytes as bulk data, files up to 2 GiB - 1.</summary>
    public static DicomFolderOptions Default { get; } = new();

    /// <summary>The index's file name in the folder (one index per folder). Default ".dicomweb-index.sqlite".</summary>
    public string IndexFileName { get; init; } = ".dicomweb-index.sqlite";

    /// <summary>
    /// Pixel data, and top-level binary values larger than this many bytes, appear in metadata as a BulkDataURI the
    /// same client resolves (<see cref="DicomFolderClient.RetrieveBulkDataAsync(string, DicomWeb.Client.ByteRange?, CancellationToken)"/>);
    /// smaller ones inline. Default 1024, like servers that keep small values inline.
    /// </summary>
    public int InlineBinaryMaxBytes { get; init; } = 1024;

    /// <summary>Files larger than this are not read when indexing (and are reported as skipped). Default 2 GiB - 1, what one array holds.</summary>
    public long MaxFileBytes { get; init; } = int.MaxValue;
}
