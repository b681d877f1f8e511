using System.Text;
using DicomWeb.Json;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Json;

/// <summary>A model that refers to itself, so a typed data set can nest as deep as one likes.</summary>
[DicomJsonModel]
public partial record NestedItem
{
    public string? PatientID { get; init; }
    public IReadOnlyList<NestedItem> ReferencedSeriesSequence { get; init; } = [];
}

/// <summary>
/// Hostile DICOM JSON (#12): nesting, many keys out of order, bytes that are not UTF-8, values a
/// getter would choke on. Each is a DicomJsonException naming path and byte, never another exception.
/// </summary>
public class HardeningTests
{
    private const string Open = """{"00081115":{"vr":"SQ","Value":[""";
    private const string Close = "]}}";

    /// <summary>Sequences nested <paramref name="levels"/> deep (a sequence of the top-level data set is level 1).</summary>
    private static string Nested(int levels, string open = Open) =>
        new StringBuilder().Insert(0, open, levels).Append("{}").Insert(0, "", 0).Append(string.Concat(Enumerable.Repeat(Close, levels))).ToString() + "";

    private static string NestedPath(int levels) =>
        "$" + string.Concat(Enumerable.Repeat(".00081115.Value[0]", levels - 1)) + ".00081115";

    [Fact]
    public void Sequences_128_deep_are_read_and_written()
    {
        string json = Nested(128);
        DicomDataset dataset = DicomJson.Deserialize(json);
        Assert.Equal(json, DicomJson.Serialize(dataset));
        Assert.Single(DicomJson.DeserializeArray("[" + json + "]"));
        Assert.Empty(DicomJson.Deserialize<StudyRow>(Encoding.UTF8.GetBytes(json)).ModalitiesInStudy);
        NestedItem typed = DicomJson.Deserialize<NestedItem>(Encoding.UTF8.GetBytes(json));
        Assert.Equal(json, Encoding.UTF8.GetString(DicomJson.SerializeToUtf8Bytes(typed)));
    }

