using System.Text;
using DicomWeb.Json;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Json;

/// <summary>
/// #13: what real servers send beside Annex F is read by default and written back canonically;
/// DicomJsonReadOptions.Strict refuses each of these shapes; hostile input is refused in both modes.
/// The shapes are written here from the descriptions in docs/dicom-json.md, not copied from any project.
/// </summary>
public class InteroperabilityTests
{
    private static readonly DicomJsonReadOptions Strict = new() { Strict = true };

    public static TheoryData<string, string, string> Tolerated => new()
    {
        { "US, SS, UL, SL as strings", """{"00280010":{"vr":"US","Value":["10"]},"00280106":{"vr":"SS","Value":[" -5 "]},"00281052":{"vr":"DS","Value":["1"]},"00460021":{"vr":"UL","Value":["+7"]},"00460028":{"vr":"SL","Value":["-2147483648"]}}""",
          """{"00280010":{"vr":"US","Value":[10]},"00280106":{"vr":"SS","Value":[-5]},"00281052":{"vr":"DS","Value":[1]},"00460021":{"vr":"UL","Value":[7]},"00460028":{"vr":"SL","Value":[-2147483648]}}""" },
        { "FL and FD as strings, NaN and infinities", """{"00189087":{"vr":"FD","Value":["1.5","NaN","-Infinity","Infinity"," 2 "]},"00189089":{"vr":"FL","Value":["0.25"]}}""",
          """{"00189087":{"vr":"FD","Value":[1.5,"NaN","-Infinity","Infinity",2]},"00189089":{"vr":"FL","Value":[0.25]}}""" },
        { "a PN as a plain string", """{"00100010":{"vr":"PN","Value":["Doe^Jane=ドウ^ジェーン"]}}""",
          """{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane","Ideographic":"ドウ^ジェーン"}]}}""" },
        { "keys in lowercase hex", """{"0020000d":{"vr":"UI","Value":["1.2"]},"7fe00010":{"vr":"OW","InlineBinary":"AAAA"}}""",
          """{"0020000D":{"vr":"UI","Value":["1.2"]},"7FE00010":{"vr":"OW","InlineBinary":"AAAA"}}""" },
        { "keyword and name beside vr", """{"00080020":{"vr":"DA","keyword":"StudyDate","name":"Study Date","Value":["20250115"]}}""",
          """{"00080020":{"vr":"DA","Value":["20250115"]}}""" },
        { "[null] and [\"\"] for an empty value", """{"00080020":{"vr":"DA","Value":[null]},"00100020":{"vr":"LO","Value":[""]},"00100010":{"vr":"PN","Value":[{"Alphabetic":""}]}}""",
          """{"00080020":{"vr":"DA"},"00100010":{"vr":"PN"},"00100020":{"vr":"LO"}}""" },
        { "a lone item where the items array should be", """{"00081115":{"vr":"SQ","Value":{"0020000E":{"vr":"UI","Value":["1.2.3"]}}}}""",
          """{"00081115":{"vr":"SQ","Value":[{"0020000E":{"vr":"UI","Value":["1.2.3"]}}]}}""" },
        { "a null item", """{"00081115":{"vr":"SQ","Value":[null]}}""", """{"00081115":{"vr":"SQ","Value":[{}]}}""" },
        { "no vr (taken from the dictionary)", """{"00100020":{"Value":["x"]}}""", """{"00100020":{"vr":"LO","Value":["x"]}}""" },
        { "a keyword as the key", """{"PatientID":{"vr":"LO","Value":["x"]}}""", """{"00100020":{"vr":"LO","Value":["x"]}}""" },
        { "line-wrapped base64", """{"7FE00010":{"vr":"OB","InlineBinary":"AAEC\nAwQF"}}""", """{"7FE00010":{"vr":"OB","InlineBinary":"AAECAwQF"}}""" },
        { "AT in lowercase hex", """{"00209165":{"vr":"AT","Value":["0010001a"]}}""", """{"00209165":{"vr":"AT","Value":["0010001A"]}}""" },
    };

