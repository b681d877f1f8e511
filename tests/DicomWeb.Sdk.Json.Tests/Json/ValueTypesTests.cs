namespace DicomWeb.Sdk.Json.Tests.Json;

public class ValueTypesTests
{
    [Theory]
    [InlineData("Doe^Jane", "Doe", "Jane", "", "Doe^Jane")]
    [InlineData("Doe^Jane^Q^Dr^Jr", "Doe", "Jane", "Q", "Doe^Jane^Q^Dr^Jr")]
    [InlineData("=山田^太郎", "", "", "", "=山田^太郎")]
    [InlineData("A==P", "A", "", "", "A==P")]
    [InlineData("", "", "", "", "")]
    public void PersonName_parses_groups_and_components(string text, string family, string given, string middle, string dicom)
    {
        var name = PersonName.Parse(text);
        Assert.Equal(family, name.Components.FamilyName);
        Assert.Equal(given, name.Components.GivenName);
        Assert.Equal(middle, name.Components.MiddleName);
        Assert.Equal(dicom, name.ToDicomString());
        Assert.Equal(name, PersonName.Parse(name.ToDicomString()));
    }

    [Fact]
    public void PersonName_refuses_four_groups_and_builds_from_components()
    {
        Assert.Contains("'A=B=C=D'", Assert.Throws<FormatException>(() => PersonName.Parse("A=B=C=D")).Message, StringComparison.Ordinal);
        Assert.Equal("Doe^Jane^^^Jr", PersonName.FromComponents("Doe", "Jane", nameSuffix: "Jr").ToString());
        Assert.Equal("Doe", PersonName.FromComponents("Doe").ToString());
        Assert.Equal("Jr", PersonName.FromComponents("Doe", "Jane", nameSuffix: "Jr").Components.NameSuffix);
    }

    [Theory]
    [InlineData("20250115", 2025, 1, 15)]
    [InlineData("2025.01.15", 2025, 1, 15)]
    [InlineData("20240229", 2024, 2, 29)]
    public void DicomDate_reads_its_forms(string text, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), DicomDate.Parse(text).ToDateOnly());
        Assert.Equal(text, DicomDate.Parse(text).ToString());
    }

    [Theory]
    [InlineData("20230229")]
    [InlineData("2025011")]
    [InlineData("2025-01-15")]
    [InlineData("")]
    public void DicomDate_refuses_what_is_not_a_date(string text)
    {
        Assert.Throws<FormatException>(() => DicomDate.Parse(text));
        Assert.False(DicomDate.FromText(text).IsValid);
        Assert.Contains($"'{text}'", Assert.Throws<FormatException>(() => DicomDate.FromText(text).ToDateOnly()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("14", 14, 0, 0, 0)]
    [InlineData("1430", 14, 30, 0, 0)]
    [InlineData("143005", 14, 30, 5, 0)]
    [InlineData("143005.1", 14, 30, 5, 100000)]
    [InlineData("143005.123456", 14, 30, 5, 123456)]
    [InlineData("14:30:05", 14, 30, 5, 0)]
    [InlineData("235960", 23, 59, 59, 999999)]
    public void DicomTime_keeps_partial_precision(string text, int hour, int minute, int second, int microsecond)
    {
        var time = DicomTime.Parse(text);
        Assert.Equal(text, time.ToString());
        Assert.Equal(new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(microsecond * 10L)), time.ToTimeOnly());
    }

    [Theory]
    [InlineData("24")]
    [InlineData("1460")]
    [InlineData("143")]
    [InlineData("143005.1234567")]
    [InlineData("1430.5")]
    public void DicomTime_refuses_what_is_not_a_time(string text) => Assert.Throws<FormatException>(() => DicomTime.Parse(text));

    [Fact]
    public void DicomTime_from_TimeOnly()
    {
        Assert.Equal("090500", new DicomTime(new TimeOnly(9, 5)).ToString());
        Assert.Equal("090500.250000", new DicomTime(new TimeOnly(9, 5, 0, 250)).ToString());
    }

    [Theory]
    [InlineData("2025", "2025-01-01T00:00:00+00:00", null)]
    [InlineData("202501151430", "2025-01-15T14:30:00+00:00", null)]
    [InlineData("20250115143005.5+0100", "2025-01-15T14:30:05.5+01:00", 60)]
    [InlineData("20250115143005-0530", "2025-01-15T14:30:05-05:30", -330)]
    public void DicomDateTime_keeps_precision_and_offset(string text, string expected, int? offsetMinutes)
    {
        var value = DicomDateTime.Parse(text);
        Assert.Equal(text, value.ToString());
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value.ToDateTimeOffset(TimeSpan.Zero));
        Assert.Equal(offsetMinutes is null ? null : TimeSpan.FromMinutes(offsetMinutes.Value), value.Offset);
    }

    [Theory]
    [InlineData("20251")]
    [InlineData("20250230")]
    [InlineData("2025011514.5")]
    [InlineData("20250115+01")]
    public void DicomDateTime_refuses_what_is_not_a_date_time(string text) => Assert.Throws<FormatException>(() => DicomDateTime.Parse(text));

    [Fact]
    public void DicomDateTime_from_DateTimeOffset_round_trips()
    {
        var at = new DateTimeOffset(2025, 1, 15, 14, 30, 5, 123, TimeSpan.FromHours(-3));
        var value = new DicomDateTime(at);
        Assert.Equal("20250115143005.123000-0300", value.ToString());
        Assert.Equal(at, value.ToDateTimeOffset(TimeSpan.Zero));
    }
}
