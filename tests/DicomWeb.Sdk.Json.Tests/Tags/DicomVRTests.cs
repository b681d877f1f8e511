namespace DicomWeb.Sdk.Json.Tests.Tags;

public class DicomVRTests
{
    private static readonly string[] AllCodes =
        ["AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
         "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV"];

    [Fact]
    public void Every_VR_of_PS3_5_parses_and_formats_back()
    {
        foreach (string code in AllCodes)
        {
            Assert.True(DicomVR.TryParse(code, out DicomVR vr), code);
            Assert.Equal(code, vr.ToString());
            Assert.True(DicomVR.TryParse(System.Text.Encoding.ASCII.GetBytes(code), out DicomVR fromBytes));
            Assert.Equal(vr, fromBytes);
        }
        Assert.Equal(AllCodes.Length, AllCodes.Select(DicomVR.Parse).Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("pn")]
    [InlineData("XX")]
    [InlineData("PNX")]
    [InlineData("P")]
    public void Unknown_codes_are_refused(string code)
    {
        Assert.False(DicomVR.TryParse(code, out _));
        Assert.Contains($"'{code}'", Assert.Throws<FormatException>(() => DicomVR.Parse(code)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_VR_is_none()
    {
        Assert.Equal("", default(DicomVR).ToString());
        Assert.NotEqual(DicomVR.AE, default);
    }

    [Fact]
    public void The_VRs_with_a_32_bit_length_in_explicit_VR_Part_10_are_those_of_PS3_5_Table_7_1_1()
    {
        string[] longLength = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"];
        foreach (string code in AllCodes)
            Assert.True(DicomVR.Parse(code).HasLongLength == longLength.Contains(code), code);
        Assert.False(default(DicomVR).HasLongLength);
    }
}
