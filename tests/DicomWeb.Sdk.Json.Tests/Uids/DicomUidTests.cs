using System.Globalization;
using System.Numerics;

namespace DicomWeb.Sdk.Json.Tests.Uids;

public class DicomUidTests
{
    [Theory]
    [InlineData("1.2.840.10008.1.2.1")]
    [InlineData("0")]
    [InlineData("0.0")]
    [InlineData("2.25.0")]
    [InlineData("1.2.3.10.100")]
    public void Valid_uids_pass(string uid)
    {
        Assert.True(DicomUid.IsValid(uid));
        Assert.True(DicomUid.IsValid(uid.AsSpan()));
        Assert.Same(uid, DicomUid.Check(uid));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("1..2")]
    [InlineData(".1.2")]
    [InlineData("1.2.")]
    [InlineData("1.02")]
    [InlineData("01.2")]
    [InlineData("00")]
    [InlineData("1.2a")]
    [InlineData("1.2 ")]
    [InlineData("1.2\0")]
    [InlineData("1,2")]
    [InlineData("-1.2")]
    [InlineData("1.2.٣")] // an Arabic-Indic digit is a digit, not an ASCII one
    public void Invalid_uids_fail(string uid)
    {
        Assert.False(DicomUid.IsValid(uid));
        Assert.False(DicomUid.IsValid(uid.AsSpan()));
    }

    [Fact]
    public void At_most_64_characters()
    {
        string longest = "1." + new string('2', 62), tooLong = longest + "3";
        Assert.Equal(64, longest.Length);
        Assert.True(DicomUid.IsValid(longest));
        Assert.False(DicomUid.IsValid(tooLong));
        Assert.False(DicomUid.IsValid(tooLong.AsSpan()));
    }

    [Fact]
    public void Null_is_not_a_uid()
    {
        Assert.False(DicomUid.IsValid((string?)null));
        Assert.Throws<ArgumentException>(() => DicomUid.Check(null));
    }

    [Fact]
    public void Check_names_the_argument_and_quotes_the_text()
    {
        string studyInstanceUid = "1.2.03";
        var error = Assert.Throws<ArgumentException>(() => DicomUid.Check(studyInstanceUid));
        Assert.Equal(nameof(studyInstanceUid), error.ParamName);
        Assert.Contains("'1.2.03'", error.Message);
        Assert.Equal("other", Assert.Throws<ArgumentException>(() => DicomUid.Check("x", "other")).ParamName);
        // A long hostile text is cut in the message.
        var longError = Assert.Throws<ArgumentException>(() => DicomUid.Check(new string('9', 10_000) + "x"));
        Assert.True(longError.Message.Length < 400, longError.Message);
    }

    [Fact]
    public void Generated_uids_are_valid_distinct_and_under_2_25()
    {
        var seen = new HashSet<string>();
        for (int i = 0; i < 2000; i++)
        {
            string uid = DicomUid.Generate();
            Assert.StartsWith("2.25.", uid);
            Assert.True(DicomUid.IsValid(uid), uid);
            Assert.InRange(uid.Length, 6, 44);
            Assert.True(seen.Add(uid), $"{uid} came twice");
        }
    }

    [Fact]
    public void A_generated_uid_is_a_version_4_uuid_read_as_one_integer()
    {
        // PS3.5 B.2: the UUID's 128 bits, most significant first; a random UUID has version 4 in
        // bits 76-79 and variant 10 in bits 62-63 of that integer.
        for (int i = 0; i < 200; i++)
        {
            var value = BigInteger.Parse(DicomUid.Generate()["2.25.".Length..], CultureInfo.InvariantCulture);
            Assert.True(value < BigInteger.One << 128);
            Assert.Equal(4, (int)((value >> 76) & 0xF));
            Assert.Equal(2, (int)((value >> 62) & 0x3));
        }
    }
}
