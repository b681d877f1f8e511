using System.Text;
using DicomWeb.Json;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Part10;

/// <summary>
/// A data set read from DICOM JSON saves to Part 10 with the same values, or the save is a
/// DicomFileException naming the attribute (tag and keyword) and the reason (#25): JSON can say
/// what the bytes of a Part 10 value cannot (a backslash inside one value, '=' inside a name group,
/// any character whatever the Specific Character Set), and none of it may change on the way.
/// </summary>
public class JsonToPart10Tests
{
    private static async Task<byte[]> SaveAsync(DicomDataset dataset)
    {
        using var stream = new MemoryStream();
        await DicomFile.Create(dataset).SaveAsync(stream);
        return stream.ToArray();
    }

    private static async Task<DicomFileException> RefusedAsync(string json, DicomTag tag, params string[] reason)
    {
        DicomDataset dataset = DicomJson.Deserialize(json);
        DicomFileException error = await Assert.ThrowsAsync<DicomFileException>(() => SaveAsync(dataset));
        Assert.Equal(tag, error.Tag);
        Assert.Contains($"tag {tag} {tag.Keyword}", error.Message, StringComparison.Ordinal);
        foreach (string part in reason)
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public async Task A_backslash_inside_one_value_is_refused_not_split_into_two_values()
    {
        await RefusedAsync("""{"00100020":{"vr":"LO","Value":["A\\B"]}}""", PatientID.Tag, "Value[0] holds a backslash", "more values");
        await RefusedAsync("""{"00080060":{"vr":"CS","Value":["CT","MR\\PT"]}}""", Modality.Tag, "Value[1] holds a backslash");
        await RefusedAsync("""{"0020000D":{"vr":"UI","Value":["1.2\\3.4"]}}""", StudyInstanceUID.Tag, "backslash");
        // In PN, a backslash separates values too.
        await RefusedAsync("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe\\Roe^Jane"}]}}""", PatientName.Tag, "backslash inside its Alphabetic group");
    }

    [Fact]
    public async Task In_LT_ST_UT_a_backslash_is_a_character_and_saves_but_more_than_one_value_cannot()
    {
        DicomDataset dataset = DicomJson.Deserialize("""{"00081030":{"vr":"LO","Value":["a","b"]},"00324000":{"vr":"LT","Value":["C:\\dir\\file"]}}""");
        DicomDataset back = DicomFile.Open(await SaveAsync(dataset)).Dataset;
        Assert.Equal(@"C:\dir\file", back.Get(StudyComments));
        Assert.Equal(["a", "b"], back.GetAll(StudyDescription));

        await RefusedAsync("""{"00324000":{"vr":"LT","Value":["a","b"]}}""", StudyComments.Tag, "LT holds one value", "2 values would read back as one");
    }

    [Fact]
    public async Task An_equals_sign_inside_a_name_group_is_refused_not_made_a_second_group()
    {
        await RefusedAsync("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe=Roe^Jane"}]}}""", PatientName.Tag, "'=' inside its Alphabetic group", "another group");
        await RefusedAsync("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane","Phonetic":"do=e"}]}}""", PatientName.Tag, "'=' inside its Phonetic group");
        // Groups as groups save and read back as they were.
        DicomDataset dataset = DicomJson.Deserialize("""{"00080005":{"vr":"CS","Value":["ISO_IR 192"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"Yamada^Tarou","Ideographic":"山田^太郎"}]}}""");
        Assert.Equal(new PersonName("Yamada^Tarou", "山田^太郎"), DicomFile.Open(await SaveAsync(dataset)).Dataset.Get(PatientName));
    }

    [Theory]
    [InlineData("0020000D", "UI", "\"１.２.３\"", "U+FF11")] // full-width digits are not digits
    [InlineData("00200013", "IS", "\"4２\"", null)] // refused when read: IS text is ASCII digits
    [InlineData("00080018", "UI", "\"1.2.٣\"", "U+0663")] // an Arabic-Indic digit
    public async Task Characters_outside_ASCII_in_UIDs_and_numbers_are_refused(string key, string vr, string value, string? codePoint)
    {
        string json = $$$"""{"{{{key}}}":{"vr":"{{{vr}}}","Value":[{{{value}}}]}}""";
        if (codePoint is null)
        {
            Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(json));
            return;
        }
        DicomFileException error = await RefusedAsync(json, DicomTag.Parse(key), "outside ASCII", codePoint, $"which {vr} cannot hold");
        Assert.DoesNotContain("１", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_character_the_declared_character_set_cannot_encode_is_refused_not_written_as_a_question_mark()
    {
        DicomFileException error = await RefusedAsync(
            """{"00080005":{"vr":"CS","Value":["ISO_IR 100"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"M\u00fcller^\u738b"}]}}""",
            PatientName.Tag, "U+738B", "'ISO_IR 100' cannot encode");
        Assert.DoesNotContain("ller", error.Message, StringComparison.Ordinal); // the character's code point, not the name
        await RefusedAsync("""{"00080005":{"vr":"CS","Value":["ISO_IR 144"]},"00081030":{"vr":"LO","Value":["Жук","Ωmega"]}}""", StudyDescription.Tag, "Value[1]", "U+03A9", "'ISO_IR 144'");
        // Single-byte VRs hold bytes, not characters of the set.
        await RefusedAsync("""{"00080005":{"vr":"CS","Value":["ISO_IR 192"]},"00080060":{"vr":"CS","Value":["中"]}}""", Modality.Tag, "U+4E2D", "CS, a VR of single bytes");

        // What the set can encode saves and reads back.
        DicomDataset dataset = DicomJson.Deserialize("""{"00080005":{"vr":"CS","Value":["ISO_IR 100"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"M\u00fcller^J\u00e9r\u00f4me"}]}}""");
        Assert.Equal("Müller^Jérôme", DicomFile.Open(await SaveAsync(dataset)).Dataset.Get(PatientName)!.Alphabetic);
    }

    [Fact]
    public async Task Text_beyond_Latin1_without_a_character_set_saves_declared_as_UTF8_and_reads_back()
    {
        DicomDataset dataset = DicomJson.Deserialize("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Yamada","Ideographic":"山田"}]},"00100020":{"vr":"LO","Value":["ID-1"]}}""");
        byte[] file = await SaveAsync(dataset);
        DicomDataset back = DicomFile.Open(file).Dataset;
        Assert.Equal(new PersonName("Yamada", "山田"), back.Get(PatientName));
        Assert.Equal(["ISO_IR 192"], back.GetAll(SpecificCharacterSet));
        Assert.Equal("ID-1", back.Get(PatientID));
        Assert.False(dataset.Contains(SpecificCharacterSet.Tag), "the data set saved is not changed");
    }

    [Fact]
    public async Task Numbers_given_as_text_save_as_the_number_or_fail_naming_why()
    {
        // Tolerated when read, a US as a string saves as the number (it used to fail with "InvalidOperationException").
        DicomDataset read = DicomJson.Deserialize("""{"00280010":{"vr":"US","Value":["512"]},"00280011":{"vr":"US","Value":[" 256 "]},"00186020":{"vr":"SL","Value":["-7"]}}""");
        DicomDataset back = DicomFile.Open(await SaveAsync(read)).Dataset;
        Assert.Equal((ushort)512, back.Get(Rows));
        Assert.Equal((ushort)256, back.Get(Columns));
        Assert.Equal(-7, back.Get(new NumberTag<int>(new DicomTag(0x0018, 0x6020), DicomVR.SL)));

        // A value its VR cannot hold (no reader lets it through; a data set assembled by hand can hold it):
        // the save names the attribute, the value and the range.
        DicomDataset wide = Raw(Rows.Tag, DicomVR.US, "[70000]");
        DicomFileException error = await Assert.ThrowsAsync<DicomFileException>(() => SaveAsync(wide));
        Assert.Equal(Rows.Tag, error.Tag);
        Assert.Contains("Value[0] \"70000\" is not an integer from 0 to 65535, which US needs", error.Message, StringComparison.Ordinal);
        Assert.Contains("tag (0028,0010) Rows", error.Message, StringComparison.Ordinal);

        // Text that is no number at all.
        foreach ((string vr, string text, string expected) in new[] { ("US", "abc", "an integer from 0 to 65535"), ("FL", "1e39", "a number a float (FL) can hold"), ("UV", "-1", "an integer from 0 to 18446744073709551615"), ("AT", "0010", "a tag of eight hex digits") })
        {
            DicomDataset hand = Raw(new DicomTag(0x0029, 0x1010), DicomVR.Parse(vr), $"[\"{text}\"]");
            DicomFileException refused = await Assert.ThrowsAsync<DicomFileException>(() => SaveAsync(hand));
            Assert.Contains($"Value[0] \"{text}\" is not {expected}", refused.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>A data set holding one element with <paramref name="json"/> as its Value array, unchecked: what no reader lets through.</summary>
    private static DicomDataset Raw(DicomTag tag, DicomVR vr, string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        var dataset = new DicomDataset();
        dataset.SetParsed([new ElementSlot { Tag = tag.Value, VR = vr, Form = DicomValueForm.Values, Buffer = bytes, Start = 0, Length = bytes.Length }]);
        return dataset;
    }
}
