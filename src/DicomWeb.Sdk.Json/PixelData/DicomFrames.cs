using System.Buffers.Binary;

namespace DicomWeb;

/// <summary>
/// The frames of an image's pixel data, by number (1 to <see cref="Count"/>), as a WADO-RS frames
/// resource gives them: native pixel data (PS3.5 8.1) cut into Rows × Columns × Samples per Pixel
/// × Bits Allocated / 8 bytes per frame (bit-packed frames of Bits Allocated 1 unpacked to start
/// at bit 0, PS3.5 8.1.1); encapsulated pixel data (PS3.5 A.4) as the fragments of each frame,
/// joined, told apart by the Extended Offset Table, the Basic Offset Table, one fragment per frame,
/// or the start markers of JPEG, JPEG-LS, JPEG 2000, HTJ2K and JPEG XL codestreams, in that order.
/// The pixel data is split once, when the frames are made; a frame of one fragment, and every
/// byte-aligned native frame, is a slice of the data set's value, not a copy.
/// </summary>
/// <example><code>
/// DicomFile file = await DicomFile.OpenAsync("us-cine.dcm");
/// DicomFrames frames = DicomFrames.Of(file);
/// for (int number = 1; number &lt;= frames.Count; number++)
///     await File.WriteAllBytesAsync($"frame{number}.bin", frames.Get(number).ToArray());
/// </code></example>
public sealed class DicomFrames
{
    private readonly ReadOnlyMemory<byte> _value;
    private readonly long _frameBits;                           // native: bits per frame
    private readonly IReadOnlyList<ReadOnlyMemory<byte>>? _fragments;   // encapsulated
    private readonly int[]? _firstFragment;                     // encapsulated: frame i is fragments [_firstFragment[i], _firstFragment[i + 1])

    private DicomFrames(string transferSyntaxUid, int count, ReadOnlyMemory<byte> value, long frameBits)
    {
        TransferSyntaxUid = transferSyntaxUid;
        Count = count;
        _value = value;
        _frameBits = frameBits;
    }

    private DicomFrames(string transferSyntaxUid, IReadOnlyList<ReadOnlyMemory<byte>> fragments, int[] firstFragment)
    {
        TransferSyntaxUid = transferSyntaxUid;
        Count = firstFragment.Length - 1;
        IsEncapsulated = true;
        _fragments = fragments;
        _firstFragment = firstFragment;
    }

    /// <summary>How many frames there are: Number of Frames (0028,0008), or 1 without it.</summary>
    public int Count { get; }

    /// <summary>The transfer syntax the frames are encoded in: the file's.</summary>
    public string TransferSyntaxUid { get; }

    /// <summary>Whether the frames are compressed codestreams (an encapsulated transfer syntax) rather than native pixels.</summary>
    public bool IsEncapsulated { get; }

    /// <summary>The frames of a Part 10 file's pixel data.</summary>
    /// <inheritdoc cref="Of(DicomDataset, string)"/>
    public static DicomFrames Of(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Of(file.Dataset, file.TransferSyntaxUid);
    }

