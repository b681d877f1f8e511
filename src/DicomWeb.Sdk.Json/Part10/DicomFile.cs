using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;

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
    // Data sets read from a memory-mapped file, and that file's full path: the values they leave
    // there are read back from that file, and only from it, whichever DicomFile saves them.
    private static readonly ConditionalWeakTable<DicomDataset, string> MappedFiles = new();

    /// <summary>The one local file whose ranges BulkDataURIs of this data set may name: the file it was mapped from.</summary>
    private readonly string? _bulkDataFile;

    internal DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset, string transferSyntaxUid, string? fileName, bool hasPreamble, string? detectedEncoding, bool isComplete, string? bulkDataFile = null)
    {
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
        TransferSyntaxUid = transferSyntaxUid;
        FileName = fileName;
        HasPreamble = hasPreamble;
        DetectedEncoding = detectedEncoding;
        IsComplete = isComplete;
        _bulkDataFile = bulkDataFile;
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

    /// <summary>False when reading stopped early on purpose (<see cref="DicomReadOptions.StopBeforePixelData"/>, <see cref="DicomReadOptions.FileMetaInformationOnly"/>): such a file does not save.</summary>
    public bool IsComplete { get; }

    /// <summary>
    /// A file for a data set, to save; the file meta group is made when it is written. A data set
    /// read from a file with <see cref="DicomReadOptions.MaxValueBytesInMemory"/> keeps the right to
    /// read its values back from that file.
    /// </summary>
    public static DicomFile Create(DicomDataset dataset, string transferSyntaxUid = DicomUids.ExplicitVRLittleEndian)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new(new DicomDataset(), dataset, transferSyntaxUid, null, hasPreamble: true, null, isComplete: true, MappedFiles.TryGetValue(dataset, out string? file) ? file : null);
    }

    /// <summary>
    /// Writes the file: preamble, a new file meta group (SOP Class and Instance UIDs from the data set,
    /// DicomWeb's implementation UID), then the data set in <see cref="TransferSyntaxUid"/>: explicit
    /// or implicit VR little endian, deflated, explicit VR big endian (retired; written in big endian,
    /// so that a file that opens also saves as it was), or an encapsulated syntax (its pixel data as
    /// read). Nothing is created when the data set cannot be written.
    /// </summary>
    /// <remarks>
    /// BulkDataURI values are read from the file the data set was mapped from (values left there by
    /// <see cref="DicomReadOptions.MaxValueBytesInMemory"/>) or through
    /// <see cref="DicomWriteOptions.BulkDataResolver"/>; nothing else: a URI such as
    /// <c>file:///etc/passwd#offset=0&amp;length=64</c> in a server's metadata is an error, not a read.
    /// </remarks>
    /// <exception cref="DicomFileException">The data set cannot be written so (a BulkDataURI no resolver gives, sequences deeper than
    /// <see cref="DicomWriteOptions.MaxSequenceDepth"/>, ISO 2022 text, a value its VR cannot hold, a file read with
    /// <see cref="DicomReadOptions.StopBeforePixelData"/>).</exception>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default) =>
        SaveAsync(path, DicomWriteOptions.Default, cancellationToken);

    /// <inheritdoc cref="SaveAsync(string, CancellationToken)"/>
    public async Task SaveAsync(string path, DicomWriteOptions? options, CancellationToken cancellationToken = default)
    {
        using MemoryStream buffer = await EncodeAsync(options ?? DicomWriteOptions.Default, cancellationToken).ConfigureAwait(false);
        await using FileStream stream = NewFile.OpenStream(path, 64 * 1024);
        await buffer.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the file to a stream.</summary>
    /// <inheritdoc cref="SaveAsync(string, CancellationToken)"/>
    public async Task SaveAsync(Stream stream, DicomWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using MemoryStream buffer = await EncodeAsync(options ?? DicomWriteOptions.Default, cancellationToken).ConfigureAwait(false);
        await buffer.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    // The whole file is made before any byte goes out: a data set that cannot be written leaves no half file.
    private async Task<MemoryStream> EncodeAsync(DicomWriteOptions options, CancellationToken cancellationToken)
    {
        if (!IsComplete)
            throw new DicomFileException("the file was read with StopBeforePixelData or FileMetaInformationOnly: saving it would drop what was not read", FileName, 0, null);
        DicomDataset dataset = Dataset;
        if (HasBulkDataUri(dataset, 0, options.MaxSequenceDepth))
            dataset = await WithBulkDataAsync(dataset, options, 0, cancellationToken).ConfigureAwait(false) ?? dataset;
        var buffer = new MemoryStream();
        Part10Writer.Write(buffer, dataset, TransferSyntaxUid, options);
        buffer.Position = 0;
        return buffer;
    }

    // Most data sets hold no BulkDataURI: a scan that allocates little spares them the copy below.
    // It keeps its own stack, so no nesting can exhaust the thread's; beyond the depth bound the
    // writer reports the nesting, so the scan stops there.
    private static bool HasBulkDataUri(DicomDataset dataset, int depth, int maxDepth)
    {
        var pending = new Stack<(DicomDataset Dataset, int Depth)>();
        pending.Push((dataset, depth));
        while (pending.TryPop(out var next))
        {
            foreach (ref readonly ElementSlot slot in next.Dataset.Slots)
            {
                if (slot.Form == DicomValueForm.BulkDataUri)
                    return true;
                if (slot.Form == DicomValueForm.Sequence && slot.Items is { } items && next.Depth < maxDepth)
                {
                    foreach (DicomDataset item in items)
                        pending.Push((item, next.Depth + 1));
                }
            }
        }
        return false;
    }

    /// <summary>A copy with every BulkDataURI value replaced by its bytes; null when nothing changed. Items are shared where they hold none.</summary>
    private async Task<DicomDataset?> WithBulkDataAsync(DicomDataset dataset, DicomWriteOptions options, int depth, CancellationToken cancellationToken)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new DicomFileException($"sequences nest too deep for the thread's stack ({depth} levels)", FileName, 0, null);
        ElementSlot[] slots = dataset.Slots.ToArray();
        bool changed = false;
        ValueArena? arena = null;
        for (int i = 0; i < slots.Length; i++)
        {
            if (slots[i].Form == DicomValueForm.BulkDataUri)
            {
                var tag = new DicomTag(slots[i].Tag);
                string uri = dataset.GetBulkData(tag)?.Uri ?? "";
                ReadOnlyMemory<byte> bytes = await ResolveAsync(uri, tag, options, cancellationToken).ConfigureAwait(false);
                arena ??= new ValueArena(bytes.Length);
                slots[i] = ElementJson.Binary(slots[i].Tag, slots[i].VR, bytes.Span, bigEndian: false, arena);
                changed = true;
            }
            else if (slots[i].Form == DicomValueForm.Sequence && slots[i].Items is { } items && depth < options.MaxSequenceDepth)
            {
                DicomDataset[]? resolved = null;
                for (int j = 0; j < items.Length; j++)
                {
                    if (HasBulkDataUri(items[j], depth + 1, options.MaxSequenceDepth)
                        && await WithBulkDataAsync(items[j], options, depth + 1, cancellationToken).ConfigureAwait(false) is { } item)
                    {
                        resolved ??= (DicomDataset[])items.Clone();
                        resolved[j] = item;
                    }
                }
                if (resolved is not null)
                {
                    slots[i].Items = resolved;
                    changed = true;
                }
            }
        }
        if (!changed)
            return null;
        var copy = new DicomDataset();
        copy.SetParsed([.. slots]);
        return copy;
    }

    private async Task<ReadOnlyMemory<byte>> ResolveAsync(string uri, DicomTag tag, DicomWriteOptions options, CancellationToken cancellationToken)
    {
        if (InOwnFile(uri, out long offset, out int length))
            return await ReadRangeAsync(_bulkDataFile!, offset, length, cancellationToken).ConfigureAwait(false);
        if (options.BulkDataResolver is not { } resolver)
            throw new DicomFileException($"the value is a BulkDataURI ('{RedactedUri(uri)}'): a saved file takes bulk data only from DicomWriteOptions.BulkDataResolver or from the file the data set was read from", FileName, 0, tag);
        try
        {
            return await resolver(uri, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or DicomFileException))
        {
            throw new DicomFileException($"the bulk data resolver failed for '{RedactedUri(uri)}' ({e.GetType().Name})", FileName, 0, tag, e);
        }
    }

    /// <summary>Whether the URI is a range of the file this data set was mapped from (the only file it may name).</summary>
    private bool InOwnFile(string uri, out long offset, out int length)
    {
        offset = length = 0;
        return _bulkDataFile is not null && TryParseFileRange(uri, out string path, out offset, out length)
            && string.Equals(path, _bulkDataFile, StringComparison.Ordinal);
    }

    /// <summary>
    /// A URI fit for a message: without user information, with the query cut (it may carry a
    /// token), and not longer than 200 characters.
    /// </summary>
    internal static string RedactedUri(string uri)
    {
        string shown;
        if (Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed))
        {
            shown = parsed.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
                + (parsed.Query.Length > 0 ? "?…" : "") + parsed.Fragment;
        }
        else
        {
            int query = uri.IndexOf('?', StringComparison.Ordinal);
            shown = query < 0 ? uri : uri[..query] + "?…";
        }
        return shown.Length <= 200 ? shown : shown[..200] + "…";
    }

    /// <summary>Reads a Part 10 file.</summary>
    /// <exception cref="DicomFileException">The file is truncated or malformed; the message names it, the offset and the tag.</exception>
    public static Task<DicomFile> OpenAsync(string path, CancellationToken cancellationToken = default) =>
        OpenAsync(path, DicomReadOptions.Default, cancellationToken);

    /// <inheritdoc cref="OpenAsync(string, CancellationToken)"/>
    public static async Task<DicomFile> OpenAsync(string path, DicomReadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxValueBytesInMemory is not null)
            return OpenMapped(path, options);
        if (new FileInfo(path).Length > Array.MaxLength)
            throw new DicomFileException("files over 2 GiB are read with DicomReadOptions.MaxValueBytesInMemory only", path, 0, null);
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
            string fullPath = Path.GetFullPath(path);
            DicomFile file = Part10Reader.Read(bytes, path, options, new Uri(fullPath).AbsoluteUri);
            // The path as a file URI reads it back (TryParseFileRange): that form is what is compared.
            if (!TryParseFileRange(new Uri(fullPath).AbsoluteUri + "#offset=0&length=0", out string ownPath, out _, out _))
                return file;
            MappedFiles.AddOrUpdate(file.Dataset, ownPath);
            return new DicomFile(file.FileMetaInformation, file.Dataset, file.TransferSyntaxUid, file.FileName, file.HasPreamble, file.DetectedEncoding, file.IsComplete, ownPath);
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>
    /// The bytes of bulk data of this file's data set: inline bytes as they are, or a value left in
    /// this file by <see cref="DicomReadOptions.MaxValueBytesInMemory"/>, read now. A BulkDataURI
    /// naming anything else (another file, a DICOMweb server's resource) is not followed: fetch
    /// those with the DICOMweb client.
    /// </summary>
    /// <example><code>
    /// DicomFile file = await DicomFile.OpenAsync("ct.dcm", new DicomReadOptions { MaxValueBytesInMemory = 64 * 1024 });
    /// ReadOnlyMemory&lt;byte&gt; pixels = await file.ReadBulkDataAsync(file.Dataset.Get(DicomTags.PixelData)!);
    /// </code></example>
    /// <exception cref="DicomFileException">The URI is not a range of this file, or the file changed since it was read.</exception>
    public async Task<ReadOnlyMemory<byte>> ReadBulkDataAsync(DicomBulkData bulkData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bulkData);
        if (bulkData.Bytes is { } bytes)
            return bytes;
        if (!InOwnFile(bulkData.Uri!, out long offset, out int length))
            throw new DicomFileException($"'{RedactedUri(bulkData.Uri!)}' is not a value left in this file: fetch it with the DICOMweb client", FileName, 0, null);
        return await ReadRangeAsync(_bulkDataFile!, offset, length, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> ReadRangeAsync(string path, long offset, int length, CancellationToken cancellationToken)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
            // The range is checked against the file before its buffer is taken.
            long size = RandomAccess.GetLength(handle);
            if (offset < 0 || length < 0 || offset > size - length)
                throw new DicomFileException($"the value's range ({offset}, {length} bytes) is outside the file ({size} bytes): it changed since it was read", FileName ?? path, offset, null);
            byte[] buffer = new byte[length];
            int read = 0;
            while (read < length)
            {
                int n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(read), offset + read, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                    throw new DicomFileException($"the file ends before the {length} bytes of the value", FileName ?? path, offset + read, null);
                read += n;
            }
            return buffer;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DicomFileException($"the file cannot be read again ({e.GetType().Name})", FileName ?? path, offset, null, e);
        }
    }

    private static bool TryParseFileRange(string uri, out string path, out long offset, out int length)
    {
        path = "";
        offset = length = 0;
        if (!Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed) || !parsed.IsFile || parsed.Fragment.Length == 0)
            return false;
        long? foundOffset = null;
        int? foundLength = null;
        foreach (string part in parsed.Fragment[1..].Split('&'))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
                continue;
            string key = part[..equals], value = part[(equals + 1)..];
            if (key == "offset" && foundOffset is null && long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long o))
                foundOffset = o;
            else if (key == "length" && foundLength is null && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int l))
                foundLength = l;
            else
                return false;
        }
        if (foundOffset is not long off || foundLength is not int len)
            return false;
        (path, offset, length) = (parsed.LocalPath, off, len);
        return true;
    }

    /// <summary>Reads Part 10 bytes (a file's content, or a part of a WADO-RS response).</summary>
    /// <exception cref="DicomFileException">The data is truncated or malformed.</exception>
    public static DicomFile Open(ReadOnlySpan<byte> bytes, DicomReadOptions? options = null, string? fileName = null) =>
        Part10Reader.Read(bytes, fileName, options ?? DicomReadOptions.Default);

    /// <summary>Reads Part 10 data from a stream, to its end.</summary>
    /// <exception cref="DicomFileException">The data is truncated or malformed.</exception>
    public static async Task<DicomFile> OpenAsync(Stream stream, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        string? name = (stream as FileStream)?.Name;
        using var copy = new MemoryStream();
        byte[] buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            // One array holds the data: past its largest size the stream is refused, not an IOException.
            if (copy.Length + read > Array.MaxLength)
                throw new DicomFileException("the data is longer than 2 GiB: save it to a file and open it with DicomReadOptions.MaxValueBytesInMemory", name, copy.Length, null);
            copy.Write(buffer, 0, read);
        }
        return Part10Reader.Read(copy.GetBuffer().AsSpan(0, (int)copy.Length), name, options ?? DicomReadOptions.Default);
    }
}
