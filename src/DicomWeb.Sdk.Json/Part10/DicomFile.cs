namespace DicomWeb;

/// <summary>
/// A DICOM Part 10 file (PS3.10): the file meta information and the data set, on the same
/// <see cref="DicomDataset"/> model DICOM JSON uses.
/// </summary>
/// <example><code>
/// DicomFile file = await DicomFile.OpenAsync("ct.dcm");
/// string? sop = file.Dataset.Get(DicomTags.SOPInstanceUID);
/// string transferSyntax = file.TransferSyntaxUid;          // e.g. "1.2.840.10008.1.2.1"
/// </code></example>
public sealed class DicomFile
{
    internal DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset, string transferSyntaxUid, string? fileName, bool hasPreamble, string? detectedEncoding, bool isComplete)
    {
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
        TransferSyntaxUid = transferSyntaxUid;
        FileName = fileName;
        HasPreamble = hasPreamble;
        DetectedEncoding = detectedEncoding;
        IsComplete = isComplete;
    }

    /// <summary>The file meta information, group 0002.</summary>
    public DicomDataset FileMetaInformation { get; }

    /// <summary>The data set, without the file meta group. Group length elements are left out (they are derived).</summary>
    public DicomDataset Dataset { get; }

    /// <summary>The transfer syntax the data set was encoded in.</summary>
    public string TransferSyntaxUid { get; }

    /// <summary>The file it was read from, when it was read from a file.</summary>
    public string? FileName { get; }

    /// <summary>Whether the file had the 128-byte preamble and "DICM".</summary>
    public bool HasPreamble { get; }

    /// <summary>For a file without a Transfer Syntax UID: how its encoding was told from its bytes; otherwise null.</summary>
    public string? DetectedEncoding { get; }

    /// <summary>False when reading stopped early on purpose (<see cref="DicomReadOptions.StopBeforePixelData"/>).</summary>
    public bool IsComplete { get; }

    /// <summary>A file for a data set, to save; the file meta group is made when it is written.</summary>
    public static DicomFile Create(DicomDataset dataset, string transferSyntaxUid = DicomUids.ExplicitVRLittleEndian) =>
        new(new DicomDataset(), dataset, transferSyntaxUid, null, hasPreamble: true, null, isComplete: true);

    /// <summary>
    /// Writes the file: preamble, a new file meta group (SOP Class and Instance UIDs from the data set,
    /// DicomWeb's implementation UID), then the data set in <see cref="TransferSyntaxUid"/>: explicit
    /// or implicit VR little endian, deflated, or an encapsulated syntax (its pixel data as read).
    /// </summary>
    /// <exception cref="DicomFileException">The data set cannot be written so (a BulkDataURI value, big endian, ISO 2022 text).</exception>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!IsComplete)
            throw new DicomFileException("the file was read with StopBeforePixelData: saving it would drop what was not read", FileName, 0, null);
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await SaveAsync(stream, DicomWriteOptions.Default, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the file to a stream.</summary>
    /// <exception cref="DicomFileException">The data set cannot be written so.</exception>
    public async Task SaveAsync(Stream stream, DicomWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        Part10Writer.Write(buffer, Dataset, TransferSyntaxUid, options ?? DicomWriteOptions.Default);
        buffer.Position = 0;
        await buffer.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a Part 10 file.</summary>
    /// <exception cref="DicomFileException">The file is truncated or malformed; the message names it, the offset and the tag.</exception>
    public static Task<DicomFile> OpenAsync(string path, CancellationToken cancellationToken = default) =>
        OpenAsync(path, DicomReadOptions.Default, cancellationToken);

    /// <inheritdoc cref="OpenAsync(string, CancellationToken)"/>
    public static async Task<DicomFile> OpenAsync(string path, DicomReadOptions options, CancellationToken cancellationToken = default)
    {
        byte[] bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Part10Reader.Read(bytes, path, options);
    }

    /// <summary>Reads Part 10 bytes (a file's content, or a part of a WADO-RS response).</summary>
    /// <exception cref="DicomFileException">The data is truncated or malformed.</exception>
    public static DicomFile Open(ReadOnlySpan<byte> bytes, DicomReadOptions? options = null, string? fileName = null) =>
        Part10Reader.Read(bytes, fileName, options ?? DicomReadOptions.Default);

    /// <summary>Reads Part 10 data from a stream, to its end.</summary>
    /// <exception cref="DicomFileException">The data is truncated or malformed.</exception>
    public static async Task<DicomFile> OpenAsync(Stream stream, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return Part10Reader.Read(copy.GetBuffer().AsSpan(0, (int)copy.Length), (stream as FileStream)?.Name, options ?? DicomReadOptions.Default);
    }
}
