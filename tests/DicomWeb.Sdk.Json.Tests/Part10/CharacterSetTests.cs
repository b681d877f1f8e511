using System.Buffers.Binary;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Part10;

/// <summary>
/// Person names in the character sets of PS3.5 (examples after its Annexes H, I, J), as bytes
/// encoded independently of .NET (Python's codecs), read from implicit VR files without meta.
/// </summary>
public class CharacterSetTests
{
    [Theory]
    [InlineData("", "4275635e4a6f686e", "Buc^John")]
    [InlineData("ISO_IR 100", "4275635e4ae972f46d65", "Buc^Jérôme")]
    [InlineData("ISO_IR 144", "bbeeda6365dcd17970d3", "Люкceмбypг")]
    [InlineData("ISO_IR 192", "57616e675e5869616f446f6e673de78e8b5ee5b08fe69db13d", "Wang^XiaoDong=王^小東")] // the empty phonetic group is not kept
    [InlineData("GB18030", "57616e675e5869616f446f6e673dcdf55ed0a1b6ab3d", "Wang^XiaoDong=王^小东")]
    [InlineData("ISO_IR 13", "d4cfc0de5ec0dbb3", "ﾔﾏﾀﾞ^ﾀﾛｳ")]
    [InlineData("\\ISO 2022 IR 87", "59616d6164615e5461726f753d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e24401b28425e1b2442243f246d24261b2842", "Yamada^Tarou=山田^太郎=やまだ^たろう")]
    [InlineData("\\ISO 2022 IR 149", "486f6e675e47696c646f6e673d1b242943fbf35e1b242943d1ced4d73d1b242943c8ab5e1b242943b1e6b5bf", "Hong^Gildong=洪^吉洞=홍^길동")]
    public void Person_names_decode_by_the_specific_character_set(string characterSet, string hex, string expected)
    {
        byte[] file = [.. Element(0x0008, 0x0005, System.Text.Encoding.ASCII.GetBytes(characterSet)), .. Element(0x0010, 0x0010, Convert.FromHexString(hex))];
        DicomFile read = DicomFile.Open(file);
        Assert.Equal(DicomUids.ImplicitVRLittleEndian, read.TransferSyntaxUid);
        Assert.Equal(expected, read.Dataset.Get(PatientName)!.ToDicomString());
    }

    [Fact]
    public void An_unknown_character_set_is_an_error_naming_it()
    {
        byte[] file = [.. Element(0x0008, 0x0005, "ISO_IR 999"u8.ToArray()), .. Element(0x0010, 0x0010, "A^B"u8.ToArray())];
        var error = Assert.Throws<DicomFileException>(() => DicomFile.Open(file, fileName: "x.dcm"));
        Assert.Contains("ISO_IR 999", error.Message, StringComparison.Ordinal);
        Assert.Equal(new DicomTag(0x0008, 0x0005), error.Tag);
    }

    [Fact]
    public async Task Text_written_in_a_single_byte_set_reads_back()
    {
        var dataset = new DicomDataset().Set(SpecificCharacterSet, "ISO_IR 100").Set(PatientName, PersonName.Parse("Buc^Jérôme"));
        using var stream = new MemoryStream();
        await DicomFile.Create(dataset).SaveAsync(stream);
        byte[] bytes = stream.ToArray();
        Assert.True(bytes.AsSpan().IndexOf(new byte[] { 0x4A, 0xE9, 0x72, 0xF4 }) > 0, "Jérôme is not in Latin-1 in the file");
        Assert.Equal("Buc^Jérôme", DicomFile.Open(bytes).Dataset.Get(PatientName)!.ToString());
    }

    // An implicit VR little endian element: tag, 32-bit length, value padded with a space to even length.
    private static byte[] Element(ushort group, ushort element, byte[] value)
    {
        if (value.Length % 2 == 1)
            value = [.. value, (byte)' '];
        byte[] bytes = new byte[8 + value.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, group);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), element);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)value.Length);
        value.CopyTo(bytes, 8);
        return bytes;
    }
}