    [Theory]
    [InlineData(129)]
    [InlineData(5_000)]
    public void Deeper_sequences_are_refused_at_the_DICOM_limit_with_path_and_byte(int levels)
    {
        string json = Nested(levels);
        int at = 128 * Open.Length + Open.Length - 1; // the "[" of the 129th sequence
        foreach (Func<DicomJsonException> read in new Func<DicomJsonException>[]
        {
            () => Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(json)),
            () => Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize<NestedItem>(Encoding.UTF8.GetBytes(json))),
            () => Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize<StudyRow>(Encoding.UTF8.GetBytes(json))),
        })
        {
            DicomJsonException error = read();
            Assert.Contains("deeper than 128 levels (DicomJsonReadOptions.MaxSequenceDepth)", error.Message, StringComparison.Ordinal);
            Assert.Equal(NestedPath(129), error.Path);
            Assert.Equal(at, error.BytePosition);
        }

        var inArray = Assert.Throws<DicomJsonException>(() => DicomJson.DeserializeArray(new MemoryStream(Encoding.UTF8.GetBytes("[{}," + json + "]"))));
        Assert.Equal("$[1]" + NestedPath(129)[1..], inArray.Path);
        Assert.Equal(at + 4, inArray.BytePosition);
    }

    [Fact]
    public void The_depth_limit_is_an_option()
    {
        string json = Nested(200);
        Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(json));
        DicomDataset dataset = DicomJson.Deserialize(json, new DicomJsonReadOptions { MaxSequenceDepth = 200 });
        Assert.Throws<DicomJsonException>(() => DicomJson.Serialize(dataset));
        Assert.Equal(json, Encoding.UTF8.GetString(DicomJson.SerializeToUtf8Bytes(dataset, new DicomJsonWriteOptions { MaxSequenceDepth = 200 })));
        var shallow = Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(Nested(3), new DicomJsonReadOptions { MaxSequenceDepth = 2 }));
        Assert.Equal(NestedPath(3), shallow.Path);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DicomJsonReadOptions { MaxSequenceDepth = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DicomJsonReadOptions { MaxSequenceDepth = DicomJsonReadOptions.MaxAllowedSequenceDepth + 1 });
    }

    [Fact]
    public void Deep_nesting_with_vr_after_Value_is_refused_too()
    {
        string json = Nested(300, """{"00081115":{"Value":[""");
        var error = Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(json));
        Assert.Contains("MaxSequenceDepth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_sets_built_deeper_than_the_limit_are_a_DicomJsonException_when_written_not_a_crash()
    {
        DicomDataset Build(int levels)
        {
            var inner = new DicomDataset().Set(PatientID, "deepest");
            for (int i = 0; i < levels; i++)
                inner = new DicomDataset().Set(ReferencedSeriesSequence, inner);
            return inner;
        }

        Assert.Contains("deepest", DicomJson.Serialize(Build(128)), StringComparison.Ordinal);
        foreach (int levels in new[] { 129, 100_000 })
        {
            DicomDataset deep = Build(levels);
            var error = Assert.Throws<DicomJsonException>(() => DicomJson.SerializeToUtf8Bytes(deep));
            Assert.Contains("deeper than 128 levels", error.Message, StringComparison.Ordinal);
            Assert.StartsWith("$.00081115.Value[0].00081115", error.Path, StringComparison.Ordinal);
            Assert.Throws<DicomJsonException>(() => DicomJson.SerializeAsync(Stream.Null, deep).GetAwaiter().GetResult());
        }

        NestedItem model = new() { PatientID = "deepest" };
        for (int i = 0; i < 100_000; i++)
            model = new NestedItem { ReferencedSeriesSequence = [model] };
        Assert.Throws<DicomJsonException>(() => DicomJson.SerializeToUtf8Bytes(model));
    }

    [Fact]
    public void Two_hundred_thousand_keys_in_any_order_are_read_into_tag_order()
    {
        const int count = 200_000;
        uint TagOf(int i) => (uint)(0x0009 + 2 * (i >> 16)) << 16 | (uint)(i & 0xFFFF);
        var order = Enumerable.Range(0, count).ToArray();
        new Random(5).Shuffle(order);
        foreach (int[] keys in new[] { order, Enumerable.Range(0, count).Reverse().ToArray() })
        {
            var json = new StringBuilder("{");
            foreach (int i in keys)
                json.Append('"').Append(TagOf(i).ToString("X8")).Append("\":{\"vr\":\"LO\",\"Value\":[\"").Append(i).Append("\"]},");
            json[^1] = '}';
            DicomDataset dataset = DicomJson.Deserialize(json.ToString());
            Assert.Equal(count, dataset.Count);
            Assert.Equal(Enumerable.Range(0, count).Select(TagOf), dataset.Select(e => e.Tag.Value));
            Assert.Equal("12345", dataset.GetStrings(new DicomTag(TagOf(12345))).Single());
        }
    }

    [Fact]
    public void A_duplicate_among_keys_out_of_order_is_named_at_its_second_place()
    {
        const string json = """{"00100020":{"vr":"LO"},"00080020":{"vr":"DA"},"00100010":{"vr":"PN"},"00080020":{"vr":"DA"},"00080005":{"vr":"CS"}}""";
        var error = Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(json));
        Assert.Equal("$.00080020", error.Path);
        Assert.Equal(json.LastIndexOf("\"00080020\"", StringComparison.Ordinal), error.BytePosition);
        Assert.Contains("appears twice", error.Message, StringComparison.Ordinal);
    }

    private static byte[] With(string before, byte[] bad, string after) => [.. Encoding.UTF8.GetBytes(before), .. bad, .. Encoding.UTF8.GetBytes(after)];

    public static TheoryData<string, byte[]> BadText => new()
    {
        { "invalid UTF-8 in a value", With("{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"a", [0xFF, 0xFE], "\"]}}") },
        { "invalid UTF-8 in a key", With("{\"", [0xC3], "0100020\":{\"vr\":\"LO\"}}") },
        { "invalid UTF-8 in a member name", With("{\"00100020\":{\"vr\":\"LO\",\"", [0xFF], "\":1}}") },
        { "invalid UTF-8 in a PN group", With("{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"", [0xE2, 0x82], "\"}]}}") },
        { "invalid UTF-8 in a PN string", With("{\"00100010\":{\"vr\":\"PN\",\"Value\":[\"", [0xE2, 0x82], "\"]}}") },
        { "invalid UTF-8 in a BulkDataURI", With("{\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"http://x/", [0xFF], "\"}}") },
        { "invalid UTF-8 in a vr", With("{\"00100020\":{\"vr\":\"", [0xFF], "\"}}") },
        { "a lone surrogate escape in a value", """{"00100020":{"vr":"LO","Value":["\ud800"]}}"""u8.ToArray() },
        { "a lone surrogate escape in a key", """{"\ud800":{"vr":"LO"}}"""u8.ToArray() },
        { "a lone surrogate escape in a DS", """{"00180050":{"vr":"DS","Value":["\ud800"]}}"""u8.ToArray() },
        { "a lone surrogate escape in a US string", """{"00280010":{"vr":"US","Value":["\udc00"]}}"""u8.ToArray() },
        { "a PN string with four groups", """{"00100010":{"vr":"PN","Value":["A=B=C=D"]}}"""u8.ToArray() },
        { "a PN string with four groups, escaped", """{"00100010":{"vr":"PN","Value":["A\u003dB\u003dC\u003dD"]}}"""u8.ToArray() },
        { "a PN group given as a number", """{"00100010":{"vr":"PN","Value":[{"Alphabetic":5}]}}"""u8.ToArray() },
        { "a PN group twice", """{"00100010":{"vr":"PN","Value":[{"Alphabetic":"A","Alphabetic":"B"}]}}"""u8.ToArray() },
        { "an FD too large for a double", """{"00189087":{"vr":"FD","Value":[1e999]}}"""u8.ToArray() },
        { "an IS too large for an int", """{"00200013":{"vr":"IS","Value":["99999999999"]}}"""u8.ToArray() },
        { "a US string out of range", """{"00280010":{"vr":"US","Value":["70000"]}}"""u8.ToArray() },
        { "a US string that is not a number", """{"00280010":{"vr":"US","Value":["ten"]}}"""u8.ToArray() },
        { "vr twice", """{"00100020":{"vr":"LO","vr":"SH"}}"""u8.ToArray() },
        { "a duplicate key", """{"00100010":{"vr":"PN"},"00100010":{"vr":"PN"}}"""u8.ToArray() },
        { "an unknown VR", """{"00100010":{"vr":"XX"}}"""u8.ToArray() },
        { "content after the object", """{"00100010":{"vr":"PN"}} {}"""u8.ToArray() },
        { "a second object", """{"00100010":{"vr":"PN"}}{"00100010":{"vr":"PN"}}"""u8.ToArray() },
        { "an empty input", ""u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(BadText))]
    public void Bad_text_is_a_DicomJsonException_at_parse_time_in_every_reader(string what, byte[] json)
    {
        Assert.NotNull(what);
        var generic = Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(json));
        var typed = Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize<StudyRow>(json));
        Assert.Equal(generic.Path, typed.Path);
        Assert.Equal(generic.BytePosition, typed.BytePosition);
        Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize<NestedItem>(json));
        Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(new MemoryStream(json)));
        if (json.Length > 0)
        {
            byte[] array = [(byte)'[', .. json, (byte)']'];
            Assert.Throws<DicomJsonException>(() => DicomJson.DeserializeArray(array));
            Assert.Throws<DicomJsonException>(() => DicomJson.DeserializeArray<StudyRow>(array));
            Assert.Throws<DicomJsonException>(() => DicomJson.DeserializeArray(new MemoryStream(array)));
        }
    }

    [Fact]
    public void Values_that_were_accepted_are_read_by_their_getters_without_exceptions()
    {
        DicomDataset dataset = DicomJson.Deserialize("""
            {"00100010":{"vr":"PN","Value":["A\u003dB\u003dC", {"Alphabetic":"x=y"}]},
             "00100020":{"vr":"LO","Value":["\u00e9\ud83d\ude00"]},
             "00180050":{"vr":"DS","Value":[" 1e308 ", 1e308]},
             "00189087":{"vr":"FD","Value":["NaN", "-Infinity", " 2.5 "]},
             "00280010":{"vr":"US","Value":[" +10 "]}}
            """);
        Assert.Equal(new PersonName("A", "B", "C"), dataset.Get(PatientName));
        Assert.Equal("x=y", dataset.GetAll(PatientName)[1].Alphabetic);
        Assert.Equal("é😀", dataset.Get(PatientID));
        Assert.Equal([1e308, 1e308], dataset.GetAll(SliceThickness));
        Assert.Equal([double.NaN, double.NegativeInfinity, 2.5], dataset.GetAll(DiffusionBValue));
        Assert.Equal((ushort)10, dataset.Get(Rows));
    }
}
