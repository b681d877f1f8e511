using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using DicomWeb.Json;

namespace DicomWeb;

/// <summary>
/// Reads PS3.10 files into the same <see cref="DicomDataset"/> DICOM JSON uses: preamble and
/// "DICM", the file meta group, then the data set in explicit or implicit VR little endian,
/// explicit VR big endian or deflated explicit VR little endian (PS3.5 sections 7 and A).
/// Text and number values become their DICOM JSON form as they are read; bulk data stays bytes,
/// large values where they lie when the input is an array (<see cref="Read(byte[], string?, DicomReadOptions)"/>).
/// </summary>
/// <remarks>
/// Input is untrusted: every length is checked against the bytes that remain before it is used,
/// nesting is bounded (<see cref="DicomReadOptions.MaxSequenceDepth"/>), inflation is bounded
/// (<see cref="DicomReadOptions.MaxInflatedBytes"/>), elements out of tag order cost a sort, not an
/// insertion each, and whatever goes wrong surfaces as a <see cref="DicomFileException"/>.
/// </remarks>
internal sealed class Part10Reader
{
    // Static readonly: the JIT reads them as constants once the type is initialized.
    private static readonly uint ItemTag = DicomTags.Item.Value, ItemDelimitationTag = DicomTags.ItemDelimitationItem.Value,
        SequenceDelimitationTag = DicomTags.SequenceDelimitationItem.Value, PixelDataTag = DicomTags.PixelData.Tag.Value,
        GroupLength0002 = DicomTags.FileMetaInformationGroupLength.Tag.Value, SpecificCharacterSetTag = DicomTags.SpecificCharacterSet.Tag.Value,
        PixelRepresentationTag = DicomTags.PixelRepresentation.Tag.Value;
    private const uint UndefinedLength = 0xFFFFFFFF;

    private readonly string? _fileName;
    private readonly DicomReadOptions _options;
    private readonly ValueArena _arena;
    private readonly Stack<List<ElementSlot>> _spareSlots = new();
    private readonly Stack<List<int>> _spareOffsets = new();
    private readonly ElementJson _json = new();
    private bool _bigEndian, _explicitVR, _leaveInFile;
    private int _depth;
    private long _baseOffset;

    // The array the bytes being read are (the file's, or the inflated data set), when there is one:
    // large bulk values are held there rather than copied.
    private byte[]? _source;

    // Where the element being read starts: what an unexpected failure is reported at.
    private int _elementStart;
    private uint? _elementTag;

    /// <summary>The file the bytes are mapped from, when large values may stay there.</summary>
    private readonly string? _mappedFileUri;

    private Part10Reader(string? fileName, DicomReadOptions options, int size, string? mappedFileUri)
    {
        _mappedFileUri = mappedFileUri;
        _fileName = fileName;
        _options = options;
        _arena = new ValueArena(size);
    }

    public static DicomFile Read(ReadOnlySpan<byte> bytes, string? fileName, DicomReadOptions options, string? mappedFileUri = null) =>
        Read(bytes, null, fileName, options, mappedFileUri);

    /// <summary>Reads a file's bytes that nothing else writes to: the data set may hold large bulk values in <paramref name="bytes"/> itself.</summary>
    public static DicomFile Read(byte[] bytes, string? fileName, DicomReadOptions options) =>
        Read(bytes, bytes, fileName, options, null);

    private static DicomFile Read(ReadOnlySpan<byte> bytes, byte[]? source, string? fileName, DicomReadOptions options, string? mappedFileUri)
    {
        var reader = new Part10Reader(fileName, options, bytes.Length, mappedFileUri) { _source = source };
        try
        {
            return reader.ReadFile(bytes);
        }
        catch (Exception e) when (e is not DicomFileException)
        {
            // The checks above should leave nothing else; should one be missed, the caller still
            // gets the one exception type input can cause. The inner exception's message is left
            // out: it may quote a value.
            throw reader.Fail($"the data is malformed in a way DicomWeb did not check for ({e.GetType().Name})", reader._elementStart, reader._elementTag, e);
        }
    }