    [Theory]
    [MemberData(nameof(Tolerated))]
    public void Tolerated_shapes_are_read_by_default_written_canonically_and_refused_when_strict(string what, string json, string canonical)
    {
        Assert.NotNull(what);
        DicomDataset dataset = DicomJson.Deserialize(json);
        Assert.Equal(canonical, DicomJson.Serialize(dataset));
        // NaN and the infinities have no JSON number: they stay strings, which only the tolerant mode reads.
        Assert.Equal(canonical, DicomJson.Serialize(DicomJson.Deserialize(canonical, canonical.Contains("NaN", StringComparison.Ordinal) ? null : Strict)));
        Assert.Equal(dataset, DicomJson.Deserialize(canonical));

        var strict = Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(json, Strict));
        Assert.Contains("Strict", strict.Message, StringComparison.Ordinal);
        Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize<InstanceRow>(Encoding.UTF8.GetBytes(json), Strict));
        Assert.Throws<DicomJsonException>(() => DicomJson.DeserializeArray("[" + json + "]", Strict));
        DicomJson.Deserialize<InstanceRow>(Encoding.UTF8.GetBytes(json));
    }

    [Fact]
    public void A_metadata_response_in_the_shapes_servers_send_reads_generically_and_typed()
    {
        // US as strings, a PN string, lowercase keys, extra members, [null]: as a server might answer.
        const string response = """
            [{"00080018":{"vr":"UI","Value":["1.2.3.4"]},"00080020":{"vr":"DA","keyword":"StudyDate","Value":[null]},
              "0020000d":{"vr":"UI","Value":["1.2.3"]},"00100010":{"vr":"PN","Value":["Doe^Jane"]},
              "00200013":{"vr":"IS","Value":["4"]},"00280010":{"vr":"US","Value":["512"]},"00280011":{"vr":"US","Value":["256"]}}]
            """;
        DicomDataset instance = Assert.Single(DicomJson.DeserializeArray(response));
        Assert.Equal((ushort)512, instance.Get(Rows));
        Assert.Equal("Doe^Jane", instance.Get(PatientName)?.ToString());
        Assert.Equal("1.2.3", instance.Get(StudyInstanceUID));
        Assert.Null(instance.Get(StudyDate));

        InstanceRow row = Assert.Single(DicomJson.DeserializeArray<InstanceRow>(Encoding.UTF8.GetBytes(response)));
        Assert.Equal((ushort)512, row.Rows);
        Assert.Equal(4, row.Number);
        Assert.Equal("1.2.3.4", row.SOPInstanceUID);
        StudyRow study = Assert.Single(DicomJson.DeserializeArray<StudyRow>(Encoding.UTF8.GetBytes(response)));
        Assert.Equal("Doe^Jane", study.PatientName?.ToString());
        Assert.Equal("1.2.3", study.StudyInstanceUID);

        Assert.Throws<DicomJsonException>(() => DicomJson.DeserializeArray(response, Strict));
        Assert.Throws<DicomJsonException>(() => DicomJson.DeserializeArray<InstanceRow>(Encoding.UTF8.GetBytes(response), Strict));
    }

    [Theory]
    [InlineData("""{"00280010":{"vr":"US","Value":["ten"]}}""", "\"ten\"")]
    [InlineData("""{"00280010":{"vr":"US","Value":["1.5"]}}""", "\"1.5\"")]
    [InlineData("""{"00280010":{"vr":"US","Value":["-1"]}}""", "\"-1\"")]
    [InlineData("""{"00189087":{"vr":"FD","Value":["1,5"]}}""", "\"1,5\"")]
    [InlineData("""{"00189087":{"vr":"FD","Value":["nan"]}}""", "\"nan\"")]
    [InlineData("""{"00100010":{"vr":"PN","Value":["A=B=C=D"]}}""", "\"A=B=C=D\"")]
    [InlineData("""{"00100020":{"vr":"LO","Value":["x"],"Values":["y"]}}""", "\"Values\"")]
    [InlineData("""{"0010002x":{"vr":"LO"}}""", "\"0010002x\"")]
    public void Hostile_or_meaningless_values_are_refused_in_both_modes_with_path_and_byte(string json, string at)
    {
        foreach (DicomJsonReadOptions options in new[] { new DicomJsonReadOptions(), Strict })
        {
            var error = Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(json, options));
            Assert.Equal(json.IndexOf(at, StringComparison.Ordinal), error.BytePosition);
            Assert.StartsWith("$", error.Path, StringComparison.Ordinal);
            Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize<InstanceRow>(Encoding.UTF8.GetBytes(json), options));
        }
    }

    [Fact]
    public void Canonical_input_is_read_the_same_in_both_modes()
    {
        var random = new Random(13);
        for (int i = 0; i < 50; i++)
        {
            byte[] canonical = DicomJson.SerializeToUtf8Bytes(SyntheticDatasets.Random(random, depth: 1));
            Assert.Equal(canonical, DicomJson.SerializeToUtf8Bytes(DicomJson.Deserialize(canonical, Strict)));
            Assert.Equal(canonical, DicomJson.SerializeToUtf8Bytes(DicomJson.Deserialize(canonical)));
        }
    }
}
