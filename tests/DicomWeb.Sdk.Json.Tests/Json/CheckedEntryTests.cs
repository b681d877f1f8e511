using System.Globalization;
using System.Text;
using DicomWeb.Json;

namespace DicomWeb.Sdk.Json.Tests.Json;

/// <summary>A property of every codec a model can have, one value and all values, for the readers over checked bytes.</summary>
[DicomJsonModel]
public partial record EveryCodecRow
{
    public string? PatientID { get; init; }
    public string AccessionNumber { get; init; } = "";
    public IReadOnlyList<string> ModalitiesInStudy { get; init; } = [];
    public PersonName? PatientName { get; init; }
    public PersonName ReferringPhysicianName { get; init; } = PersonName.Empty;
    public IReadOnlyList<PersonName> NameOfPhysiciansReadingStudy { get; init; } = [];
    public DicomDate? StudyDate { get; init; }
    public DateOnly? ContentDate { get; init; }
    public DicomTime? StudyTime { get; init; }
    public TimeOnly? ContentTime { get; init; }
    public DicomDateTime? AcquisitionDateTime { get; init; }
    public DateTimeOffset? FrameAcquisitionDateTime { get; init; }
    public int? InstanceNumber { get; init; }
    public long? NumberOfStudyRelatedInstances { get; init; }
    public uint? NumberOfWaveformSamples { get; init; }
    public IReadOnlyList<ulong> SimpleFrameList { get; init; } = [];
    public IReadOnlyList<long?> SelectorSVValue { get; init; } = [];
    public short? TagAngleSecondAxis { get; init; }
    public ushort Rows { get; init; }
    public double[] ImagePositionPatient { get; init; } = [];
    public double? DiffusionBValue { get; init; }
    public float? RecommendedDisplayFrameRateInFloat { get; init; }
    public DicomTag? DimensionIndexPointer { get; init; }
    public IReadOnlyList<DicomTag?> FrameIncrementPointer { get; init; } = [];
}

/// <summary>
/// The typed models read checked values straight from their bytes (DicomJsonModelReader's
/// CheckedEntryReader overloads) and fall back to a Utf8JsonReader for what those do not take.
/// Both ways must give the same models and the same errors as the general parser's path, which
/// reads every value with a Utf8JsonReader.
/// </summary>
public class CheckedEntryTests
{
    // Values of each attribute, in the forms servers write: plain, empty, several, escaped, tolerated
    // forms (a number in a string, a name as a string), null entries, and some that must be refused.
    private static readonly (string Key, string VR, string[] Values)[] Attributes =
    [
        ("00100020", "LO", ["\"P-1\"", "\"\"", "\"Smith, John\"", "\"caf\\u00e9\"", "\"a\\\"b\"", "\"café ü\"", "null, \"x\"", "\"a\",\"b\""]),
        ("00080050", "SH", ["\"ACC1\"", "\"\"", "null", "\"A\\/B\""]),
        ("00080061", "CS", ["\"CT\"", "\"CT\",\"PT\"", "\"CT\", \"\" ,\"MR\"", "null,\"SR\"", "\"C\\u0054\""]),
        ("00100010", "PN", ["{\"Alphabetic\":\"Doe^Jane\"}", "{\"Alphabetic\":\"Yamada^Tarou\",\"Ideographic\":\"山田^太郎\",\"Phonetic\":\"やまだ^たろう\"}",
            "{\"Phonetic\":\"P\", \"Alphabetic\" : \"A\"}", "{}", "\"Doe^John\"", "null", "{\"Alphabetic\":\"M\\u00fcller\"}", "{\"Alphabetic\":\"\"}"]),
        ("00080090", "PN", ["{\"Alphabetic\":\"Ref^Doc\"}", "{}", "null", "\"Plain^Name=Ideo\""]),
        ("00081060", "PN", ["{\"Alphabetic\":\"A\"},{\"Alphabetic\":\"B\"}", "{\"Alphabetic\":\"A\"},null", "{\"Ideographic\":\"I\"}"]),
        ("00080020", "DA", ["\"20250115\"", "\"\"", "\"2025011\"", "\"20251315\"", "\"20250115\",\"20250116\""]),
        ("00080023", "DA", ["\"20250115\"", "\"\"", "\"19000101\""]),
        ("00080030", "TM", ["\"101530\"", "\"1015\"", "\"101530.123456\"", "\"\"", "\"25\""]),
        ("00080033", "TM", ["\"101530\"", "\"10\"", "\"235959.999999\""]),
        ("0008002A", "DT", ["\"20250115101530\"", "\"2025\"", "\"20250115101530+0100\"", "\"\""]),
        ("00189074", "DT", ["\"20250115101530\"", "\"20250115101530.5-0500\"", "\"2025\""]),
        ("00200013", "IS", ["1", "-7", "\"42\"", "\" 42 \"", "2147483647", "2147483648", "1,2", "null", "\"+3\""]),
        ("00201208", "IS", ["300", "\"300\"", "-2147483648"]),
        ("003A0010", "UL", ["4294967295", "0", "4294967296", "-1"]),
        ("00081161", "UL", ["1,2,3", "7", "1, 2 ,3", "null"]),
        ("00720082", "SV", ["-9223372036854775808,9223372036854775807", "1,null,2", "\"5\""]),
        ("00189219", "SS", ["-32768", "32767", "32768"]),
        ("00280010", "US", ["512", "0", "65535", "65536", "-1", "\"512\""]),
        ("00200032", "DS", ["1.5,-2.25,3e2", "\"1.5\",\"2\",\"3\"", "0,0,0", "1,2,\"NaN\""]),
        ("00189087", "FD", ["1000", "1.7976931348623157e308", "-0.0", "\"Infinity\"", "1e400"]),
        ("00089459", "FL", ["29.97", "3.5e38", "1e-50", "\"-Infinity\""]),
        ("00209165", "AT", ["\"00100010\"", "\"0010abcd\"", "\"0010001\"", "\"00\\u00310010\""]),
        ("00280009", "AT", ["\"00181063\",\"00181065\"", "\"00181063\",null", "\"7FE00010\""]),
    ];