    private DicomFile ReadFile(ReadOnlySpan<byte> bytes)
    {
        int position;
        bool hasPreamble = bytes.Length >= 132 && bytes.Slice(128, 4).SequenceEqual("DICM"u8);
        if (hasPreamble)
            position = 132;
        else if (bytes.Length >= 4 && bytes[..4].SequenceEqual("DICM"u8))
            position = 4;
        else
            position = 0;

        // The file meta group: always explicit VR little endian.
        _explicitVR = true;
        _bigEndian = false;
        DicomDataset meta = ReadDataset(bytes, ref position, bytes.Length, DicomCharacterSet.Default, onlyGroup: 0x0002, out _);
        string? transferSyntaxUid = TransferSyntaxOf(meta, position);
        string? detectedEncoding = null;
        if (transferSyntaxUid is null)
        {
            // No file meta (or no Transfer Syntax UID in it): tell the encoding from the first element.
            (_explicitVR, _bigEndian) = Detect(bytes[position..]);
            transferSyntaxUid = _bigEndian ? DicomUids.ExplicitVRBigEndian : _explicitVR ? DicomUids.ExplicitVRLittleEndian : DicomUids.ImplicitVRLittleEndian;
            detectedEncoding = $"no Transfer Syntax UID in the file; {(DicomTransferSyntax.TryGet(transferSyntaxUid, out var detected) ? detected.Name : transferSyntaxUid)} detected from the first element";
        }
        if (!DicomTransferSyntax.TryGet(transferSyntaxUid, out DicomTransferSyntax? syntax))
            throw Fail($"the transfer syntax {transferSyntaxUid} is not in the DICOM registry", position, null);
        _explicitVR = syntax.IsExplicitVR;
        _bigEndian = syntax.IsBigEndian;
        _leaveInFile = _mappedFileUri is not null && _options.MaxValueBytesInMemory is not null && !_bigEndian;
        if (_options.FileMetaInformationOnly)
            return new DicomFile(meta, new DicomDataset(), transferSyntaxUid, _fileName, hasPreamble, detectedEncoding, isComplete: false);

        DicomDataset dataset;
        bool complete;
        if (syntax.IsDeflated)
        {
            _leaveInFile = false; // Offsets into the inflated data mean nothing in the file.
            byte[] inflated = Inflate(bytes[position..], position);
            _source = inflated;
            _baseOffset = 0;
            int inner = 0;
            _elementStart = 0;
            dataset = ReadDataset(inflated, ref inner, inflated.Length, DicomCharacterSet.Default, onlyGroup: null, out complete);
        }
        else
        {
            dataset = ReadDataset(bytes, ref position, bytes.Length, DicomCharacterSet.Default, onlyGroup: null, out complete);
        }
        return new DicomFile(meta, dataset, transferSyntaxUid, _fileName, hasPreamble, detectedEncoding, complete);
    }

