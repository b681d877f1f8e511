using DicomWeb.Json;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Json;

public class DicomJsonReadTests
{
    private static DicomDataset Read(string json) => DicomJson.Deserialize(json);

    private static string Canonical(string json) => DicomJson.Serialize(DicomJson.Deserialize(json));

    [Fact]
    public void An_element_without_Value_is_present_and_empty()
    {
        var dataset = Read("""{"00100010":{"vr":"PN"},"00200013":{"vr":"IS","Value":[]}}""");
        Assert.True(dataset.Contains(PatientName));
        Assert.True(dataset.TryGetElement(PatientName, out var element));
        Assert.Equal(DicomValueForm.Empty, element.Form);
        Assert.Equal(DicomVR.PN, element.VR);
        Assert.Null(dataset.Get(PatientName));
        Assert.Empty(dataset.GetAll(PatientName));
        Assert.Null(dataset.Get(InstanceNumber));
        Assert.Equal("""{"00100010":{"vr":"PN"},"00200013":{"vr":"IS"}}""", DicomJson.Serialize(dataset));
    }

    [Fact]
    public void Null_entries_in_Value_arrays_are_empty_values_and_are_kept()
    {
        var dataset = Read("""{"00080061":{"vr":"CS","Value":["CT",null,"MR"]},"00200032":{"vr":"DS","Value":[1.5,null,"-2"]},"00280030":{"vr":"DS","Value":[null]}}""");
        Assert.Equal(["CT", "", "MR"], dataset.GetAll(ModalitiesInStudy));
        Assert.Equal([1.5, null, -2.0], dataset.GetAll(ImagePositionPatient));
        // One empty value alone is an empty attribute (#13: [null] is tolerated and written canonically, without "Value").
        Assert.Null(dataset.Get(PixelSpacing));
        Assert.Empty(dataset.GetAll(PixelSpacing));
        Assert.True(dataset.Contains(PixelSpacing));
        Assert.Equal("""{"00080061":{"vr":"CS","Value":["CT",null,"MR"]},"00200032":{"vr":"DS","Value":[1.5,null,-2]},"00280030":{"vr":"DS"}}""", DicomJson.Serialize(dataset));
    }

    [Fact]
    public void Person_names_with_one_two_or_three_groups_and_null_entries()
    {
        var dataset = Read("""
            {"00100010":{"vr":"PN","Value":[
              {"Alphabetic":"Yamada^Tarou","Ideographic":"山田^太郎","Phonetic":"やまだ^たろう"},
              {"Alphabetic":"Doe^Jane"},
              null,
              {"Ideographic":"山田"},
              {"Alphabetic":"Smith^John","Phonetic":"smith"}]}}
            """);
        var names = dataset.GetAll(PatientName);
        Assert.Equal(5, names.Count);
        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", names[0].ToDicomString());
        Assert.Equal("Tarou", names[0].Components.GivenName);
        Assert.Equal("Doe^Jane", names[1].ToString());
        Assert.True(names[2].IsEmpty);
        Assert.Equal("=山田", names[3].ToDicomString());
        Assert.Equal("Smith^John==smith", names[4].ToDicomString());
        Assert.Equal("Yamada^Tarou", dataset.Get(PatientName)!.ToString());
        Assert.Equal(
            """{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Yamada^Tarou","Ideographic":"山田^太郎","Phonetic":"やまだ^たろう"},{"Alphabetic":"Doe^Jane"},null,{"Ideographic":"山田"},{"Alphabetic":"Smith^John","Phonetic":"smith"}]}}""",
            DicomJson.Serialize(dataset));
    }

    [Fact]
    public void A_person_name_with_only_empty_groups_is_an_empty_value()
    {
        Assert.Equal("""{"00080090":{"vr":"PN"}}""", Canonical("""{"00080090":{"vr":"PN","Value":[{"Alphabetic":""}]}}"""));
        Assert.Null(Read("""{"00080090":{"vr":"PN","Value":[{"Alphabetic":""}]}}""").Get(ReferringPhysicianName));
    }

