using System.Buffers.Binary;

namespace DicomWeb;

/// <summary>
/// The parts of encapsulated pixel data (PS3.5 A.4) as a data set holds it: the Basic Offset Table
/// item, then one item per fragment, then the sequence delimiter.
/// </summary>
/// <example><code>
/// byte[] value = file.Dataset.Get(DicomTags.PixelData)!.Bytes!.Value.ToArray();
/// IReadOnlyList&lt;ReadOnlyMemory&lt;byte&gt;&gt; fragments = EncapsulatedPixelData.Fragments(value);
/// </code></example>
public static class EncapsulatedPixelData
{
    /// <summary>The offsets of the Basic Offset Table (empty when the table is empty).</summary>
    /// <exception cref="FormatException">The value is not encapsulated pixel data.</exception>
    public static IReadOnlyList<uint> BasicOffsetTable(ReadOnlyMemory<byte> value)
    {
        ReadOnlyMemory<byte> table = Items(value)[0];
        var offsets = new uint[table.Length / 4];
        for (int i = 0; i < offsets.Length; i++)
            offsets[i] = BinaryPrimitives.ReadUInt32LittleEndian(table.Span[(i * 4)..]);
        return offsets;
    }

    /// <summary>The fragments after the Basic Offset Table, in order.</summary>
    /// <exception cref="FormatException">The value is not encapsulated pixel data.</exception>
    public static IReadOnlyList<ReadOnlyMemory<byte>> Fragments(ReadOnlyMemory<byte> value) => Items(value).Skip(1).ToList();

    private static List<ReadOnlyMemory<byte>> Items(ReadOnlyMemory<byte> value)
    {
        var items = new List<ReadOnlyMemory<byte>>();
        int position = 0;
        ReadOnlySpan<byte> bytes = value.Span;
        while (position + 8 <= bytes.Length)
        {
            uint tag = ((uint)BinaryPrimitives.ReadUInt16LittleEndian(bytes[position..]) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(bytes[(position + 2)..]);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(position + 4)..]);
            position += 8;
            if (tag == DicomTags.SequenceDelimitationItem.Value)
                return items.Count > 0 ? items : throw new FormatException("encapsulated pixel data without a Basic Offset Table item");
            if (tag != DicomTags.Item.Value || length > (uint)(bytes.Length - position))
                throw new FormatException($"not encapsulated pixel data: item {items.Count} at byte {position - 8} is malformed");
            items.Add(value.Slice(position, (int)length));
            position += (int)length;
        }
        throw new FormatException("encapsulated pixel data without a sequence delimitation item");
    }
}