    /// <summary>
    /// The inflated data set, in an array of exactly its size. It is inflated twice, once to count
    /// and once to keep, so that a deflate bomb is refused at <see cref="DicomReadOptions.MaxInflatedBytes"/>
    /// having cost time but no memory, and a legitimate data set costs its size, not a growing
    /// buffer's doublings and a final copy.
    /// </summary>
    private unsafe byte[] Inflate(ReadOnlySpan<byte> deflated, int offset)
    {
        long max = _options.MaxInflatedBytes;
        try
        {
            fixed (byte* pointer = deflated)
            {
                long size = 0;
                byte[] scratch = new byte[64 * 1024];
                using (var input = new UnmanagedMemoryStream(pointer, deflated.Length))
                using (var inflate = new DeflateStream(input, CompressionMode.Decompress))
                {
                    int read;
                    while ((read = inflate.Read(scratch)) > 0)
                    {
                        size += read;
                        if (size > max)
                            throw Fail($"the deflated data set inflates to more than {max} bytes (DicomReadOptions.MaxInflatedBytes)", offset, null);
                    }
                }
                byte[] inflated = new byte[size];
                using (var input = new UnmanagedMemoryStream(pointer, deflated.Length))
                using (var inflate = new DeflateStream(input, CompressionMode.Decompress))
                {
                    inflate.ReadExactly(inflated);
                }
                return inflated;
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw Fail("the deflated data set is corrupt", offset, null, e);
        }
    }

    private string? TransferSyntaxOf(DicomDataset meta, int offset)
    {
        if (!meta.TryGetElement(DicomTags.TransferSyntaxUID.Tag, out DicomElement element))
            return null;
        if (element.VR != DicomVR.UI || element.Form is not (DicomValueForm.Values or DicomValueForm.Empty))
            throw Fail($"the Transfer Syntax UID has VR {element.VR}, not UI", offset, DicomTags.TransferSyntaxUID.Tag.Value);
        return meta.Get(DicomTags.TransferSyntaxUID)?.TrimEnd('\0', ' ');
    }

    private static (bool Explicit, bool BigEndian) Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
            return (true, false);
        bool bigEndian = bytes[0] == 0 && bytes[1] != 0 && bytes[1] <= 0x08;
        bool explicitVR = DicomVR.TryParse(bytes.Slice(4, 2), out _);
        return (explicitVR, bigEndian);
    }