    [Fact]
    public void Private_tags_are_read_with_their_VR_and_kept()
    {
        var dataset = Read("""{"00090010":{"vr":"LO","Value":["ACME 1.0"]},"00091001":{"vr":"DS","Value":[2.5]},"00091002":{"vr":"UN","InlineBinary":"AQID"}}""");
        Assert.Equal("ACME 1.0", dataset.Get(new StringTag(new DicomTag(0x0009, 0x0010), DicomVR.LO)));
        Assert.Equal(2.5, dataset.Get(new DecimalStringTag(new DicomTag(0x0009, 0x1001), DicomVR.DS)));
        Assert.Equal([1, 2, 3], dataset.GetBulkData(new DicomTag(0x0009, 0x1002))!.Bytes!.Value.ToArray());
        Assert.Equal(3, dataset.Count);
    }

    [Fact]
    public void Attribute_tags_are_eight_hex_digits()
    {
        var dataset = Read("""{"00209165":{"vr":"AT","Value":["00100010","7fe00010",null]}}""");
        Assert.Equal(new DicomTag(0x0010, 0x0010), dataset.Get(DimensionIndexPointer));
        Assert.Equal([new DicomTag(0x0010, 0x0010), new DicomTag(0x7FE0, 0x0010), null], dataset.GetAll(DimensionIndexPointer));
        Assert.Equal("""{"00209165":{"vr":"AT","Value":["00100010","7FE00010",null]}}""", DicomJson.Serialize(dataset));
    }