    [Fact]
    public void Every_codec_reads_checked_bytes_as_the_general_path_reads_tokens()
    {
        int objects = Attributes.Max(a => a.Values.Length) * 4;
        var random = new Random(26);
        int compared = 0, refusedAlike = 0;
        foreach (bool pretty in new[] { false, true })
        {
            for (int k = 0; k < objects; k++)
            {
                // Each object: every attribute with one of its values, the values chosen so every one of them is read in some object.
                byte[] json = Encoding.UTF8.GetBytes(Array(Attributes.Select((a, i) => (a.Key, a.VR, a.Values[(k + i * random.Next(1, 3)) % a.Values.Length])), pretty));
                string expected = Outcome(() => DicomJson.DeserializeArrayGeneral<EveryCodecRow>(json, new DicomJsonReadOptions()));
                string actual = Outcome(() => DicomJson.DeserializeArray<EveryCodecRow>(json));
                Assert.True(expected == actual, $"input: {Encoding.UTF8.GetString(json)}\ngeneral: {expected}\nchecked: {actual}");
                compared++;
                if (expected.StartsWith("refused", StringComparison.Ordinal))
                    refusedAlike++;
            }
        }
        // Both kinds of outcome were compared: the inputs are not all refused, nor all accepted.
        Assert.InRange(refusedAlike, 1, compared - 1);
    }

    [Fact]
    public void Each_value_alone_is_read_as_the_general_path_reads_it()
    {
        int accepted = 0;
        foreach ((string key, string vr, string[] values) in Attributes)
        {
            foreach (string value in values)
            {
                foreach (bool pretty in new[] { false, true })
                {
                    byte[] json = Encoding.UTF8.GetBytes(Array([(key, vr, value)], pretty));
                    string expected = Outcome(() => DicomJson.DeserializeArrayGeneral<EveryCodecRow>(json, new DicomJsonReadOptions()));
                    string actual = Outcome(() => DicomJson.DeserializeArray<EveryCodecRow>(json));
                    string stream = Outcome(() => DicomJson.DeserializeAsyncEnumerable<EveryCodecRow>(new MemoryStream(json)).ToBlockingEnumerable().ToList());
                    Assert.True(expected == actual, $"input: {Encoding.UTF8.GetString(json)}\ngeneral: {expected}\nchecked: {actual}");
                    // A stream names an error's place by its offset in the stream: refused alike is enough there.
                    Assert.True(expected == stream || (Refused(expected) && Refused(stream)),
                        $"input: {Encoding.UTF8.GetString(json)}\ngeneral: {expected}\nstream: {stream}");
                    if (!Refused(expected))
                        accepted++;
                }
            }
        }
        Assert.True(accepted > 100, $"only {accepted} values were accepted: the comparison says little");
    }