    /// <summary>Reads elements until <paramref name="end"/>, an item delimiter, or (for the meta group) another group.</summary>
    private DicomDataset ReadDataset(ReadOnlySpan<byte> bytes, ref int position, int end, DicomCharacterSet charset, ushort? onlyGroup, out bool complete)
    {
        List<ElementSlot> slots = _spareSlots.TryPop(out var spare) ? spare : new List<ElementSlot>(32);
        List<int> offsets = _spareOffsets.TryPop(out var spareOffsets) ? spareOffsets : new List<int>(32);
        bool inOrder = true;
        complete = true;
        bool signedPixels = false; // Pixel Representation (0028,0103) = 1 makes "US or SS" elements SS in implicit VR.
        while (position < end)
        {
            int elementStart = position;
            _elementStart = position;
            _elementTag = null;
            if (end - position < 8 && !(end - position >= 4 && PeekTag(bytes, position) == ItemDelimitationTag))
                throw Fail($"the data ends inside an element header ({end - position} bytes left)", position, null);
            uint tag = PeekTag(bytes, position);
            _elementTag = tag;
            if (onlyGroup is ushort group && (tag >> 16) != group)
                break;
            if (tag == ItemDelimitationTag)
            {
                position += 8;
                break;
            }
            if (tag == ItemTag || tag == SequenceDelimitationTag)
                throw Fail($"{new DicomTag(tag)} outside a sequence", position, tag);
            if (tag == PixelDataTag && _options.StopBeforePixelData)
            {
                complete = false;
                position = end;
                break;
            }
            position += 4;
            DicomVR vr;
            uint length;
            if (_explicitVR)
            {
                if (!DicomVR.TryParse(bytes.Slice(position, 2), out vr))
                    throw Fail($"'{Printable(bytes.Slice(position, 2))}' is not a VR", position, tag);
                position += 2;
                if (vr.HasLongLength)
                {
                    position += 2;
                    length = ReadUInt32(bytes, ref position, end, tag);
                }
                else
                {
                    length = ReadUInt16(bytes, ref position, end, tag);
                }
            }
            else
            {
                vr = ImplicitVR(tag, signedPixels);
                length = ReadUInt32(bytes, ref position, end, tag);
            }

            ElementSlot slot;
            if (vr == DicomVR.SQ || (length == UndefinedLength && vr == DicomVR.UN && tag != PixelDataTag))
            {
                // UN of undefined length is an implicit VR little endian sequence (PS3.5 6.2.2).
                bool wasExplicit = _explicitVR, wasBigEndian = _bigEndian;
                if (vr == DicomVR.UN)
                    (_explicitVR, _bigEndian) = (false, false);
                DicomDataset[] items = ReadItems(bytes, ref position, end, length, charset, tag);
                (_explicitVR, _bigEndian) = (wasExplicit, wasBigEndian);
                slot = new ElementSlot { Tag = tag, VR = DicomVR.SQ, Form = items.Length == 0 ? DicomValueForm.Empty : DicomValueForm.Sequence, Items = items };
            }
            else if (length == UndefinedLength)
            {
                if (tag != PixelDataTag && vr != DicomVR.OB && vr != DicomVR.OW)
                    throw Fail($"undefined length for VR {vr}", elementStart, tag);
                int start = position;
                SkipFragments(bytes, ref position, end, tag);
                slot = LeaveInFile(tag, vr == DicomVR.UN ? DicomVR.OB : vr, start, position - start)
                    ?? ElementJson.Binary(tag, vr == DicomVR.UN ? DicomVR.OB : vr, bytes[start..position], _bigEndian, _arena, _source, start);
            }
            else
            {
                if (length > (uint)(end - position))
                    throw Fail($"the value is {length} bytes but only {end - position} remain", elementStart, tag);
                ReadOnlySpan<byte> value = bytes.Slice(position, (int)length);
                position += (int)length;
                if ((tag & 0xFFFF) == 0 && tag != GroupLength0002)
                    continue; // Group lengths are derived data (and not in DICOM JSON, F.2.2); the writer recomputes (0002,0000).
                if (LeaveInFile(tag, vr, position - (int)length, (int)length) is { } inFile)
                {
                    Add(slots, offsets, inFile, elementStart, ref inOrder);
                    continue;
                }
                if (vr.JsonKind == ValueKind.Binary)
                {
                    Add(slots, offsets, ElementJson.Binary(tag, vr, value, _bigEndian, _arena, _source, position - (int)length), elementStart, ref inOrder);
                    continue;
                }
                try
                {
                    slot = _json.Element(tag, vr, value, charset, _bigEndian, _arena);
                }
                catch (Exception e) when (e is FormatException or DecoderFallbackException or NotSupportedException)
                {
                    // A person name's error would quote the name: patient data stays out of messages.
                    string why = vr == DicomVR.PN ? "a person name has at most three '='-separated groups" : e.Message;
                    throw Fail($"the {vr} value cannot be read: {why}", elementStart, tag, e);
                }
                if (tag == SpecificCharacterSetTag)
                    charset = CharacterSet(slot, elementStart);
                else if (tag == PixelRepresentationTag && value.Length >= 2)
                    signedPixels = (_bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(value) : BinaryPrimitives.ReadUInt16LittleEndian(value)) == 1;
            }
            Add(slots, offsets, slot, elementStart, ref inOrder);
        }
        if (!inOrder)
            SortByTag(slots, offsets);
        var dataset = new DicomDataset();
        dataset.SetParsed(slots);
        slots.Clear();
        offsets.Clear();
        _spareSlots.Push(slots);
        _spareOffsets.Push(offsets);
        return dataset;
    }

    /// <summary>A BulkDataURI into the mapped file for a value over the size limit; null to read the value.</summary>
    private ElementSlot? LeaveInFile(uint tag, DicomVR vr, int offset, int length)
    {
        // Top-level bulk data only: that is what is large, and what DicomFile reads back in when saving.
        if (!_leaveInFile || _depth > 0 || length <= _options.MaxValueBytesInMemory || vr.JsonKind != ValueKind.Binary)
            return null;
        var slot = new ElementSlot { Tag = tag, VR = vr, Form = DicomValueForm.BulkDataUri };
        _json.Uri($"{_mappedFileUri}#offset={offset}&length={length}", _arena, ref slot);
        return slot;
    }

