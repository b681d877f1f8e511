using System.Buffers.Binary;
using System.Text;

namespace DicomWeb.Sdk.Json.Tests.Part10;

/// <summary>
/// Part 10 bytes written by hand, element by element, for files no writer would make: hostile
/// nesting, lying lengths, tags out of order. The file meta group is explicit VR little endian; the
/// data set follows in the byte order and VR encoding chosen.
/// </summary>
internal sealed class Part10Bytes
{
    public const uint Undefined = 0xFFFFFFFF;

    private readonly MemoryStream _bytes = new();
    private bool _bigEndian;
    private bool _implicitVR;

    /// <summary>Preamble, "DICM" and a file meta group naming the transfer syntax.</summary>
    public static Part10Bytes File(string transferSyntaxUid)
    {
        var file = new Part10Bytes();
        file._bytes.Write(new byte[128]);
        file._bytes.Write("DICM"u8);
        string uid = transferSyntaxUid.Length % 2 == 0 ? transferSyntaxUid : transferSyntaxUid + "\0";
        file.Element(0x0002, 0x0010, "UI", Encoding.ASCII.GetBytes(uid));
        DicomTransferSyntax.TryGet(transferSyntaxUid, out DicomTransferSyntax? syntax);
        file._bigEndian = syntax?.IsBigEndian ?? false;
        file._implicitVR = syntax is { IsExplicitVR: false };
        return file;
    }

    /// <summary>Where the next byte goes.</summary>
    public int Length => (int)_bytes.Length;

    public Part10Bytes Header(ushort group, ushort element, string vr, uint length)
    {
        Tag(group, element);
        if (_implicitVR)
            return UInt32(length);
        _bytes.Write(Encoding.ASCII.GetBytes(vr));
        if (vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "UC" or "UN" or "UR" or "UT" or "SV" or "UV")
        {
            _bytes.Write(new byte[2]);
            return UInt32(length);
        }
        return UInt16((ushort)length);
    }

    public Part10Bytes Element(ushort group, ushort element, string vr, byte[] value) => Header(group, element, vr, (uint)value.Length).Raw(value);

    public Part10Bytes Text(ushort group, ushort element, string vr, string text) =>
        Element(group, element, vr, Encoding.ASCII.GetBytes(text.Length % 2 == 0 ? text : text + " "));

    public Part10Bytes Item(uint length = Undefined) => Tag(0xFFFE, 0xE000).UInt32(length);

    public Part10Bytes ItemEnd() => Tag(0xFFFE, 0xE00D).UInt32(0);

    public Part10Bytes SequenceEnd() => Tag(0xFFFE, 0xE0DD).UInt32(0);

    public Part10Bytes Raw(ReadOnlySpan<byte> bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    public Part10Bytes Tag(ushort group, ushort element) => UInt16(group).UInt16(element);

    public Part10Bytes UInt16(ushort value)
    {
        Span<byte> span = stackalloc byte[2];
        if (_bigEndian) BinaryPrimitives.WriteUInt16BigEndian(span, value);
        else BinaryPrimitives.WriteUInt16LittleEndian(span, value);
        return Raw(span);
    }

    public Part10Bytes UInt32(uint value)
    {
        Span<byte> span = stackalloc byte[4];
        if (_bigEndian) BinaryPrimitives.WriteUInt32BigEndian(span, value);
        else BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        return Raw(span);
    }

    /// <summary>
    /// Sequences nested <paramref name="levels"/> deep, each of undefined length with one item of
    /// undefined length, a Patient ID in the innermost item; the start of each sequence's header in
    /// <paramref name="starts"/>.
    /// </summary>
    public Part10Bytes Nested(int levels, out int[] starts)
    {
        starts = new int[levels];
        for (int i = 0; i < levels; i++)
        {
            starts[i] = Length;
            Header(0x0040, 0xA730, "SQ", Undefined).Item();
        }
        Text(0x0010, 0x0020, "LO", "leaf");
        for (int i = 0; i < levels; i++)
            ItemEnd().SequenceEnd();
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();
}