    [Fact]
    public void InlineBinary_tolerates_whitespace_and_escapes_and_is_written_without_them()
    {
        var dataset = Read("{\"7FE00010\":{\"vr\":\"OW\",\"InlineBinary\":\"AAEC\\nAwQF\\r\\n Bgc=\"},\"00281201\":{\"vr\":\"OW\",\"BulkDataURI\":\"http://host/bulk/1?x=1&y=2\"}}");
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], dataset.Get(PixelData)!.Bytes!.Value.ToArray());
        var uri = dataset.GetBulkData(RedPaletteColorLookupTableData)!;
        Assert.Null(uri.Bytes);
        Assert.Equal("http://host/bulk/1?x=1&y=2", uri.Uri);
        Assert.Equal("""{"00281201":{"vr":"OW","BulkDataURI":"http://host/bulk/1?x=1&y=2"},"7FE00010":{"vr":"OW","InlineBinary":"AAECAwQFBgc="}}""", DicomJson.Serialize(dataset));
    }

    [Fact]
    public void A_BulkDataURI_in_place_of_a_numeric_value_is_not_mistaken_for_no_value()
    {
        var dataset = Read("""{"00281052":{"vr":"DS","BulkDataURI":"bulk/7"}}""");
        Assert.Equal("bulk/7", dataset.GetBulkData(RescaleIntercept)!.Uri);
        var error = Assert.Throws<InvalidOperationException>(() => dataset.Get(RescaleIntercept));
        Assert.Contains("BulkDataURI", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5", 1.5, "1.5")]
    [InlineData("\"1.5\"", 1.5, "1.5")]
    [InlineData("\" 1.50 \"", 1.5, "1.50")]
    [InlineData("\"+1.5\"", 1.5, "\"+1.5\"")]
    [InlineData("\".5\"", 0.5, "\".5\"")]
    [InlineData("\"1.\"", 1.0, "\"1.\"")]
    [InlineData("1e308", 1e308, "1e308")]
    [InlineData("\"1e300\"", 1e300, "1e300")]
    [InlineData("-0", -0.0, "-0")]
    [InlineData("\"-2E-3\"", -0.002, "-2E-3")]
    public void Decimal_strings_are_read_from_numbers_or_strings_and_written_as_numbers_where_JSON_allows(string json, double expected, string written)
    {
        var dataset = Read($$$"""{"00180050":{"vr":"DS","Value":[{{{json}}}]}}""");
        Assert.Equal(expected, dataset.Get(SliceThickness));
        Assert.Equal($$$"""{"00180050":{"vr":"DS","Value":[{{{written}}}]}}""", DicomJson.Serialize(dataset));
    }

    [Theory]
    [InlineData("2147483647", 2147483647, "2147483647")]
    [InlineData("-2147483648", -2147483648, "-2147483648")]
    [InlineData("\"42\"", 42, "42")]
    [InlineData("\" 42 \"", 42, "42")]
    [InlineData("\"+42\"", 42, "\"+42\"")]
    [InlineData("\"007\"", 7, "\"007\"")]
    public void Integer_strings_are_read_from_numbers_or_strings(string json, int expected, string written)
    {
        var dataset = Read($$$"""{"00200013":{"vr":"IS","Value":[{{{json}}}]}}""");
        Assert.Equal(expected, dataset.Get(InstanceNumber));
        Assert.Equal($$$"""{"00200013":{"vr":"IS","Value":[{{{written}}}]}}""", DicomJson.Serialize(dataset));
    }

    [Fact]
    public void Binary_numbers_and_very_long_integers_keep_their_range()
    {
        var dataset = Read("""{"00280010":{"vr":"US","Value":[65535]},"00186020":{"vr":"SL","Value":[-2147483648]},"00720082":{"vr":"SV","Value":["-9223372036854775808"]},"00720083":{"vr":"UV","Value":[18446744073709551615]},"00189087":{"vr":"FD","Value":[1.7976931348623157E+308]},"00089459":{"vr":"FL","Value":[29.97]}}""");
        Assert.Equal((ushort)65535, dataset.Get(Rows));
        Assert.Equal(int.MinValue, dataset.Get(ReferencePixelX0));
        Assert.Equal(long.MinValue, dataset.Get(SelectorSVValue));
        Assert.Equal(ulong.MaxValue, dataset.Get(SelectorUVValue));
        Assert.Equal(double.MaxValue, dataset.Get(DiffusionBValue));
        Assert.Equal(29.97f, dataset.Get(RecommendedDisplayFrameRateInFloat));
    }

    [Fact]
    public void Sequences_with_empty_items_and_nesting_round_trip()
    {
        const string json = """{"00081115":{"vr":"SQ","Value":[{},{"00081140":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":["1.2.3"]}},{}]}},{"0020000E":{"vr":"UI","Value":["1.2.4"]}}]},"00081199":{"vr":"SQ"}}""";
        var dataset = Read(json);
        var items = dataset.Get(ReferencedSeriesSequence);
        Assert.Equal(3, items.Count);
        Assert.Equal(0, items[0].Count);
        var nested = items[1].Get(ReferencedImageSequence);
        Assert.Equal("1.2.3", nested[0].Get(ReferencedSOPClassUID));
        Assert.Equal(0, nested[1].Count);
        Assert.Equal("1.2.4", items[2].Get(SeriesInstanceUID));
        Assert.Empty(dataset.Get(ReferencedSOPSequence));
        Assert.Equal(json, DicomJson.Serialize(dataset));
    }

    [Fact]
    public void An_empty_string_value_is_an_empty_value_written_as_null()
    {
        var dataset = Read("""{"00402017":{"vr":"LO","Value":[""]},"00402016":{"vr":"LO","Value":["",""]}}""");
        Assert.Empty(dataset.GetAll(FillerOrderNumberImagingServiceRequest));
        Assert.Null(dataset.Get(FillerOrderNumberImagingServiceRequest));
        Assert.Equal(["", ""], dataset.GetAll(PlacerOrderNumberImagingServiceRequest));
        Assert.Equal("""{"00402016":{"vr":"LO","Value":[null,null]},"00402017":{"vr":"LO"}}""", DicomJson.Serialize(dataset));
    }

    [Fact]
    public void Keys_out_of_order_are_read_into_tag_order()
    {
        var dataset = Read("""{"00100020":{"vr":"LO","Value":["B"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"A"}]}}""");
        Assert.Equal([PatientName, (DicomTag)PatientID], dataset.Select(e => e.Tag));
    }

    [Fact]
    public void Keyword_and_name_members_some_servers_add_are_ignored()
    {
        var dataset = Read("""{"00100020":{"vr":"LO","keyword":"PatientID","name":"Patient ID","Value":["B"]}}""");
        Assert.Equal("B", dataset.Get(PatientID));
    }
}