    private DicomDataset[] ReadItems(ReadOnlySpan<byte> bytes, ref int position, int end, uint length, DicomCharacterSet charset, uint sequenceTag)
    {
        // Each level is a few frames of recursion: the bound keeps hostile nesting a typed error,
        // and the stack check keeps a generous bound from becoming a crash on a small stack.
        if (_depth + 1 > _options.MaxSequenceDepth)
            throw Fail($"sequences nest deeper than {_options.MaxSequenceDepth} levels (DicomReadOptions.MaxSequenceDepth)", position, sequenceTag);
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw Fail($"sequences nest too deep for the thread's stack ({_depth + 1} levels)", position, sequenceTag);
        int sequenceEnd = length == UndefinedLength ? end : checked(position + (int)Math.Min(length, (uint)(end - position)));
        if (length != UndefinedLength && length > (uint)(end - position))
            throw Fail($"the sequence is {length} bytes but only {end - position} remain", position, sequenceTag);
        var items = new List<DicomDataset>();
        while (position < sequenceEnd)
        {
            var (tag, itemLength, itemStart) = ReadItemHeader(bytes, ref position, sequenceEnd, sequenceTag, "the data ends inside a sequence");
            if (tag == SequenceDelimitationTag)
                return [.. items];
            if (tag != ItemTag)
                throw Fail($"expected an item (FFFE,E000) in the sequence, found {new DicomTag(tag)}", itemStart, sequenceTag);
            int itemEnd = itemLength == UndefinedLength ? sequenceEnd : position + (int)itemLength;
            if (itemLength != UndefinedLength && itemLength > (uint)(sequenceEnd - position))
                throw Fail($"the item is {itemLength} bytes but only {sequenceEnd - position} remain", itemStart, sequenceTag);
            _depth++;
            items.Add(ReadDataset(bytes, ref position, itemEnd, charset, null, out _));
            _depth--;
            if (itemLength != UndefinedLength)
                position = itemEnd;
        }
        if (length == UndefinedLength)
            throw Fail("the sequence has no sequence delimitation item (truncated)", position, sequenceTag);
        return [.. items];
    }

    private void SkipFragments(ReadOnlySpan<byte> bytes, ref int position, int end, uint tag)
    {
        while (true)
        {
            var (item, length, itemStart) = ReadItemHeader(bytes, ref position, end, tag, "encapsulated pixel data ends without a sequence delimitation item (truncated)");
            if (item == SequenceDelimitationTag)
                return;
            if (item != ItemTag || length == UndefinedLength || length > (uint)(end - position))
                throw Fail("a pixel data fragment is malformed or truncated", itemStart, tag);
            position += (int)length;
        }
    }

    /// <summary>An item or delimiter header: its tag, its length and where it starts.</summary>
    private (uint Tag, uint Length, int Start) ReadItemHeader(ReadOnlySpan<byte> bytes, ref int position, int end, uint owner, string truncated)
    {
        if (end - position < 8)
            throw Fail(truncated, position, owner);
        int start = position;
        uint tag = PeekTag(bytes, position);
        position += 4;
        return (tag, ReadUInt32(bytes, ref position, end, owner), start);
    }

    private DicomCharacterSet CharacterSet(in ElementSlot slot, int offset)
    {
        var terms = new List<string>();
        if (slot.Form == DicomValueForm.Values)
        {
            var reader = new Utf8JsonReader(slot.Json);
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                terms.Add(reader.TokenType == JsonTokenType.Null ? "" : reader.GetString()!);
        }
        try
        {
            return DicomCharacterSet.From(terms);
        }
        catch (NotSupportedException e)
        {
            throw Fail(e.Message, offset, SpecificCharacterSetTag, e);
        }
    }

