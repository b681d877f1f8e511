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

    [Fact]
    public void All_lists_the_34_VRs_once_in_alphabetical_order()
    {
        Assert.Equal(AllCodes, DicomVR.All.Select(vr => vr.Code));
    }

    // The table in DicomVR against PS3.5 / PS3.18 / PS3.4 as written out here: a row with a wrong
    // fact fails its column, naming the VR.
    [Fact]
    public void Each_fact_of_the_VR_table_is_the_standard_s()
    {
        string[] wildcard = ["AE", "CS", "LO", "LT", "PN", "SH", "ST", "UC", "UR", "UT"];                       // PS3.4 C.2.2.2.4
        string[] bulk = ["DS", "FD", "FL", "IS", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "SL", "SS", "ST", "SV", "UC", "UL", "UN", "US", "UT", "UV"]; // PS3.18 F.2.6
        string[] characterSet = ["LO", "LT", "PN", "SH", "ST", "UC", "UT"];                                       // PS3.5 6.1.2.3
        string[] single = ["LT", "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "ST", "UN", "UR", "UT"];               // PS3.5 6.4
        var sizes = new Dictionary<string, int> { ["AT"] = 4, ["FD"] = 8, ["FL"] = 4, ["OB"] = 1, ["OD"] = 8, ["OF"] = 4, ["OL"] = 4, ["OV"] = 8, ["OW"] = 2, ["SL"] = 4, ["SS"] = 2, ["SV"] = 8, ["UL"] = 4, ["UN"] = 1, ["US"] = 2, ["UV"] = 8 };
        foreach (string code in AllCodes)
        {
            DicomVR vr = DicomVR.Parse(code);
            Assert.True(vr.AllowsWildcardMatching == wildcard.Contains(code), code);
            Assert.True(vr.AllowsBulkData == bulk.Contains(code), code);
            Assert.True(vr.UsesSpecificCharacterSet == characterSet.Contains(code), code);
            Assert.True(vr.HasSingleValue == single.Contains(code), code);
            Assert.True(vr.ValueSize == sizes.GetValueOrDefault(code), code);
            DicomVRKind kind = code switch
            {
                "AT" => DicomVRKind.AttributeTag,
                "SQ" => DicomVRKind.Sequence,
                "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "UN" => DicomVRKind.Binary,
                "FD" or "FL" or "SL" or "SS" or "SV" or "UL" or "US" or "UV" => DicomVRKind.Number,
                _ => DicomVRKind.Text,
            };
            Assert.True(vr.Kind == kind, code);
            Assert.True(vr.PaddingByte == (code == "UI" || kind == DicomVRKind.Binary ? 0 : (byte)' '), code);   // PS3.5 6.2
        }
        DicomVR none = default;
        Assert.Equal(DicomVRKind.None, none.Kind);
        Assert.False(none.AllowsWildcardMatching || none.AllowsBulkData || none.UsesSpecificCharacterSet || none.HasSingleValue);
        Assert.Equal(0, none.ValueSize);
    }
}
