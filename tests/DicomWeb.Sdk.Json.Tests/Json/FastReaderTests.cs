using System.Buffers;
using System.Text;
using System.Text.Json;
using DicomWeb.Json;
using DicomWeb.Tests;
using Xunit;

namespace DicomWeb.Sdk.Json.Tests.Json;

/// <summary>
/// DicomJsonFastReader: which input it reads itself (the shapes DicomJson and servers write) and
/// where it gives up to the general parser. That the two give the same data sets and errors is
/// FastPathDifferentialTests' job; here: that the fast path is really taken, so a change that
/// makes it give up on usual input shows as a failure rather than as a slower benchmark.
/// </summary>
public class FastReaderTests
{
    private static readonly DicomJsonReadOptions Options = DicomJsonReadOptions.Default;

    private static bool Fast(string json, out List<DicomDataset> datasets, DicomJsonReadOptions? options = null)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        return DicomJsonFastReader.TryReadArray(bytes, new ParseContext(bytes.Length, options ?? Options), out datasets);
    }

    private static byte[] Canonical(IEnumerable<DicomDataset> datasets) => DicomJson.SerializeToUtf8Bytes(datasets);

    private static byte[] Indented(byte[] json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            document.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Keys_read_every_byte_in_every_place_as_hex_parsing_does()
    {
        // TagKeys reads keys by table: each of the 256 byte values, at each of the 8 places, against .NET's hex parsing.
        for (int place = 0; place < 8; place++)
        {
            for (int b = 0; b < 256; b++)
            {
                byte[] key = "\"0008a0F0\""u8.ToArray();
                key[1 + place] = (byte)b;
                int p = 0;
                bool read = TagKeys.TryReadKey(key, ref p, out uint tag, out bool lowercase);
                string digits = Encoding.Latin1.GetString(key, 1, 8);
                bool hex = digits.All(char.IsAsciiHexDigit); // not uint.TryParse, which takes trailing NULs
                Assert.True(read == hex, $"byte {b:X2} at {place}");
                if (!hex)
                    continue;
                Assert.Equal(Convert.ToUInt32(digits, 16), tag);
                Assert.Equal(10, p);
                Assert.Equal(key.AsSpan(1, 8).IndexOfAnyInRange((byte)'a', (byte)'f') >= 0, lowercase);
            }
        }
    }

    [Fact]
    public void Reads_what_DicomJson_writes_compact_and_indented_into_the_same_data_sets_as_the_general_parser()
    {
        var random = new Random(2112);
        int taken = 0;
        for (int n = 0; n < 300; n++)
        {
            DicomDataset dataset = SyntheticDatasets.Random(random, 0);
            byte[] compact = Canonical([dataset]);
            foreach (byte[] json in new[] { compact, Indented(compact) })
            {
                bool fast = DicomJsonFastReader.TryReadArray(json, new ParseContext(json.Length, Options), out List<DicomDataset> read);
                // Escapes too (the synthetic words have quotes, backslashes, tabs): everything DicomJson writes is read here.
                Assert.True(fast, Encoding.UTF8.GetString(json));
                taken++;
                Assert.Equal(dataset, Assert.Single(read));
                Assert.Equal(DicomJsonParser.ParseArrayGeneral(json, Options)[0], read[0]);
            }
        }
        Assert.Equal(600, taken);
    }

    [SharedDataFact("corpus/json")]
    public void Reads_the_corpus_samples_as_servers_write_them()
    {
        string[] files = Directory.GetFiles(Path.Combine(RepositoryPaths.Shared, "corpus", "json"), "*.json");
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            byte[] json = File.ReadAllBytes(file);
            bool array = json.AsSpan().TrimStart(" \t\r\n"u8)[0] == '[';
            var context = new ParseContext(json.Length, Options);
            bool fast = array ? DicomJsonFastReader.TryReadArray(json, context, out _) : DicomJsonFastReader.TryReadObject(json, context, out _);
            Assert.True(fast, $"{Path.GetFileName(file)} was left to the general parser");
        }
    }

    [Theory]
    [InlineData("""[{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]}}]""", true)]
    [InlineData("""[]""", true)]
    [InlineData(""" [ { } , { "00280010" : { "vr" : "US" , "Value" : [ 512 ] } } ] """, true)]
    [InlineData("""[{"00200032":{"vr":"DS","Value":["-250.5",1.25e2]}}]""", true)]
    [InlineData("""[{"00201208":{"vr":"IS","Value":["12"]}}]""", true)]
    [InlineData("""[{"00080061":{"vr":"CS","Value":[]}}]""", true)]
    [InlineData("""[{"00081140":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":["1.2"]}}]}}]""", true)]
    [InlineData("""[{"7FE00010":{"vr":"OW","InlineBinary":"AAECAw=="}}]""", true)]
    [InlineData("""[{"7FE00010":{"vr":"OW","BulkDataURI":"http://h/bulk/7FE00010"}}]""", true)]
    [InlineData("""[{"00100010":{"vr":"PN","Value":["Doe^Jane"]}}]""", false)] // a plain-string PN: tolerated by the general parser
    [InlineData("""[{"00100020":{"vr":"LO","Value":["a\u0041"]}}]""", true)] // an escape
    [InlineData("""[{"00100020":{"vr":"LO","Value":["a\ud800"]}}]""", false)] // an escape that is not UTF-16: refused by the general parser
    [InlineData("""[{"00100020":{"vr":"LO","Value":["a\x"]}}]""", false)] // not an escape
    [InlineData("""[{"0010001a":{"vr":"LO","Value":["x"]}}]""", true)] // lowercase hex, tolerated
    [InlineData("""[{"\u0030010001A":{"vr":"LO","Value":["x"]}}]""", false)] // an escaped key
    [InlineData("""[{"PatientID":{"vr":"LO","Value":["x"]}}]""", false)] // a keyword for a key
    [InlineData("""[{"00100020":{"Value":["x"],"vr":"LO"}}]""", true)] // "vr" after "Value", as Orthanc writes
    [InlineData("""[{"00081140":{"Value":[{"00081150":{"Value":["1.2"],"vr":"UI"}}],"vr":"SQ"}}]""", true)]
    [InlineData("""[{"7FE00010":{"BulkDataURI":"http:\/\/h\/bulk","vr":"OW"}}]""", true)]
    [InlineData("""[{"7FE00010":{"InlineBinary":"AA\/A","vr":"OB"}}]""", true)] // an escaped '/' in base64
    [InlineData("""[{"00100020":{"Value":["x"]}}]""", false)] // no "vr": taken from the dictionary by the general parser
    [InlineData("""[{"00100020":{"vr":"LO","keyword":"PatientID","Value":["x"]}}]""", false)]
    [InlineData("""[{"00280010":{"vr":"US","Value":["512"]}}]""", true)] // a number as a string, tolerated
    [InlineData("""[{"00201208":{"vr":"IS","Value":["\u0034\u0032"]}}]""", true)] // escaped digits
    [InlineData("""[{"00280010":{"vr":"US","Value":[65536]}}]""", false)] // out of range: the general parser names it
    [InlineData("""[{"00100020":{"vr":"LO","Value":[null]}}]""", true)]
    [InlineData("""[{"00081140":{"vr":"SQ","Value":[null]}}]""", false)] // a null item
    [InlineData("""[{"00081140":{"vr":"SQ","Value":{"00081150":{"vr":"UI","Value":["1.2"]}}}}]""", false)] // a lone item
    [InlineData("""[{"7FE00010":{"vr":"OW","InlineBinary":"AAEC Aw=="}}]""", false)] // whitespace in base64
    [InlineData("""[{"00100020":{"vr":"LO","Value":["x"]},"00100020":{"vr":"LO","Value":["y"]}}]""", false)] // a duplicate
    [InlineData("""{"00100020":{"vr":"LO","Value":["x"]}}""", false)] // a single object where an array belongs
    [InlineData("""[{"00100020":{"vr":"LO","Value":["x"]}},]""", false)] // a trailing comma
    [InlineData("""[{"00100020":{"vr":"LO","Value":["x"]}}] x""", false)]
    public void Takes_the_usual_shapes_and_gives_up_on_the_rest(string json, bool taken) =>
        Assert.Equal(taken, Fast(json, out _));

    [Fact]
    public void Gives_up_on_sequences_deeper_than_the_limit_and_on_a_sole_empty_value_when_strict()
    {
        const string nested = """[{"00081140":{"vr":"SQ","Value":[{"00081140":{"vr":"SQ","Value":[{}]}}]}}]""";
        Assert.True(Fast(nested, out _, new DicomJsonReadOptions { MaxSequenceDepth = 2 }));
        Assert.False(Fast(nested, out _, new DicomJsonReadOptions { MaxSequenceDepth = 1 }));
        const string soleEmpty = """[{"00100020":{"vr":"LO","Value":[""]}}]""";
        Assert.True(Fast(soleEmpty, out List<DicomDataset> read));
        Assert.False(read[0].TryGetElement(DicomTags.PatientID, out DicomElement element) && element.Form != DicomValueForm.Empty);
        Assert.False(Fast(soleEmpty, out _, new DicomJsonReadOptions { Strict = true }));
    }

    [Fact]
    public void Sorts_attributes_out_of_order_as_the_general_parser_does()
    {
        Assert.True(Fast("""[{"00100020":{"vr":"LO","Value":["b"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"a"}]}}]""", out List<DicomDataset> read));
        Assert.Equal([0x00100010u, 0x00100020u], read[0].Select(e => e.Tag.Value));
    }

    [Fact]
    public void Marks_values_canonical_only_where_they_can_be_written_as_they_came()
    {
        const string json = """[{"00080061":{"vr":"CS","Value":["CT","MR"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe"}]},"00100020":{"vr":"LO","Value":["é"]},"00200032":{"vr":"DS","Value":["1.5"]},"00201208":{"vr":"IS","Value":[ 3 ]},"00280010":{"vr":"US","Value":[512]}}]""";
        Assert.True(Fast(json, out List<DicomDataset> read));
        var canonical = new Dictionary<uint, bool>();
        foreach (ElementSlot slot in read[0].Slots)
            canonical[slot.Tag] = slot.Canonical;
        Assert.True(canonical[0x00080061]);
        Assert.True(canonical[0x00100010]);
        Assert.False(canonical[0x00100020]); // non-ASCII: the writer's encoder decides
        Assert.False(canonical[0x00200032]); // a DS string is written as a number
        Assert.True(canonical[0x00201208]); // whitespace is not kept: the value is stored as [3]
        Assert.Equal("[3]", Encoding.UTF8.GetString(read[0].Slots.ToArray().Single(s => s.Tag == 0x00201208).Json));
        Assert.True(canonical[0x00280010]);
    }

    [Fact]
    public void Holds_InlineBinary_as_its_bytes()
    {
        Assert.True(Fast("""[{"7FE00010":{"vr":"OW","InlineBinary":"AAECAw=="}}]""", out List<DicomDataset> read));
        ElementSlot slot = read[0].Slots[0];
        Assert.True(slot.RawBytes);
        Assert.Equal(new byte[] { 0, 1, 2, 3 }, slot.Bytes.ToArray());
        Assert.Equal(new byte[] { 0, 1, 2, 3 }, read[0].GetBulkData(DicomTags.PixelData)!.Bytes!.Value.ToArray());
    }
}
