using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using DicomWeb.Json;

namespace DicomWeb;

/// <summary>
/// Writes a <see cref="DicomDataset"/> as a PS3.10 file: preamble, "DICM", a file meta group with
/// its group length, then the data set in explicit VR little endian, implicit VR little endian,
/// deflated explicit VR little endian or explicit VR big endian (retired, written as such so that
/// a file that reads also writes), values padded to even length by their VR's rules.
/// </summary>
internal sealed class Part10Writer
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    /// <summary>The implementation class UID of DicomWeb (a UUID-derived 2.25 UID, PS3.5 B.2).</summary>
    public const string ImplementationClassUid = "2.25.329800735698586629295641978511506172918";
    public const string ImplementationVersionName = "DICOMWEB_0_1";

    private readonly bool _explicitVR;
    private readonly bool _bigEndian;
    private readonly bool _sequencesUndefinedLength;
    private readonly int _maxDepth;
    private readonly Part10Values _values;
    private int _depth;

    /// <summary><paramref name="text"/>: the Specific Character Set (null when the data set declares none).</summary>
    private Part10Writer(bool explicitVR, bool bigEndian, DicomWriteOptions options, DicomCharacterSet? text)
    {
        _explicitVR = explicitVR;
        _bigEndian = bigEndian;
        _sequencesUndefinedLength = options.SequencesWithUndefinedLength;
        _maxDepth = options.MaxSequenceDepth;
        _values = new Part10Values(bigEndian, text?.SingleByteOrUnicode, text?.Terms ?? "");
    }

    public static void Write(Stream output, DicomDataset dataset, string transferSyntaxUid, DicomWriteOptions options)
    {
        if (!DicomTransferSyntax.TryGet(transferSyntaxUid, out DicomTransferSyntax? syntax))
            throw new DicomFileException($"the transfer syntax {transferSyntaxUid} is not in the DICOM registry", null, 0, null);
        DicomCharacterSet? text = CharacterSet(dataset);

        // The data set first: a value it cannot hold is named as its own, not as the meta group's copy of it.
        var body = new ArrayBufferWriter<byte>();
        try
        {
            new Part10Writer(syntax.IsExplicitVR, syntax.IsBigEndian, options, text).WriteDataset(body, dataset);
        }
        catch (Part10Values.UndeclaredText) when (text is null)
        {
            // Text beyond Latin-1 (a DICOM JSON data set may hold any) and no Specific Character Set: the file says
            // ISO_IR 192 and holds the text in UTF-8, so it reads back as it was rather than as Latin-1 mojibake.
            var declared = new DicomDataset();
            declared.SetParsed([.. dataset.Slots]);
            declared.Set(DicomTags.SpecificCharacterSet, "ISO_IR 192");
            body = new ArrayBufferWriter<byte>();
            new Part10Writer(syntax.IsExplicitVR, syntax.IsBigEndian, options, DicomCharacterSet.From(["ISO_IR 192"])).WriteDataset(body, declared);
        }
        var meta = new DicomDataset()
            .Set(DicomTags.FileMetaInformationVersion, DicomBulkData.FromBytes(new byte[] { 0, 1 }))
            .Set(DicomTags.MediaStorageSOPClassUID, dataset.Get(DicomTags.SOPClassUID) ?? "")
            .Set(DicomTags.MediaStorageSOPInstanceUID, dataset.Get(DicomTags.SOPInstanceUID) ?? "")
            .Set(DicomTags.TransferSyntaxUID, transferSyntaxUid)
            .Set(DicomTags.ImplementationClassUID, ImplementationClassUid)
            .Set(DicomTags.ImplementationVersionName, ImplementationVersionName);
        var metaBody = new ArrayBufferWriter<byte>();
        var metaWriter = new Part10Writer(explicitVR: true, bigEndian: false, options, null);
        metaWriter.WriteDataset(metaBody, meta);

        Span<byte> head = stackalloc byte[132 + 12];
        head.Clear();
        "DICM"u8.CopyTo(head[128..]);
        // (0002,0000) UL 4 <length of the rest of the meta group>
        BinaryPrimitives.WriteUInt16LittleEndian(head[132..], 0x0002);
        "UL"u8.CopyTo(head[136..]);
        BinaryPrimitives.WriteUInt16LittleEndian(head[138..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(head[140..], (uint)metaBody.WrittenCount);
        output.Write(head);
        output.Write(metaBody.WrittenSpan);

        if (syntax.IsDeflated)
        {
            using var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true);
            deflate.Write(body.WrittenSpan);
        }
        else
        {
            output.Write(body.WrittenSpan);
        }
    }

    private static DicomCharacterSet? CharacterSet(DicomDataset dataset)
    {
        IReadOnlyList<string> terms = dataset.GetAll(DicomTags.SpecificCharacterSet);
        if (terms.Any(t => t.StartsWith("ISO 2022", StringComparison.Ordinal)))
            throw new DicomFileException($"writing text in ISO 2022 code extensions ({string.Join('\\', terms)}) is not supported yet; set Specific Character Set to ISO_IR 192 (UTF-8)", null, 0, DicomTags.SpecificCharacterSet);
        try
        {
            return terms.Count == 0 ? null : DicomCharacterSet.From(terms);
        }
        catch (NotSupportedException e)
        {
            throw new DicomFileException(e.Message, null, 0, DicomTags.SpecificCharacterSet, e);
        }
    }

    private void WriteDataset(IBufferWriter<byte> output, DicomDataset dataset)
    {
        foreach (ref readonly ElementSlot slot in dataset.Slots)
            WriteElement(output, slot);
    }

    private void WriteElement(IBufferWriter<byte> output, in ElementSlot slot)
    {
        if (slot.Form == DicomValueForm.Sequence || (slot.VR == DicomVR.SQ && slot.Form == DicomValueForm.Empty))
        {
            WriteSequence(output, slot);
            return;
        }
        byte[] value;
        try
        {
            value = slot.Form switch
            {
                DicomValueForm.Empty => [],
                DicomValueForm.Values => _values.Encode(slot),
                DicomValueForm.InlineBinary => InlineBytes(slot),
                _ => throw new DicomFileException("the value is a BulkDataURI: fetch the bulk data before writing a file", null, 0, new DicomTag(slot.Tag)),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidOperationException or ArgumentException)
        {
            // A data set made in code or read from JSON can hold values its VR cannot encode (a US of 70000).
            throw new DicomFileException($"the {slot.VR} value cannot be written ({e.GetType().Name})", null, 0, new DicomTag(slot.Tag), e);
        }
        bool encapsulated = slot.Form == DicomValueForm.InlineBinary && slot.Tag == DicomTags.PixelData.Tag.Value && LooksEncapsulated(value);
        if (encapsulated)
        {
            if (_bigEndian)
                throw new DicomFileException("encapsulated (compressed) pixel data cannot be written in explicit VR big endian, a native syntax", null, 0, new DicomTag(slot.Tag));
            WriteHeader(output, slot.Tag, DicomVR.OB, UndefinedLength);
            output.Write(value);
            return;
        }
        if (value.Length % 2 == 1)
            value = [.. value, slot.VR.PaddingByte];
        if (_bigEndian && slot.Form == DicomValueForm.InlineBinary)
            SwapWords(value, slot.VR);
        WriteHeader(output, slot.Tag, slot.VR, (uint)value.Length);
        output.Write(value);
    }

    // Encapsulated pixel data as read: fragments, each (FFFE,E000), ending with (FFFE,E0DD).
    private static bool LooksEncapsulated(ReadOnlySpan<byte> value) =>
        value.Length >= 16 && value[..4].SequenceEqual(new byte[] { 0xFE, 0xFF, 0x00, 0xE0 }) && value[^8..^4].SequenceEqual(new byte[] { 0xFE, 0xFF, 0xDD, 0xE0 });

    private void WriteSequence(IBufferWriter<byte> output, in ElementSlot slot)
    {
        DicomDataset[] items = slot.Items ?? [];
        // A sequence the dictionary does not know as one (private, or unknown) is only recognisable
        // in implicit VR with undefined length (PS3.5 6.2.2 reads that as a sequence): otherwise it
        // would come back as UN bytes.
        bool undefined = _sequencesUndefinedLength || (!_explicitVR && !KnownSequence(slot.Tag));
        if (_depth + 1 > _maxDepth)
            throw new DicomFileException($"sequences nest deeper than {_maxDepth} levels (DicomWriteOptions.MaxSequenceDepth)", null, 0, new DicomTag(slot.Tag));
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new DicomFileException($"sequences nest too deep for the thread's stack ({_depth + 1} levels)", null, 0, new DicomTag(slot.Tag));
        var inner = new ArrayBufferWriter<byte>();
        foreach (DicomDataset item in items)
        {
            var itemBody = new ArrayBufferWriter<byte>();
            _depth++;
            WriteDataset(itemBody, item);
            _depth--;
            WriteTag(inner, DicomTags.Item.Value);
            WriteUInt32(inner, undefined ? UndefinedLength : (uint)itemBody.WrittenCount);
            inner.Write(itemBody.WrittenSpan);
            if (undefined)
            {
                WriteTag(inner, DicomTags.ItemDelimitationItem.Value);
                WriteUInt32(inner, 0);
            }
        }
        if (undefined)
        {
            WriteTag(inner, DicomTags.SequenceDelimitationItem.Value);
            WriteUInt32(inner, 0);
        }
        WriteHeader(output, slot.Tag, DicomVR.SQ, undefined ? UndefinedLength : (uint)inner.WrittenCount);
        output.Write(inner.WrittenSpan);
    }

    private static bool KnownSequence(uint tag)
    {
        var dicomTag = new DicomTag(tag);
        return !dicomTag.IsPrivate && DicomDictionary.TryGetEntry(dicomTag, out DicomDictionaryEntry entry) && entry.VR == DicomVR.SQ;
    }

    // Bulk data is held little endian (PS3.18 F.2.7); in a big endian file OW, OF, OL, OD and OV are in words of their width.
    private static void SwapWords(byte[] value, DicomVR vr)
    {
        int width = vr.ValueSize;
        for (int i = 0; width > 1 && i + width <= value.Length; i += width)
            value.AsSpan(i, width).Reverse();
    }

    private void WriteHeader(IBufferWriter<byte> output, uint tag, DicomVR vr, uint length)
    {
        WriteTag(output, tag);
        if (!_explicitVR)
        {
            WriteUInt32(output, length);
            return;
        }
        string code = vr.ToString();
        Span<byte> header = output.GetSpan(8);
        header[0] = (byte)code[0];
        header[1] = (byte)code[1];
        bool longLength = vr.HasLongLength;
        if (longLength)
        {
            header[2] = header[3] = 0;
            if (_bigEndian) BinaryPrimitives.WriteUInt32BigEndian(header[4..], length);
            else BinaryPrimitives.WriteUInt32LittleEndian(header[4..], length);
            output.Advance(8);
        }
        else
        {
            if (length > ushort.MaxValue)
                throw new DicomFileException($"a {vr} value of {length} bytes does not fit its 16-bit length", null, 0, new DicomTag(tag));
            if (_bigEndian) BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)length);
            else BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)length);
            output.Advance(4);
        }
    }

    private void WriteTag(IBufferWriter<byte> output, uint tag)
    {
        Span<byte> span = output.GetSpan(4);
        Write16(span, (ushort)(tag >> 16));
        Write16(span[2..], (ushort)tag);
        output.Advance(4);
    }

    private void WriteUInt32(IBufferWriter<byte> output, uint value)
    {
        Write32(output.GetSpan(4), value);
        output.Advance(4);
    }

    private void Write16(Span<byte> span, ushort value)
    {
        if (_bigEndian) BinaryPrimitives.WriteUInt16BigEndian(span, value);
        else BinaryPrimitives.WriteUInt16LittleEndian(span, value);
    }

    private void Write32(Span<byte> span, uint value)
    {
        if (_bigEndian) BinaryPrimitives.WriteUInt32BigEndian(span, value);
        else BinaryPrimitives.WriteUInt32LittleEndian(span, value);
    }

    private static byte[] InlineBytes(in ElementSlot slot)
    {
        if (slot.RawBytes)
            return slot.Bytes.ToArray(); // a copy: padding and byte swapping change it, and the held bytes may be a file's
        var reader = new Utf8JsonReader(slot.Json);
        reader.Read();
        return reader.GetBytesFromBase64Lenient();
    }
}