    [Fact]
    public void The_common_forms_are_read_from_their_bytes_with_their_values()
    {
        Assert.True(DicomJsonModelReader.String("\"1.2.840.10008\""u8, out string? uid));
        Assert.Equal("1.2.840.10008", uid);
        Assert.True(DicomJsonModelReader.String("\"\""u8, out string? empty));
        Assert.Null(empty);
        Assert.True(DicomJsonModelReader.StringOrEmpty("\"\""u8, out string notNull));
        Assert.Equal("", notNull);
        Assert.True(DicomJsonModelReader.String("\"café\""u8, out string? accented));
        Assert.Equal("café", accented);
        Assert.True(DicomJsonModelReader.PersonName("{ \"Phonetic\" : \"P\" , \"Alphabetic\":\"Doe^Jane\",\"Ideographic\":\"I\" }"u8, out PersonName name));
        Assert.Equal(("Doe^Jane", "I", "P"), (name.Alphabetic, name.Ideographic, name.Phonetic));
        Assert.True(DicomJsonModelReader.PersonNameOrNull("{}"u8, out PersonName? none));
        Assert.Null(none);
        Assert.True(DicomJsonModelReader.Int32("-42"u8, out int? number));
        Assert.Equal(-42, number);
        Assert.True(DicomJsonModelReader.Double("3e2"u8, out double? real));
        Assert.Equal(300.0, real);
        Assert.True(DicomJsonModelReader.UInt16("65535"u8, out ushort? rows));
        Assert.Equal((ushort)65535, rows);
        Assert.True(DicomJsonModelReader.DicomDate("\"20250115\""u8, out DicomDate? date));
        Assert.Equal("20250115", date?.ToString());
        Assert.True(DicomJsonModelReader.DateOnly("\"20250115\""u8, out DateOnly? day));
        Assert.Equal(new DateOnly(2025, 1, 15), day);
        Assert.True(DicomJsonModelReader.Tag("\"7FE00010\""u8, out DicomTag? tag));
        Assert.Equal(new DicomTag(0x7FE00010), tag);
    }

    [Theory]
    [InlineData("\"a\\\"b\"")] // an escape: decoded by the Utf8JsonReader's path
    [InlineData("\"caf\\u00e9\"")]
    [InlineData("null")]
    [InlineData("42")] // a number where a string is read: the Utf8JsonReader's path gives its text
    public void Strings_it_does_not_decode_are_left_to_the_tokens(string entry) =>
        Assert.False(DicomJsonModelReader.String(Encoding.UTF8.GetBytes(entry), out _));

    [Theory]
    [InlineData("\"42\"")] // a number in a string, tolerated: trimmed and checked on the Utf8JsonReader's path
    [InlineData("null")]
    [InlineData("2147483648")] // does not fit: the Utf8JsonReader's path names the value's place
    [InlineData("1.5")]
    public void Numbers_it_does_not_take_are_left_to_the_tokens(string entry) =>
        Assert.False(DicomJsonModelReader.Int32(Encoding.UTF8.GetBytes(entry), out _));

    [Theory]
    [InlineData("\"Doe^Jane\"")] // a plain string, tolerated
    [InlineData("null")]
    [InlineData("{\"Alphabetic\":\"M\\u00fcller\"}")]
    [InlineData("{\"Alphabetic\":null}")]
    [InlineData("{\"Nickname\":\"x\"}")]
    [InlineData("{\"Alphabetic\":\"A\" \"Phonetic\":\"P\"}")] // no comma: not JSON (never so once checked)
    [InlineData("{\"Alphabetic\":\"A\",}")]
    [InlineData("{\"Alphabetic\":\"A\"")]
    public void Names_it_does_not_take_are_left_to_the_tokens(string entry) =>
        Assert.False(DicomJsonModelReader.PersonName(Encoding.UTF8.GetBytes(entry), out _));

