using DicomWeb.Json;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Json;

/// <summary>Every kind of bad input gives a DicomJsonException naming the JSON path and the byte where the problem starts.</summary>
public class DicomJsonErrorTests
{
    private static DicomJsonException Fails(string json) => Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(json));

    private static DicomJsonException FailsStrict(string json) => Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(json, new DicomJsonReadOptions { Strict = true }));

    private static void AssertAt(DicomJsonException error, string path, string at, string json, string messagePart)
    {
        Assert.Equal(path, error.Path);
        Assert.Equal(json.IndexOf(at, StringComparison.Ordinal), error.BytePosition);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys()
    {
        const string json = """{"00100010":{"vr":"PN"},"00100010":{"vr":"PN"}}""";
        AssertAt(Fails(json), "$.00100010", "\"00100010\":{\"vr\":\"PN\"}}", json, "appears twice");
    }

    [Theory]
    [InlineData("0010001", "is not eight hex digits")]
    [InlineData("0010001G", "is not eight hex digits")]
    [InlineData("001000100", "is not eight hex digits")]
    [InlineData("PatientName", "a keyword: DICOM JSON keys are tags")]
    public void Keys_that_are_not_eight_hex_digits(string key, string messagePart)
    {
        string json = $$$"""{"00080020":{"vr":"DA"},"{{{key}}}":{"vr":"PN"}}""";
        AssertAt(FailsStrict(json), "$", $"\"{key}\"", json, messagePart);
    }

    [Fact]
    public void Unknown_VR()
    {
        const string json = """{"00100010":{"vr":"XX","Value":["a"]}}""";
        AssertAt(Fails(json), "$.00100010", "\"XX\"", json, "\"vr\" must be one of the 34 VRs");
    }

    [Theory]
    [InlineData("""{"00280010":{"vr":"US","Value":["12"]}}""", "\"12\"", "a US value must be an integer number in the range of US (a string is tolerated unless Strict), not the string \"12\"")]
    [InlineData("""{"00280010":{"vr":"US","Value":[70000]}}""", "70000", "the number 70000")]
    [InlineData("""{"00080060":{"vr":"CS","Value":[5]}}""", "5]", "a CS value must be a string, not the number 5")]
    [InlineData("""{"00100010":{"vr":"PN","Value":[5]}}""", "5]", "a PN value must be an object")]
    [InlineData("""{"00200013":{"vr":"IS","Value":[1.5]}}""", "1.5", "a IS value must be an integer")]
    [InlineData("""{"00200013":{"vr":"IS","Value":[2147483648]}}""", "2147483648", "-2147483648 to 2147483647")]
    [InlineData("""{"00180050":{"vr":"DS","Value":["1,5"]}}""", "\"1,5\"", "a number or a decimal string")]
    [InlineData("""{"00209165":{"vr":"AT","Value":["0010,0010"]}}""", "\"0010,0010\"", "eight hex digits")]
    [InlineData("""{"00189087":{"vr":"FD","Value":[true]}}""", "true", "not a boolean")]
    public void Values_of_the_wrong_JSON_type(string json, string at, string messagePart)
    {
        var error = FailsStrict(json);
        Assert.EndsWith(".Value[0]", error.Path, StringComparison.Ordinal);
        Assert.Equal(json.IndexOf(at, StringComparison.Ordinal), error.BytePosition);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_path_names_nested_items_and_value_indices()
    {
        const string json = """{"00081115":{"vr":"SQ","Value":[{},{"00081140":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":["1.2",7]}}]}}]}}""";
        AssertAt(Fails(json), "$.00081115.Value[1].00081140.Value[0].00081150.Value[1]", "7]", json, "a UI value must be a string");
    }

    [Fact]
    public void The_path_names_the_index_in_a_top_level_array()
    {
        const string json = """[{"00100010":{"vr":"PN"}},{"00100010":{"vr":"PN","Value":[{"Alphabetic":"A","Nickname":"B"}]}}]""";
        var error = Assert.Throws<DicomJsonException>(() => DicomJson.DeserializeArray(json));
        AssertAt(error, "$[1].00100010.Value[0]", "\"Nickname\"", json, "is not a person name group");
    }

    [Theory]
    [InlineData("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe""")]
    [InlineData("""{"00100010":{"vr":"PN","Value":[""")]
    [InlineData("""{"00100010":""")]
    [InlineData("""{""")]
    [InlineData("")]
    public void Truncated_JSON(string json)
    {
        var error = Fails(json);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.BytePosition, 0, json.Length);
    }

    [Fact]
    public void Malformed_JSON_keeps_the_reader_error_as_inner_exception()
    {
        const string json = """{"00100010":{"vr":"PN",}}""";
        var error = Fails(json);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
        Assert.Equal("$.00100010", error.Path);
    }

    [Theory]
    [InlineData("AQI*")]
    [InlineData("AQI")]
    [InlineData("A===")]
    public void Invalid_base64(string base64)
    {
        string json = $$$"""{"7FE00010":{"vr":"OB","InlineBinary":"{{{base64}}}"}}""";
        AssertAt(Fails(json), "$.7FE00010", $"\"{base64}\"", json, "not valid base64");
    }

    [Theory]
    [InlineData("""{"7FE00010":{"vr":"OB","Value":["AQID"]}}""", "takes \"InlineBinary\" or \"BulkDataURI\", not \"Value\"")]
    [InlineData("""{"00080060":{"vr":"CS","InlineBinary":"AQID"}}""", "\"InlineBinary\" is only for")]
    [InlineData("""{"00100010":{"vr":"PN","BulkDataURI":"x"}}""", "\"BulkDataURI\" is not allowed for VR PN")]
    [InlineData("""{"00280010":{"vr":"US","Value":[1],"BulkDataURI":"x"}}""", "at most one of")]
    [InlineData("""{"00280010":{"vr":"US","Values":[1]}}""", "\"Values\" is not a member")]
    [InlineData("""{"00280010":{"vr":"US","Value":1}}""", "\"Value\" must be an array")]
    [InlineData("""{"00280010":["US"]}""", "must be an object with \"vr\"")]
    [InlineData("""[{"00280010":{"vr":"US"}}]""", "expected a DICOM JSON object")]
    [InlineData("""{"00091010":{"Value":["x"]}}""", "has no \"vr\" and the dictionary does not know its VR")]
    [InlineData("""{"00100010":{"vr":"PN","Value":["A=B=C=D"]}}""", "at most three")]
    public void Structural_errors(string json, string messagePart) =>
        Assert.Contains(messagePart, Fails(json).Message, StringComparison.Ordinal);

    [Fact]
    public void Trailing_content_after_the_object_is_an_error()
    {
        const string json = """{"00100010":{"vr":"PN"}} {}""";
        var error = Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(json));
        Assert.Equal(json.LastIndexOf('{'), error.BytePosition);
    }

    [Fact]
    public void Lenient_reads_keep_the_value()
    {
        // PN as a plain string (seen from some servers): read as the DICOM text form, written back canonically.
        var name = DicomJson.Deserialize("""{"00100010":{"vr":"PN","Value":["Doe^Jane=ドウ"]}}""");
        Assert.Equal("Doe^Jane", name.Get(PatientName)!.ToString());
        Assert.Equal("ドウ", name.Get(PatientName)!.Ideographic);
        Assert.Equal("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane","Ideographic":"ドウ"}]}}""", DicomJson.Serialize(name));

        // "vr" missing: taken from the dictionary; "vr" after "Value": checked once known.
        var noVR = DicomJson.Deserialize("""{"00200013":{"Value":[7]},"00280010":{"Value":[512],"vr":"US"},"7FE00010":{"InlineBinary":"AAA="}}""");
        Assert.Equal(7, noVR.Get(InstanceNumber));
        Assert.Equal((ushort)512, noVR.Get(Rows));
        Assert.True(noVR.TryGetElement(PixelData, out var pixel));
        Assert.Equal(DicomVR.OW, pixel.VR);
        Assert.Equal("""{"00200013":{"vr":"IS","Value":[7]},"00280010":{"vr":"US","Value":[512]},"7FE00010":{"vr":"OW","InlineBinary":"AAA="}}""", DicomJson.Serialize(noVR));

        const string late = """{"00280010":{"Value":["x"],"vr":"US"}}""";
        var lateVRWrongType = Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(late));
        Assert.Equal("$.00280010.Value[0]", lateVRWrongType.Path);
        Assert.Equal(late.IndexOf("\"x\"", StringComparison.Ordinal), lateVRWrongType.BytePosition);
    }

    [Fact]
    public void Reading_an_element_with_a_getter_of_another_VR_is_refused_with_a_clear_message()
    {
        var dataset = DicomJson.Deserialize("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"A"}]}}""");
        var error = Assert.Throws<InvalidOperationException>(() => dataset.Get(new StringTag(new DicomTag(0x0010, 0x0010), DicomVR.LO)));
        Assert.Contains("(0010,0010) has VR PN", error.Message, StringComparison.Ordinal);
    }
}