    /// <summary>
    /// The frames of a data set's pixel data (Pixel Data, Float Pixel Data or Double Float Pixel
    /// Data) as encoded in <paramref name="transferSyntaxUid"/>, the transfer syntax the data set
    /// was read from.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The data set has no pixel data, or holds it as a BulkDataURI (read it in first, e.g. with
    /// <see cref="DicomFile.ReadBulkDataAsync"/>).
    /// </exception>
    /// <exception cref="FormatException">
    /// The pixel data does not hold the frames the data set describes: shorter than Number of
    /// Frames native frames, malformed encapsulation, offset tables that do not point at fragments,
    /// or image attributes (Rows, Columns, Bits Allocated, Number of Frames) missing or out of range.
    /// </exception>
    /// <exception cref="NotSupportedException">
    /// The transfer syntax is not in the registry, or the encapsulated frames cannot be told
    /// apart: more fragments than frames, no offset table, and fragments that do not start with a
    /// codestream marker where a frame starts.
    /// </exception>
    public static DicomFrames Of(DicomDataset dataset, string transferSyntaxUid)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(transferSyntaxUid);
        if (!DicomTransferSyntax.TryGet(transferSyntaxUid, out DicomTransferSyntax? syntax))
            throw new NotSupportedException($"The transfer syntax '{transferSyntaxUid}' is not in the registry: whether its pixel data is encapsulated is unknown.");
        DicomTag tag = PixelDataTag(dataset);
        ReadOnlyMemory<byte> value = dataset.GetBulkData(tag)?.Bytes
            ?? throw new InvalidOperationException($"The pixel data {tag} is a BulkDataURI, not bytes: read it in first (DicomFile.ReadBulkDataAsync, or the DICOMweb client's RetrieveBulkDataAsync).");
        int? numberOfFrames = dataset.Get(DicomTags.NumberOfFrames);
        if (numberOfFrames is < 0)
            throw new FormatException($"Number of Frames (0028,0008) is {numberOfFrames}.");
        int count = numberOfFrames is null or 0 ? 1 : numberOfFrames.Value;
        return syntax.IsEncapsulated && tag == DicomTags.PixelData.Tag
            ? Encapsulated(dataset, syntax.Uid, value, count)
            : Native(dataset, syntax.Uid, tag, value, count);
    }

    /// <summary>The frame numbered <paramref name="frameNumber"/> of a file (1-based).</summary>
    /// <inheritdoc cref="Of(DicomDataset, string)"/>
    /// <exception cref="ArgumentOutOfRangeException">There is no frame of that number.</exception>
    public static ReadOnlyMemory<byte> Get(DicomFile file, int frameNumber) => Of(file).Get(frameNumber);

    /// <summary>
    /// The frame numbered <paramref name="frameNumber"/> (1-based): native pixels in little endian
    /// byte order, or the frame's codestream (its fragments joined).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">There is no frame of that number (below 1 or above <see cref="Count"/>).</exception>
    public ReadOnlyMemory<byte> Get(int frameNumber)
    {
        if (frameNumber < 1 || frameNumber > Count)
            throw new ArgumentOutOfRangeException(nameof(frameNumber), frameNumber, $"There is no frame {frameNumber}: the frames are numbered 1 to {Count}.");
        int index = frameNumber - 1;
        if (_fragments is not null)
        {
            int first = _firstFragment![index], end = _firstFragment[index + 1];
            if (end - first == 1)
                return _fragments[first];
            byte[] joined = new byte[Enumerable.Range(first, end - first).Sum(i => (long)_fragments[i].Length)];
            int at = 0;
            for (int i = first; i < end; i++)
            {
                _fragments[i].Span.CopyTo(joined.AsSpan(at));
                at += _fragments[i].Length;
            }
            return joined;
        }
        long startBit = index * _frameBits;
        if (startBit % 8 == 0 && _frameBits % 8 == 0)
            return _value.Slice((int)(startBit / 8), (int)(_frameBits / 8));
        return Unpack(_value.Span, startBit, _frameBits);
    }

    // Bits Allocated 1: frames follow each other bit by bit, the first pixel in the least significant bit (PS3.5 8.1.1).
    private static byte[] Unpack(ReadOnlySpan<byte> value, long startBit, long bits)
    {
        byte[] frame = new byte[(bits + 7) / 8];
        int shift = (int)(startBit % 8);
        long firstByte = startBit / 8;
        for (long j = 0; j < frame.Length; j++)
        {
            int low = value[(int)(firstByte + j)] >> shift;
            int high = shift > 0 && firstByte + j + 1 < value.Length ? value[(int)(firstByte + j + 1)] << (8 - shift) : 0;
            frame[j] = (byte)(low | high);
        }
        int spare = (int)(frame.Length * 8 - bits);
        if (spare > 0)
            frame[^1] &= (byte)(0xFF >> spare);   // bits of the next frame are not this frame's
        return frame;
    }

    private static DicomTag PixelDataTag(DicomDataset dataset)
    {
        foreach (DicomTag tag in (ReadOnlySpan<DicomTag>)[DicomTags.PixelData.Tag, DicomTags.FloatPixelData.Tag, DicomTags.DoubleFloatPixelData.Tag])
        {
            if (dataset.Contains(tag))
                return tag;
        }
        throw new InvalidOperationException("The data set has no Pixel Data (7FE0,0010), Float Pixel Data (7FE0,0008) or Double Float Pixel Data (7FE0,0009).");
    }

    private static DicomFrames Native(DicomDataset dataset, string syntax, DicomTag tag, ReadOnlyMemory<byte> value, int count)
    {
        int rows = dataset.Get(DicomTags.Rows) ?? 0, columns = dataset.Get(DicomTags.Columns) ?? 0;
        int samples = dataset.Get(DicomTags.SamplesPerPixel) ?? 1;
        int bits = dataset.Get(DicomTags.BitsAllocated) ?? (tag == DicomTags.FloatPixelData.Tag ? 32 : tag == DicomTags.DoubleFloatPixelData.Tag ? 64 : 0);
        if (rows <= 0 || columns <= 0 || samples <= 0 || bits <= 0 || (bits != 1 && bits % 8 != 0))
            throw new FormatException($"The image attributes do not describe native frames: Rows {rows}, Columns {columns}, Samples per Pixel {samples}, Bits Allocated {bits} (1 or a multiple of 8).");
        // YBR_FULL_422 keeps two samples' worth per pixel: two luminance values share one pair of chrominance values (PS3.3 C.7.6.3.1.2).
        long samplesStored = samples == 3 && dataset.Get(DicomTags.PhotometricInterpretation) == "YBR_FULL_422" ? 2 : samples;
        long frameBits = (long)rows * columns * samplesStored * bits;
        long needed = (frameBits * count + 7) / 8;
        if (needed > value.Length)
            throw new FormatException($"The pixel data {tag} has {value.Length} bytes, fewer than the {needed} of {count} frame(s) of {rows} x {columns} x {samples} samples at {bits} bits.");
        return new DicomFrames(syntax, count, value, frameBits);
    }

    private static DicomFrames Encapsulated(DicomDataset dataset, string syntax, ReadOnlyMemory<byte> value, int count)
    {
        IReadOnlyList<ReadOnlyMemory<byte>> fragments = EncapsulatedPixelData.Fragments(value);
        if (fragments.Count == 0)
            throw new FormatException("The encapsulated pixel data has no fragment.");
        if (count > fragments.Count)
            throw new FormatException($"The encapsulated pixel data has {fragments.Count} fragment(s) for {count} frames: a frame has at least one.");
        // Offsets count from the first fragment's item tag: each item is 8 header bytes plus its value.
        var starts = new long[fragments.Count];
        for (int i = 1; i < starts.Length; i++)
            starts[i] = starts[i - 1] + 8 + fragments[i - 1].Length;

        if (dataset.GetBulkData(DicomTags.ExtendedOffsetTable.Tag)?.Bytes is { Length: > 0 } extended)
        {
            if (extended.Length != count * 8)
                throw new FormatException($"The Extended Offset Table (7FE0,0001) has {extended.Length / 8} offsets for {count} frames.");
            var offsets = new long[count];
            for (int i = 0; i < count; i++)
            {
                ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(extended.Span[(i * 8)..]);
                offsets[i] = offset <= long.MaxValue ? (long)offset : -1;
            }
            return new DicomFrames(syntax, fragments, ByOffsets(starts, offsets, "Extended Offset Table (7FE0,0001)"));
        }
        IReadOnlyList<uint> table = EncapsulatedPixelData.BasicOffsetTable(value);
        if (table.Count > 0)
        {
            if (table.Count != count)
                throw new FormatException($"The Basic Offset Table has {table.Count} offsets for {count} frames.");
            return new DicomFrames(syntax, fragments, ByOffsets(starts, [.. table.Select(o => (long)o)], "Basic Offset Table"));
        }
        if (count == fragments.Count)
            return new DicomFrames(syntax, fragments, [.. Enumerable.Range(0, count + 1)]);
        if (count == 1)
            return new DicomFrames(syntax, fragments, [0, fragments.Count]);
        var firsts = new List<int>();
        for (int i = 0; i < fragments.Count; i++)
        {
            if (StartsCodestream(fragments[i].Span))
                firsts.Add(i);
        }
        if (firsts.Count != count || firsts[0] != 0)
            throw new NotSupportedException($"The encapsulated pixel data has {fragments.Count} fragments for {count} frames, no offset table, and {firsts.Count} fragment(s) that start a JPEG, JPEG-LS, JPEG 2000 or JPEG XL codestream: its frames cannot be told apart.");
        return new DicomFrames(syntax, fragments, [.. firsts, fragments.Count]);
    }

    // Each offset must be a fragment's start, increasing: anything else would cut a frame from bytes that are not its own.
    private static int[] ByOffsets(long[] starts, long[] offsets, string table)
    {
        int[] firsts = new int[offsets.Length + 1];
        for (int i = 0; i < offsets.Length; i++)
        {
            int at = Array.BinarySearch(starts, offsets[i]);
            if (at < 0 || (i > 0 && at <= firsts[i - 1]))
                throw new FormatException($"Offset {i + 1} of the {table} ({offsets[i]}) is not the start of a fragment after the previous frame's.");
            firsts[i] = at;
        }
        if (firsts[0] != 0)
            throw new FormatException($"The {table} does not start at the first fragment.");
        firsts[^1] = starts.Length;
        return firsts;
    }

    // JPEG and JPEG-LS SOI; JPEG 2000 and HTJ2K SOC followed by SIZ; the JP2 and JPEG XL container signatures; the JPEG XL codestream.
    private static bool StartsCodestream(ReadOnlySpan<byte> fragment) =>
        fragment.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8])
        || fragment.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x4F, 0xFF, 0x51])
        || fragment.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20])
        || fragment.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x00, 0x0C, 0x4A, 0x58, 0x4C, 0x20])
        || fragment.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x0A]);
}