    [Fact]
    public void A_date_that_does_not_convert_is_left_to_the_tokens_whose_error_names_its_place()
    {
        Assert.False(DicomJsonModelReader.DateOnly("\"20251315\""u8, out _));
        byte[] json = Encoding.UTF8.GetBytes(Array([("00080023", "DA", "\"20251315\"")], pretty: false));
        var error = Assert.Throws<DicomJsonException>(() => DicomJson.DeserializeArray<EveryCodecRow>(json));
        Assert.Equal("$[0].00080023", error.Path);
    }

    [Theory]
    [InlineData("[\"1.2.3\"]", "1.2.3")]
    [InlineData("[ \"1.2.3\" ]", "1.2.3")] // Orthanc keeps a short array on one line, spaced
    [InlineData("[\n   \"1.2.3\"\n]", "1.2.3")]
    [InlineData("[ \"1.2.3\" ],\n \"vr\" : \"UI\"\n}", "1.2.3")] // "Value" before "vr": the array is not the attribute's end
    [InlineData("[\"Smith, John\",\"[x]\"]", "Smith, John|[x]")]
    [InlineData("[\"a\", \"\" ,\"b\"]", "a||b")]
    public void Entries_are_found_in_every_layout(string array, string expected)
    {
        Assert.True(CheckedValueArray.TryAll<string>(Encoding.UTF8.GetBytes(array), DicomJsonModelReader.StringOrEmpty, out string[] all));
        Assert.Equal(expected, string.Join("|", all));
        Assert.True(CheckedValueArray.TryFirst<string>(Encoding.UTF8.GetBytes(array), DicomJsonModelReader.StringOrEmpty, out string? first));
        Assert.Equal(expected.Split('|')[0], first);
    }

    [Theory]
    [InlineData("[\"a\",\"b\\\"c\"]")] // an escape in a later entry: the whole attribute goes the Utf8JsonReader's way
    [InlineData("[\"a\",null]")]
    [InlineData("[\"a\"")] // cut short (never so once checked; refused all the same)
    public void An_array_with_an_entry_it_does_not_take_is_left_whole_to_the_tokens(string array)
    {
        Assert.False(CheckedValueArray.TryAll<string>(Encoding.UTF8.GetBytes(array), DicomJsonModelReader.StringOrEmpty, out _));
        Assert.False(CheckedValueArray.TryFirst<string>(Encoding.UTF8.GetBytes(array), DicomJsonModelReader.StringOrEmpty, out _));
    }

    private static bool Refused(string outcome) => outcome.StartsWith("refused", StringComparison.Ordinal);

    private static string Array(IEnumerable<(string Key, string VR, string Value)> attributes, bool pretty)
    {
        string space = pretty ? "\n    " : "";
        string entries = string.Join(",", attributes.Select(a => $"{space}\"{a.Key}\":{{\"vr\":\"{a.VR}\",\"Value\":[{(pretty ? " " + a.Value + " " : a.Value)}]}}"));
        return $"[{{{entries}{(pretty ? "\n" : "")}}}]";
    }

    private static string Outcome(Func<IReadOnlyList<EveryCodecRow>> read)
    {
        try
        {
            return string.Join("\n", read().Select(Describe));
        }
        catch (Exception e)
        {
            return $"refused {e.GetType().Name}: {e.Message}";
        }
    }

    // Every property, as its own type prints it (the model's JSON writer would hide null against empty).
    private static string Describe(EveryCodecRow row) => string.Join(" ", typeof(EveryCodecRow).GetProperties()
        .Where(p => p.Name != "EqualityContract")
        .Select(p => $"{p.Name}={Format(p.GetValue(row))}"));

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        PersonName n => $"({Format(n.Alphabetic)},{Format(n.Ideographic)},{Format(n.Phonetic)})",
        System.Collections.IEnumerable many => "[" + string.Join("|", many.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
