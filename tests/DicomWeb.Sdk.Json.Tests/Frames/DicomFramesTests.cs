using System.Buffers.Binary;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Frames;

public class DicomFramesTests
{
    private static DicomDataset Image(byte[] pixels, int rows, int columns, int bitsAllocated = 8, int samples = 1, int? frames = null, DicomVR? vr = null)
    {
        var dataset = new DicomDataset()
            .Set(Rows, (ushort)rows)
            .Set(Columns, (ushort)columns)
            .Set(SamplesPerPixel, (ushort)samples)
            .Set(BitsAllocated, (ushort)bitsAllocated)
            .Set(new BinaryTag(PixelData.Tag, vr ?? DicomVR.OB), DicomBulkData.FromBytes(pixels));
        if (frames is int n)
            dataset.Set(NumberOfFrames, n);
        return dataset;
    }

    // Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table item, one item per fragment, the delimiter.
    private static byte[] Encapsulate(uint[] offsets, params byte[][] fragments)
    {
        var bytes = new List<byte>();
        void Item(uint tag, ReadOnlySpan<byte> value)
        {
            Span<byte> header = stackalloc byte[8];
            BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)(tag >> 16));
            BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)tag);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)value.Length);
            bytes.AddRange(header.ToArray());
            bytes.AddRange(value.ToArray());
        }
        byte[] table = new byte[offsets.Length * 4];
        for (int i = 0; i < offsets.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(i * 4), offsets[i]);
        Item(0xFFFEE000, table);
        foreach (byte[] fragment in fragments)
            Item(0xFFFEE000, fragment);
        Item(0xFFFEE0DD, []);
        return [.. bytes];
    }

    private static byte[] Jpeg(byte marker, int length)
    {
        byte[] bytes = new byte[length];
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        for (int i = 2; i < length; i++)
            bytes[i] = marker;
        return bytes;
    }

    private static byte[] Filler(byte value, int length) => Enumerable.Repeat(value, length).ToArray();

    private static DicomDataset Compressed(byte[] value, int frames) =>
        new DicomDataset().Set(Rows, (ushort)4).Set(Columns, (ushort)4).Set(BitsAllocated, (ushort)8).Set(NumberOfFrames, frames)
            .Set(new BinaryTag(PixelData.Tag, DicomVR.OB), DicomBulkData.FromBytes(value));

    [Fact]
    public void Native_frames_are_slices_of_the_pixel_data()
    {
        byte[] pixels = Enumerable.Range(0, 2 * 3 * 2 * 3).Select(i => (byte)i).ToArray();
        DicomFrames frames = DicomFrames.Of(Image(pixels, rows: 2, columns: 3, bitsAllocated: 16, frames: 3, vr: DicomVR.OW), DicomUids.ExplicitVRLittleEndian);
        Assert.Equal(3, frames.Count);
        Assert.False(frames.IsEncapsulated);
        Assert.Equal(DicomUids.ExplicitVRLittleEndian, frames.TransferSyntaxUid);
        Assert.Equal(pixels[..12], frames.Get(1).ToArray());
        Assert.Equal(pixels[12..24], frames.Get(2).ToArray());
        Assert.Equal(pixels[24..], frames.Get(3).ToArray());
    }

    [Fact]
    public void Colour_frames_take_every_sample_and_YBR_FULL_422_two_per_pixel()
    {
        byte[] pixels = Enumerable.Range(0, 4 * 4 * 3 * 2).Select(i => (byte)i).ToArray();
        DicomFrames rgb = DicomFrames.Of(Image(pixels, 4, 4, samples: 3, frames: 2), DicomUids.ExplicitVRLittleEndian);
        Assert.Equal(pixels[48..], rgb.Get(2).ToArray());
        DicomDataset ybr = Image(pixels, 4, 4, samples: 3, frames: 3).Set(PhotometricInterpretation, "YBR_FULL_422");
        Assert.Equal(pixels[32..64], DicomFrames.Of(ybr, DicomUids.ExplicitVRLittleEndian).Get(2).ToArray());
    }

    [Fact]
    public void One_bit_frames_are_unpacked_to_start_at_bit_zero()
    {
        // Three frames of 3 x 3 pixels: 9 bits each, packed one after another (PS3.5 8.1.1).
        bool[][] frames =
        [
            [true, false, true, false, true, false, true, false, true],
            [true, true, false, false, true, true, false, false, true],
            [false, true, true, true, false, false, false, true, true],
        ];
        bool[] all = [.. frames.SelectMany(f => f)];
        byte[] packed = new byte[(all.Length + 7) / 8];
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i])
                packed[i / 8] |= (byte)(1 << (i % 8));
        }
        DicomFrames split = DicomFrames.Of(Image(packed, 3, 3, bitsAllocated: 1, frames: 3), DicomUids.ExplicitVRLittleEndian);
        for (int f = 0; f < 3; f++)
        {
            byte[] frame = split.Get(f + 1).ToArray();
            Assert.Equal(2, frame.Length);
            for (int i = 0; i < 9; i++)
                Assert.True(frames[f][i] == ((frame[i / 8] >> (i % 8) & 1) == 1), $"frame {f + 1} pixel {i}");
            Assert.Equal(0, frame[1] & 0xFE); // the bits past the frame's ninth are not the next frame's
        }
    }

    [Fact]
    public void Frame_numbers_outside_the_frames_are_refused_by_number()
    {
        DicomFrames frames = DicomFrames.Of(Image(new byte[32], 4, 4, frames: 2), DicomUids.ImplicitVRLittleEndian);
        foreach (int number in new[] { 0, -1, 3, int.MaxValue })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => frames.Get(number));
            Assert.Equal("frameNumber", error.ParamName);
            Assert.Contains("1 to 2", error.Message);
        }
    }

    [Fact]
    public void Native_pixel_data_shorter_than_its_frames_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => DicomFrames.Of(Image(new byte[40], 4, 4, frames: 3), DicomUids.ExplicitVRLittleEndian));
        Assert.Contains("40 bytes", error.Message);
        Assert.Throws<FormatException>(() => DicomFrames.Of(Image(new byte[16], 4, 4, bitsAllocated: 12), DicomUids.ExplicitVRLittleEndian));
        Assert.Throws<FormatException>(() => DicomFrames.Of(Image(new byte[16], 0, 4), DicomUids.ExplicitVRLittleEndian));
    }

    [Fact]
    public void A_data_set_without_pixel_bytes_or_with_an_unknown_syntax_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => DicomFrames.Of(new DicomDataset().Set(Rows, (ushort)1), DicomUids.ExplicitVRLittleEndian));
        DicomDataset byUri = new DicomDataset().Set(new BinaryTag(PixelData.Tag, DicomVR.OB), DicomBulkData.FromUri("https://pacs/bulk/1"));
        Assert.Contains("BulkDataURI", Assert.Throws<InvalidOperationException>(() => DicomFrames.Of(byUri, DicomUids.ExplicitVRLittleEndian)).Message);
        Assert.Throws<NotSupportedException>(() => DicomFrames.Of(Image(new byte[16], 4, 4), "1.2.3.4.5.6"));
    }

    [Fact]
    public void Float_pixel_data_is_cut_by_its_own_size()
    {
        byte[] pixels = Enumerable.Range(0, 2 * 2 * 4 * 2).Select(i => (byte)i).ToArray();
        DicomDataset dataset = new DicomDataset().Set(Rows, (ushort)2).Set(Columns, (ushort)2).Set(NumberOfFrames, 2)
            .Set(FloatPixelData, DicomBulkData.FromBytes(pixels));
        Assert.Equal(pixels[16..], DicomFrames.Of(dataset, DicomUids.ExplicitVRLittleEndian).Get(2).ToArray());
    }

    [Fact]
    public void Encapsulated_frames_of_one_fragment_each()
    {
        byte[][] fragments = [Jpeg(1, 10), Jpeg(2, 12), Jpeg(3, 14)];
        DicomFrames frames = DicomFrames.Of(Compressed(Encapsulate([], fragments), 3), DicomUids.JPEGBaseline8Bit);
        Assert.True(frames.IsEncapsulated);
        Assert.Equal(3, frames.Count);
        for (int i = 0; i < 3; i++)
            Assert.Equal(fragments[i], frames.Get(i + 1).ToArray());
    }

    [Fact]
    public void A_single_frame_joins_all_its_fragments()
    {
        byte[] value = Encapsulate([], [0xFF, 0x4F, 0xFF, 0x51], [5, 6], [7]);
        DicomDataset dataset = Compressed(value, 1);
        dataset.Remove(NumberOfFrames);
        Assert.Equal(new byte[] { 0xFF, 0x4F, 0xFF, 0x51, 5, 6, 7 }, DicomFrames.Get(DicomFile.Create(dataset, DicomUids.JPEG2000Lossless), 1).ToArray());
    }

    [Fact]
    public void The_Basic_Offset_Table_tells_frames_of_several_fragments_apart()
    {
        // Frame 1: fragments of 10 and 6 bytes; frame 2: one of 4. Offsets count item headers (8 bytes each).
        byte[] value = Encapsulate([0, 8 + 10 + 8 + 6], Filler(1, 10), Filler(2, 6), Filler(3, 4));
        DicomFrames frames = DicomFrames.Of(Compressed(value, 2), DicomUids.RLELossless);
        Assert.Equal([.. Filler(1, 10), .. Filler(2, 6)], frames.Get(1).ToArray());
        Assert.Equal(Filler(3, 4), frames.Get(2).ToArray());
    }

    [Fact]
    public void The_Extended_Offset_Table_comes_first()
    {
        byte[] value = Encapsulate([], Filler(1, 10), Filler(2, 6), Filler(3, 4));
        byte[] table = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(8), 8 + 10);
        DicomDataset dataset = Compressed(value, 2).Set(ExtendedOffsetTable, DicomBulkData.FromBytes(table));
        DicomFrames frames = DicomFrames.Of(dataset, DicomUids.JPEGLSLossless);
        Assert.Equal(Filler(1, 10), frames.Get(1).ToArray());
        Assert.Equal([.. Filler(2, 6), .. Filler(3, 4)], frames.Get(2).ToArray());
    }

    [Fact]
    public void Offsets_that_are_not_fragment_starts_are_refused()
    {
        byte[] value = Encapsulate([0, 7], Filler(1, 10), Filler(2, 6));
        Assert.Contains("Offset 2", Assert.Throws<FormatException>(() => DicomFrames.Of(Compressed(value, 2), DicomUids.RLELossless)).Message);
        byte[] backwards = Encapsulate([18, 0], Filler(1, 10), Filler(2, 6));
        Assert.Throws<FormatException>(() => DicomFrames.Of(Compressed(backwards, 2), DicomUids.RLELossless));
        byte[] short3 = Encapsulate([0, 18], Filler(1, 10), Filler(2, 6));
        Assert.Throws<FormatException>(() => DicomFrames.Of(Compressed(short3, 3), DicomUids.RLELossless));
    }

    [Fact]
    public void Without_offsets_JPEG_start_markers_tell_frames_apart()
    {
        byte[] value = Encapsulate([], Jpeg(1, 10), Filler(9, 5), Jpeg(2, 8), Filler(8, 3), Filler(7, 2));
        DicomFrames frames = DicomFrames.Of(Compressed(value, 2), DicomUids.JPEGBaseline8Bit);
        Assert.Equal([.. Jpeg(1, 10), .. Filler(9, 5)], frames.Get(1).ToArray());
        Assert.Equal([.. Jpeg(2, 8), .. Filler(8, 3), .. Filler(7, 2)], frames.Get(2).ToArray());
    }

    [Fact]
    public void Fragments_that_cannot_be_told_apart_are_refused_not_guessed()
    {
        byte[] value = Encapsulate([], Filler(1, 10), Filler(2, 6), Filler(3, 4));
        var error = Assert.Throws<NotSupportedException>(() => DicomFrames.Of(Compressed(value, 2), DicomUids.RLELossless));
        Assert.Contains("3 fragments for 2 frames", error.Message);
        Assert.Throws<FormatException>(() => DicomFrames.Of(Compressed([1, 2, 3, 4, 5, 6, 7, 8], 1), DicomUids.RLELossless));
    }

    [SharedDataFact("corpus/part10")]
    public async Task Frames_of_corpus_files()
    {
        string folder = Path.Combine(RepositoryPaths.Shared, "corpus", "part10");
        DicomFile rle = await DicomFile.OpenAsync(Path.Combine(folder, "SC_rgb_rle_2frame.dcm"));
        DicomFrames rleFrames = DicomFrames.Of(rle);
        Assert.Equal(2, rleFrames.Count);
        IReadOnlyList<ReadOnlyMemory<byte>> fragments = EncapsulatedPixelData.Fragments(rle.Dataset.Get(PixelData)!.Bytes!.Value);
        Assert.Equal(fragments[1].ToArray(), rleFrames.Get(2).ToArray());

        DicomFile mr = await DicomFile.OpenAsync(Path.Combine(folder, "MR_small.dcm"));
        DicomFrames mrFrames = DicomFrames.Of(mr);
        Assert.Equal(1, mrFrames.Count);
        Assert.Equal(mr.Dataset.Get(PixelData)!.Bytes!.Value.ToArray(), mrFrames.Get(1).ToArray());

        DicomFile j2k = await DicomFile.OpenAsync(Path.Combine(folder, "JPEG2000.dcm"));
        byte[] codestream = DicomFrames.Get(j2k, 1).ToArray();
        Assert.True(codestream.AsSpan().StartsWith((byte[])[0xFF, 0x4F, 0xFF, 0x51]), "a JPEG 2000 frame starts with SOC and SIZ");
    }
}
