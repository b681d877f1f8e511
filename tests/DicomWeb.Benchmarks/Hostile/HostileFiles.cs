using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DicomWeb.Benchmarks.Hostile;

/// <summary>
/// Hostile files, written byte by byte (explicit VR little endian, PS3.5 7.1.2) so that nothing in
/// the SDK can refuse to write them: a deflate bomb, deep nesting, tags out of order. Kept in a
/// folder between runs; the deflate bomb takes a while to compress.
/// </summary>
public static class HostileFiles
{
    public const string DeflateBomb = "deflate-bomb.dcm";
    public const string NestedSequences = "nested-5000.dcm";
    public const string OutOfOrderTags = "out-of-order-tags.dcm";
    public const string OutOfOrderKeys = "out-of-order-keys.json";

    /// <summary>Inflated size of the deflate bomb's data set: 5.5 GB of zeros in six private OB values.</summary>
    public const long BombValues = 6, BombValueBytes = 916_666_666;

    private const int OutOfOrderCount = 200_000;
    private const int Depth = 5_000;

    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), "dicomweb-hostile-v1");

    /// <summary>Writes the files that are missing; returns the folder.</summary>
    public static string Prepare()
    {
        Directory.CreateDirectory(Folder);
        Write(NestedSequences, stream => WritePart10(stream, "1.2.840.10008.1.2.1", Nested));
        Write(OutOfOrderTags, stream => WritePart10(stream, "1.2.840.10008.1.2.1", Descending));
        Write(OutOfOrderKeys, DescendingJson);
        Write(DeflateBomb, stream => WritePart10(stream, "1.2.840.10008.1.2.1.99", dataset =>
        {
            // The data set after the meta group is one raw deflate stream (PS3.5 A.5).
            using var deflate = new DeflateStream(dataset, CompressionLevel.SmallestSize, leaveOpen: true);
            Bomb(deflate);
        }));
        return Folder;
    }

    private static void Write(string name, Action<Stream> write)
    {
        string path = Path.Combine(Folder, name);
        if (File.Exists(path))
            return;
        string partial = path + ".partial";
        using (var file = File.Create(partial))
            write(file);
        File.Move(partial, path);
    }

    private static void WritePart10(Stream stream, string transferSyntax, Action<Stream> dataset)
    {
        stream.Write(new byte[128]);
        stream.Write("DICM"u8);
        var meta = new MemoryStream();
        Element(meta, 0x0002, 0x0001, "OB", [0, 1]);
        Element(meta, 0x0002, 0x0002, "UI", Ui("1.2.840.10008.5.1.4.1.1.7"));
        Element(meta, 0x0002, 0x0003, "UI", Ui("1.2.826.0.1.3680043.8.498.99"));
        Element(meta, 0x0002, 0x0010, "UI", Ui(transferSyntax));
        byte[] length = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)meta.Length);
        Element(stream, 0x0002, 0x0000, "UL", length);
        meta.WriteTo(stream);
        dataset(stream);
    }

    private static byte[] Ui(string uid) => Encoding.ASCII.GetBytes(uid.Length % 2 == 0 ? uid : uid + "\0");

    private static void Element(Stream stream, ushort group, ushort element, string vr, ReadOnlySpan<byte> value)
    {
        Header(stream, group, element, vr, (uint)value.Length);
        stream.Write(value);
    }

    private static void Header(Stream stream, ushort group, ushort element, string vr, uint length)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        header[4] = (byte)vr[0];
        header[5] = (byte)vr[1];
        if (vr is "OB" or "OW" or "OF" or "OD" or "OL" or "OV" or "SQ" or "UC" or "UN" or "UR" or "UT" or "SV" or "UV")
        {
            header[6] = header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], length);
            stream.Write(header);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)length);
            stream.Write(header[..8]);
        }
    }

    private static void Tag(Stream stream, ushort group, ushort element, uint length)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], length);
        stream.Write(header);
    }

    /// <summary>Content Sequence in an item of Content Sequence... 5,000 deep, undefined lengths.</summary>
    private static void Nested(Stream stream)
    {
        for (int level = 0; level < Depth; level++)
        {
            Header(stream, 0x0040, 0xA730, "SQ", 0xFFFFFFFF);
            Tag(stream, 0xFFFE, 0xE000, 0xFFFFFFFF);
        }
        for (int level = 0; level < Depth; level++)
        {
            Tag(stream, 0xFFFE, 0xE00D, 0);
            Tag(stream, 0xFFFE, 0xE0DD, 0);
        }
    }

    // 200,000 private LO elements from the highest tag down: (0029,FFFF), (0029,FFFE)... (0023,xxxx).
    private static IEnumerable<(ushort Group, ushort Element)> DescendingTags()
    {
        int count = 0;
        for (ushort group = 0x0029; ; group -= 2)
        {
            for (int element = 0xFFFF; element >= 0x1000; element--)
            {
                yield return (group, (ushort)element);
                if (++count == OutOfOrderCount)
                    yield break;
            }
        }
    }

    private static void Descending(Stream stream)
    {
        foreach (var (group, element) in DescendingTags())
            Element(stream, group, element, "LO", "x "u8);
    }

    private static void DescendingJson(Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        writer.Write('{');
        bool first = true;
        foreach (var (group, element) in DescendingTags())
        {
            writer.Write($"{(first ? "" : ",")}\"{group:X4}{element:X4}\":{{\"vr\":\"LO\",\"Value\":[\"x\"]}}");
            first = false;
        }
        writer.Write('}');
    }

    private static void Bomb(Stream deflate)
    {
        Element(deflate, 0x0009, 0x0010, "LO", "HOSTILE "u8);
        byte[] zeros = new byte[1024 * 1024];
        for (ushort value = 0; value < BombValues; value++)
        {
            Header(deflate, 0x0009, (ushort)(0x1001 + value), "OB", (uint)BombValueBytes);
            for (long left = BombValueBytes; left > 0; left -= zeros.Length)
                deflate.Write(zeros, 0, (int)Math.Min(zeros.Length, left));
        }
    }
}
