using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Tags;

public class DicomTagTests
{
    [Fact]
    public void The_design_contract_for_tags_holds()
    {
        DicomTag tag = PatientName;
        Assert.True(tag.Group == 0x0010 && tag.Element == 0x0010 && tag.ToString() == "(0010,0010)");
        Assert.True(PatientName.Keyword == "PatientName" && PatientName.VR == DicomVR.PN);
        Assert.True(DicomDictionary.TryGetTag("StudyDate", out DicomTag sd) && sd == StudyDate);
        Assert.True(DicomUids.ExplicitVRLittleEndian == "1.2.840.10008.1.2.1");
    }

    [Theory]
    [InlineData("(0010,0010)", 0x00100010u)]
    [InlineData("0010,0010", 0x00100010u)]
    [InlineData("00100010", 0x00100010u)]
    [InlineData("(7fe0,0010)", 0x7FE00010u)]
    [InlineData(" PatientName ", 0x00100010u)]
    [InlineData("OverlayData", 0x60003000u)]
    public void TryParse_reads_the_hex_forms_and_keywords(string text, uint expected)
    {
        Assert.True(DicomTag.TryParse(text, out DicomTag tag));
        Assert.Equal(expected, tag.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("(0010,001G)")]
    [InlineData("0010001")]
    [InlineData("patientname")]
    [InlineData("NotAKeyword")]
    public void TryParse_refuses_what_is_neither_a_tag_nor_a_keyword(string text)
    {
        Assert.False(DicomTag.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => DicomTag.Parse(text));
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Formats_as_parenthesised_hex_or_as_a_json_key()
    {
        var tag = new DicomTag(0x0029, 0x10AB);
        Assert.Equal("(0029,10AB)", tag.ToString());
        Assert.Equal("002910AB", tag.ToString("J", null));
        Assert.Equal("tag 002910AB", $"tag {tag:J}");
        Assert.Equal("at (0029,10AB)", $"at {tag}");
        Assert.Throws<FormatException>(() => tag.ToString("X", null));
    }

    [Theory]
    [InlineData(0x0009, 0x0010, true, true)]
    [InlineData(0x0009, 0x1010, true, false)]
    [InlineData(0x0029, 0x00FF, true, true)]
    [InlineData(0x0010, 0x0010, false, false)]
    [InlineData(0x0007, 0x0010, false, false)]
    [InlineData(0xFFFF, 0x0010, false, false)]
    public void Private_tags_are_odd_groups_above_0008(ushort group, ushort element, bool isPrivate, bool isCreator)
    {
        var tag = new DicomTag(group, element);
        Assert.Equal(isPrivate, tag.IsPrivate);
        Assert.Equal(isCreator, tag.IsPrivateCreator);
    }

    [Fact]
    public void Tags_order_by_group_then_element()
    {
        DicomTag[] tags = [PixelData, PatientName, new DicomTag(0x0008, 0xFFFF), StudyDate, new DicomTag(0x0010, 0x0000)];
        Assert.Equal([StudyDate, new DicomTag(0x0008, 0xFFFF), new DicomTag(0x0010, 0x0000), PatientName, PixelData], tags.Order());
        Assert.True(StudyDate < (DicomTag)PatientName);
    }

    [Fact]
    public void Repeating_group_methods_give_the_tag_of_that_group_and_refuse_others()
    {
        Assert.Equal(new DicomTag(0x6002, 0x3000), (DicomTag)OverlayData(0x6002));
        Assert.Equal("OverlayData", OverlayData(0x601E).Keyword);
        Assert.Equal(new DicomTag(0x1000, 0x1235), (DicomTag)ShiftTableTriplet(0x1235));
        Assert.Equal(new DicomTag(0x7F02, 0x0010), (DicomTag)VariablePixelData(0x7F02));

        var odd = Assert.Throws<ArgumentOutOfRangeException>(() => OverlayData(0x6001));
        Assert.Equal("group", odd.ParamName);
        Assert.Contains("(60xx,3000)", odd.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => OverlayData(0x5000));
        var element = Assert.Throws<ArgumentOutOfRangeException>(() => ShiftTableTriplet(0x1234));
        Assert.Equal("element", element.ParamName);
    }

    [Fact]
    public void Typed_tags_for_private_elements_check_the_VR()
    {
        var creator = new StringTag(new DicomTag(0x0009, 0x0010), DicomVR.LO);
        Assert.Equal(DicomVR.LO, creator.VR);
        Assert.Equal("", creator.Keyword);
        Assert.Equal("(0009,0010)", creator.ToString());
        Assert.Equal("(0010,0010) PatientName", PatientName.ToString());

        var wrong = Assert.Throws<ArgumentException>(() => new PersonNameTag(new DicomTag(0x0009, 0x1010), DicomVR.LO));
        Assert.Contains("PersonNameTag cannot have the VR LO", wrong.Message, StringComparison.Ordinal);
        Assert.Equal(DicomVR.SS, new NumberTag<short>(new DicomTag(0x0009, 0x1011), DicomVR.SS).VR);
        Assert.Throws<ArgumentException>(() => new NumberTag<short>(new DicomTag(0x0009, 0x1011), DicomVR.US));
        Assert.True(NumberTag<int>.Holds(DicomVR.US) && NumberTag<int>.Holds(DicomVR.SS) && NumberTag<int>.Holds(DicomVR.SL));
        Assert.False(NumberTag<double>.Holds(DicomVR.FL));
    }

    [Fact]
    public void Typed_tags_are_equal_by_tag_and_VR()
    {
        Assert.Equal(PatientName, new PersonNameTag(new DicomTag(0x0010, 0x0010), DicomVR.PN));
        Assert.True(Modality != new StringTag(new DicomTag(0x0008, 0x0060), DicomVR.LO));
        Assert.Equal(PatientName.GetHashCode(), new PersonNameTag(new DicomTag(0x0010, 0x0010), DicomVR.PN).GetHashCode());
    }
}
