using System.IO.MemoryMappedFiles;

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
        Part10Writer.Write(buffer, await WithFileValuesAsync(Dataset, cancellationToken).ConfigureAwait(false), TransferSyntaxUid, options ?? DicomWriteOptions.Default);
        buffer.Position = 0;
        await buffer.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    // Values left in their file (MaxValueBytesInMemory) are read back in before writing; other data sets pass as they are.
    private static async Task<DicomDataset> WithFileValuesAsync(DicomDataset dataset, CancellationToken cancellationToken)
    {
        DicomDataset? copy = null;
        foreach (DicomElement element in dataset)
        {
            if (element.Form != DicomValueForm.BulkDataUri || dataset.GetBulkData(element.Tag) is not { } bulk || !TryParseFileRange(bulk.Uri!, out _, out _, out _))
                continue;
            copy ??= Json.DicomJson.Deserialize(Json.DicomJson.SerializeToUtf8Bytes(dataset));
            ReadOnlyMemory<byte> bytes = await ReadBulkDataAsync(bulk, cancellationToken).ConfigureAwait(false);
            copy.SetBulkData(element.Tag, element.VR, DicomBulkData.FromBytes(bytes));
        }
        return copy ?? dataset;
    }

    /// <summary>Reads a Part 10 file.</summary>
    /// <exception cref="DicomFileException">The file is truncated or malformed; the message names it, the offset and the tag.</exception>
    public static Task<DicomFile> OpenAsync(string path, CancellationToken cancellationToken = default) =>
        OpenAsync(path, DicomReadOptions.Default, cancellationToken);

    /// <inheritdoc cref="OpenAsync(string, CancellationToken)"/>
    public static async Task<DicomFile> OpenAsync(string path, DicomReadOptions options, CancellationToken cancellationToken = default)
    {
        if (options.MaxValueBytesInMemory is not null)
            return OpenMapped(path, options);
        byte[] bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Part10Reader.Read(bytes, path, options);
    }

    // The file is mapped, not read: pages of values left in the file are never touched.
    private static unsafe DicomFile OpenMapped(string path, DicomReadOptions options)
    {
        long length = new FileInfo(path).Length;
        if (length == 0)
            return Part10Reader.Read([], path, options);
        if (length > int.MaxValue)
            throw new DicomFileException("files over 2 GiB are not supported yet", path, 0, null);
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            var bytes = new ReadOnlySpan<byte>(pointer + view.PointerOffset, (int)length);
            return Part10Reader.Read(bytes, path, options, new Uri(Path.GetFullPath(path)).AbsoluteUri);
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>
    /// The bytes of bulk data: inline bytes as they are, or a value left in its file by
    /// <see cref="DicomReadOptions.MaxValueBytesInMemory"/>, read now. Other BulkDataURIs (a DICOMweb
    /// server's) are fetched with the client.
    /// </summary>
    /// <exception cref="DicomFileException">The URI does not point into a file, or the file changed size.</exception>
    public static async Task<ReadOnlyMemory<byte>> ReadBulkDataAsync(DicomBulkData bulkData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bulkData);
        if (bulkData.Bytes is { } bytes)
            return bytes;
        if (!TryParseFileRange(bulkData.Uri!, out string path, out long offset, out int length))
            throw new DicomFileException($"'{bulkData.Uri}' is not a range of a file: fetch it with the DICOMweb client", null, 0, null);
        byte[] buffer = new byte[length];
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        int read = 0;
        while (read < length)
        {
            int n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(read), offset + read, cancellationToken).ConfigureAwait(false);
            if (n == 0)
                throw new DicomFileException($"the file ends before the {length} bytes of the value", path, offset + read, null);
            read += n;
        }
        return buffer;
    }

    private static bool TryParseFileRange(string uri, out string path, out long offset, out int length)
    {
        path = "";
        offset = length = 0;
        if (!Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed) || !parsed.IsFile || parsed.Fragment.Length == 0)
            return false;
        var parts = parsed.Fragment[1..].Split('&').Select(p => p.Split('=')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        path = parsed.LocalPath;
        return parts.TryGetValue("offset", out string? o) && long.TryParse(o, out offset)
            && parts.TryGetValue("length", out string? l) && int.TryParse(l, out length);
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