    /// <summary>
    /// Appends an element. Files keep tag order (PS3.5 7.1), so an element that breaks it only
    /// marks the data set for one sort at its end (<see cref="SortByTag"/>): any order costs
    /// n log n, where inserting in place cost n² (200,000 reversed tags: 20 s).
    /// </summary>
    private void Add(List<ElementSlot> slots, List<int> offsets, in ElementSlot slot, int offset, ref bool inOrder)
    {
        if (inOrder && slots.Count > 0 && slots[^1].Tag >= slot.Tag)
        {
            if (slots[^1].Tag == slot.Tag)
                throw Fail("the tag appears twice in one data set", offset, slot.Tag);
            inOrder = false;
        }
        slots.Add(slot);
        offsets.Add(offset);
    }

    /// <summary>Sorts elements read out of order by tag; a tag twice is reported where it appears the second time.</summary>
    private void SortByTag(List<ElementSlot> slots, List<int> offsets)
    {
        // Tag, then file position: equal tags end up adjacent, in the order they were read.
        var keys = new ulong[slots.Count];
        for (int i = 0; i < keys.Length; i++)
            keys[i] = ((ulong)slots[i].Tag << 32) | (uint)offsets[i];
        Span<ElementSlot> span = CollectionsMarshal.AsSpan(slots);
        keys.AsSpan().Sort(span);
        for (int i = 1; i < keys.Length; i++)
        {
            if (span[i].Tag == span[i - 1].Tag)
                throw Fail("the tag appears twice in one data set", (int)(uint)keys[i], span[i].Tag);
        }
    }

    private static DicomVR ImplicitVR(uint tag, bool signedPixels)
    {
        var dicomTag = new DicomTag(tag);
        if (dicomTag.IsPrivate)
            return dicomTag.IsPrivateCreator ? DicomVR.LO : DicomVR.UN;
        if (!DicomDictionary.TryGetEntry(dicomTag, out DicomDictionaryEntry entry) || entry.VRs.Length == 0)
            return DicomVR.UN;
        // "OB or OW" is OW in implicit VR files (PS3.5 A.1); "US or SS" follows Pixel Representation.
        if (entry.VRs.Length > 1 && entry.VRs.Contains(DicomVR.OW))
            return DicomVR.OW;
        return entry.VRs.Length == 2 && entry.VRs[0] == DicomVR.US && entry.VRs[1] == DicomVR.SS && signedPixels ? DicomVR.SS : entry.VR;
    }

    private uint PeekTag(ReadOnlySpan<byte> bytes, int position)
    {
        ushort group = _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes[position..]) : BinaryPrimitives.ReadUInt16LittleEndian(bytes[position..]);
        ushort element = _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 2)..]) : BinaryPrimitives.ReadUInt16LittleEndian(bytes[(position + 2)..]);
        return ((uint)group << 16) | element;
    }

    private ushort ReadUInt16(ReadOnlySpan<byte> bytes, ref int position, int end, uint tag)
    {
        if (end - position < 2)
            throw Fail("the data ends inside an element header", position, tag);
        ushort value = _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes[position..]) : BinaryPrimitives.ReadUInt16LittleEndian(bytes[position..]);
        position += 2;
        return value;
    }

    private uint ReadUInt32(ReadOnlySpan<byte> bytes, ref int position, int end, uint tag)
    {
        if (end - position < 4)
            throw Fail("the data ends inside an element header", position, tag);
        uint value = _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes[position..]) : BinaryPrimitives.ReadUInt32LittleEndian(bytes[position..]);
        position += 4;
        return value;
    }

    private static string Printable(ReadOnlySpan<byte> bytes) =>
        string.Concat(bytes.ToArray().Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}"));

    private DicomFileException Fail(string message, long offset, uint? tag, Exception? inner = null) =>
        new(message, _fileName, _baseOffset + offset, tag is uint t ? new DicomTag(t) : null, inner);
}
