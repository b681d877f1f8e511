using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DicomWeb.Json;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Json;

/// <summary>
/// Values flagged canonical (ElementSlot.Canonical) are copied by the writer without a re-read: the
/// output must be byte for byte what the re-read writes. The definition of canonical checked here
/// (<see cref="MeetsDefinition"/>) is the one the parser sets the flag by.
/// </summary>
public class CanonicalWriteTests
{
    // Every text, number, AT and PN kind, each with a private tag of that VR.
    private static DicomTag Private(ushort element) => new(0x0009, element);

    private static byte[] Write(DicomDataset dataset, bool trustCanonical, DicomJsonWriteOptions? options = null, JsonWriterOptions? writerOptions = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, writerOptions ?? DicomJson.CanonicalWriterOptions))
            DicomJsonWriter.Write(writer, dataset, options, trustCanonical);
        return buffer.WrittenSpan.ToArray();
    }

    private static void AssertSameWithAndWithoutFlags(DicomDataset dataset, string name, JsonWriterOptions? writerOptions = null)
    {
        byte[] trusted = Write(dataset, trustCanonical: true, writerOptions: writerOptions);
        byte[] reread = Write(dataset, trustCanonical: false, writerOptions: writerOptions);
        Assert.True(trusted.AsSpan().SequenceEqual(reread), $"{name}: canonical values copied differ from their re-read:\n{Encoding.UTF8.GetString(trusted)}\n{Encoding.UTF8.GetString(reread)}");
    }

    private static ElementSlot SlotOf(DicomDataset dataset, uint tag)
    {
        foreach (ElementSlot slot in dataset.Slots)
        {
            if (slot.Tag == tag)
                return slot;
        }
        throw new Xunit.Sdk.XunitException($"no element {tag:X8}");
    }

    private static int CountCanonical(DicomDataset dataset)
    {
        int count = 0;
        foreach (ElementSlot slot in dataset.Slots)
            count += slot.Canonical ? 1 : slot.Items?.Sum(CountCanonical) ?? 0;
        return count;
    }

    /// <summary>A copy of the data set whose Values slots are flagged by <paramref name="flag"/> (items too): what a parser setting the flag gives.</summary>
    private static DicomDataset Flagged(DicomDataset dataset, Func<ElementSlot, bool> flag)
    {
        var slots = new List<ElementSlot>();
        foreach (ElementSlot original in dataset.Slots)
        {
            ElementSlot slot = original;
            if (slot.Form == DicomValueForm.Values)
                slot.Canonical = flag(slot);
            if (slot.Items is not null)
                slot.Items = slot.Items.Select(item => Flagged(item, flag)).ToArray();
            slots.Add(slot);
        }
        var copy = new DicomDataset();
        copy.SetParsed(slots);
        return copy;
    }

    // The library's byte check (what the setters flag by) must agree with the reference on every value flagged here.
    private static DicomDataset FlaggedByDefinition(DicomDataset dataset) => Flagged(dataset, slot =>
    {
        bool canonical = MeetsDefinition(slot.Json, slot.VR);
        Assert.True(canonical == DicomDataset.IsCanonical(slot.Json, slot.VR.JsonKind), $"{slot.VR} {Encoding.UTF8.GetString(slot.Json)}: the reference says {canonical}, DicomDataset.IsCanonical not");
        return canonical;
    });

    /// <summary>
    /// The definition of a canonical Value array, written independently of the library (a reader, not a
    /// byte scanner): entries null; JSON numbers for DS IS US SS UL SL SV UV FL FD; non-empty printable
    /// ASCII strings without escapes for text VRs; eight uppercase hex digits for AT; for PN an object of
    /// non-empty such strings under Alphabetic, Ideographic, Phonetic in that order, at least one; no
    /// whitespace outside strings; not one null alone.
    /// </summary>
    internal static bool MeetsDefinition(ReadOnlySpan<byte> json, DicomVR vr)
    {
        if (json.SequenceEqual("[null]"u8))
            return false;
        // Compact: no whitespace outside strings (a string here has no escapes, checked below).
        bool inString = false;
        foreach (byte b in json)
        {
            if (b == '"')
                inString = !inString;
            else if (!inString && b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                return false;
        }
        string kind = vr.Code switch
        {
            "DS" or "IS" or "US" or "SS" or "UL" or "SL" or "SV" or "UV" or "FL" or "FD" => "number",
            "AT" => "tag",
            "PN" => "name",
            "SQ" or "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "UN" => "none",
            _ => "text",
        };
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            return false;
        int entries = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            entries++;
            if (reader.TokenType == JsonTokenType.Null)
                continue;
            switch (kind)
            {
                case "number" when reader.TokenType == JsonTokenType.Number:
                    break;
                case "text" when IsPlainString(ref reader):
                    break;
                case "tag" when IsPlainString(ref reader) && reader.ValueSpan.Length == 8 && reader.ValueSpan.IndexOfAnyExcept("0123456789ABCDEF"u8) < 0:
                    break;
                case "name" when reader.TokenType == JsonTokenType.StartObject:
                    string[] order = ["Alphabetic", "Ideographic", "Phonetic"];
                    int last = -1;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        int group = Array.IndexOf(order, reader.GetString());
                        if (group <= last || !reader.Read() || !IsPlainString(ref reader))
                            return false;
                        last = group;
                    }
                    if (last < 0)
                        return false;
                    break;
                default:
                    return false;
            }
        }
        return entries > 0;
    }

    private static bool IsPlainString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && reader.ValueSpan.Length > 0
        && reader.ValueSpan.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0;

    private static DicomDataset EveryKindBySetters() => new DicomDataset()
        .Set(new StringTag(Private(0x1001), DicomVR.AE), "STORESCP", "")
        .Set(new StringTag(Private(0x1002), DicomVR.CS), "CT", "MR")
        .Set(new StringTag(Private(0x1003), DicomVR.LO), " padded ", "a,b]c")
        .Set(new StringTag(Private(0x1004), DicomVR.LT), "Line one")
        .Set(new StringTag(Private(0x1005), DicomVR.SH), "{not json}")
        .Set(new StringTag(Private(0x1006), DicomVR.ST), "null")
        .Set(new StringTag(Private(0x1007), DicomVR.UC), "12")
        .Set(new StringTag(Private(0x1008), DicomVR.UR), "https://pacs.example/a?b=1&c=2")
        .Set(new StringTag(Private(0x1009), DicomVR.UT), "a&b<c>+'`")
        .Set(new UidTag(Private(0x100A), DicomVR.UI), "1.2.840.10008.1.2.1")
        .Set(new AgeStringTag(Private(0x100B), DicomVR.AS), "045Y")
        .Set(new DateTag(Private(0x100C), DicomVR.DA), new DicomDate(new DateOnly(2025, 1, 15)))
        .Set(new TimeTag(Private(0x100D), DicomVR.TM), new DicomTime(new TimeOnly(14, 30, 5)))
        .Set(new DateTimeTag(Private(0x100E), DicomVR.DT), new DicomDateTime(new DateTimeOffset(2025, 1, 15, 14, 30, 5, TimeSpan.FromHours(-5))))
        .Set(new PersonNameTag(Private(0x100F), DicomVR.PN), new PersonName("Doe^Jane"), PersonName.Empty, new PersonName("Yamada^Tarou", "Y^T", "y^t"), new PersonName(null, null, "p"))
        .Set(new DecimalStringTag(Private(0x1010), DicomVR.DS), 0.48828125, -0.0, 1e20, 1e-7, -250.5)
        .Set(new IntegerStringTag(Private(0x1011), DicomVR.IS), int.MinValue, 0, int.MaxValue)
        .Set(new NumberTag<ushort>(Private(0x1012), DicomVR.US), (ushort)0, ushort.MaxValue)
        .Set(new NumberTag<short>(Private(0x1013), DicomVR.SS), short.MinValue, (short)7)
        .Set(new NumberTag<uint>(Private(0x1014), DicomVR.UL), uint.MaxValue)
        .Set(new NumberTag<int>(Private(0x1015), DicomVR.SL), int.MinValue)
        .Set(new NumberTag<long>(Private(0x1016), DicomVR.SV), long.MinValue, long.MaxValue)
        .Set(new NumberTag<ulong>(Private(0x1017), DicomVR.UV), ulong.MaxValue)
        .Set(new NumberTag<float>(Private(0x1018), DicomVR.FL), 0.1f, float.MaxValue, float.Epsilon)
        .Set(new NumberTag<double>(Private(0x1019), DicomVR.FD), double.Epsilon, -0.0, 1e308, Math.PI)
        .Set(new AttributeTagTag(Private(0x101A), DicomVR.AT), new DicomTag(0x0010, 0x0010), new DicomTag(0xFFFE, 0xE000))
        .Set(new NumberTag<int>(Private(0x101B), DicomVR.US), 5, 65535)
        .Set(new BinaryTag(Private(0x101C), DicomVR.OB), DicomBulkData.FromUri("https://pacs.example/bulk?a=1&b=<2>"))
        .Set(new BinaryTag(Private(0x101D), DicomVR.OW), DicomBulkData.FromBytes(new byte[] { 1, 2, 3 }))
        .SetEmpty(new StringTag(Private(0x101E), DicomVR.LO));

    // Values the setters write in a form the writer rewrites (or that the definition leaves out): never flagged.
    private static DicomDataset NonCanonicalBySetters() => new DicomDataset()
        .Set(new StringTag(Private(0x1101), DicomVR.LO), "Ünïcödé")
        .Set(new StringTag(Private(0x1102), DicomVR.LO), "a\"quote")
        .Set(new StringTag(Private(0x1103), DicomVR.LO), "back\\slash")
        .Set(new StringTag(Private(0x1104), DicomVR.LO), "tab\there")
        .Set(new StringTag(Private(0x1105), DicomVR.LO), "\u007F")
        .Set(new PersonNameTag(Private(0x1106), DicomVR.PN), new PersonName("Yamada^Tarou", "山田^太郎", "やまだ^たろう"))
        .Set(new NumberTag<double>(Private(0x1107), DicomVR.FD), 1.5, double.NaN)
        .Set(new NumberTag<float>(Private(0x1108), DicomVR.FL), float.NegativeInfinity);

    [Fact]
    public void Setters_flag_the_values_they_write_in_canonical_form_and_the_copy_equals_the_re_read()
    {
        DicomDataset dataset = EveryKindBySetters();
        foreach (ElementSlot slot in dataset.Slots)
            Assert.True(slot.Canonical || slot.Form != DicomValueForm.Values, $"{slot.Tag:X8} {slot.VR}: {Encoding.UTF8.GetString(slot.Json)} is canonical but not flagged");
        AssertSameWithAndWithoutFlags(dataset, "setters");
    }

    [Fact]
    public void Setters_do_not_flag_values_the_writer_rewrites()
    {
        DicomDataset dataset = NonCanonicalBySetters();
        foreach (ElementSlot slot in dataset.Slots)
        {
            Assert.False(slot.Canonical, $"{slot.Tag:X8} {slot.VR}: {Encoding.UTF8.GetString(slot.Json)} is flagged");
            Assert.False(MeetsDefinition(slot.Json, slot.VR), $"{slot.Tag:X8}: the reference definition takes {Encoding.UTF8.GetString(slot.Json)}");
        }
        AssertSameWithAndWithoutFlags(dataset, "non-canonical setters");
    }

    [Fact]
    public void Setters_agree_with_the_reference_definition()
    {
        foreach (DicomDataset dataset in new[] { EveryKindBySetters(), NonCanonicalBySetters() })
        {
            foreach (ElementSlot slot in dataset.Slots)
            {
                if (slot.Form == DicomValueForm.Values)
                    Assert.True(slot.Canonical == MeetsDefinition(slot.Json, slot.VR), $"{slot.Tag:X8} {slot.VR}: {Encoding.UTF8.GetString(slot.Json)}");
            }
        }
    }

    [Fact]
    public void Synthetic_data_sets_write_the_same_bytes_with_and_without_flags()
    {
        var random = new Random(20261201);
        int flagged = 0;
        for (int i = 0; i < 300; i++)
        {
            DicomDataset built = SyntheticDatasets.Random(random, depth: 0);
            flagged += CountCanonical(built);
            AssertSameWithAndWithoutFlags(built, $"synthetic {i} (setters)");

            // The same data set read back from its JSON, flagged by the definition as the parser will.
            DicomDataset read = FlaggedByDefinition(DicomJson.Deserialize(Write(built, trustCanonical: false)));
            flagged += CountCanonical(read);
            AssertSameWithAndWithoutFlags(read, $"synthetic {i} (read)");
            Assert.True(Write(read, trustCanonical: true).AsSpan().SequenceEqual(Write(built, trustCanonical: false)), $"synthetic {i}: read back differs");
        }
        Assert.True(flagged > 300, $"only {flagged} values flagged: the comparison is nearly empty");
    }

    [SharedDataFact("corpus/json")]
    public void Every_shared_json_sample_writes_the_same_bytes_with_and_without_flags()
    {
        string[] files = Directory.GetFiles(Path.Combine(RepositoryPaths.Shared, "corpus", "json"), "*.json");
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            DicomDataset read = DicomJson.Deserialize(File.ReadAllBytes(file));
            // As read (flags the parser sets, if any) and flagged by the definition, from the sample and from its canonical form.
            AssertSameWithAndWithoutFlags(read, Path.GetFileName(file));
            DicomDataset flagged = FlaggedByDefinition(read);
            AssertSameWithAndWithoutFlags(flagged, Path.GetFileName(file) + " flagged");
            DicomDataset again = FlaggedByDefinition(DicomJson.Deserialize(Write(read, trustCanonical: false)));
            Assert.True(CountCanonical(again) > 0, $"{file}: nothing flagged");
            AssertSameWithAndWithoutFlags(again, Path.GetFileName(file) + " canonical");
        }
    }

    [Fact]
    public void Every_form_the_definition_takes_is_copied_byte_for_byte()
    {
        const string json = """
            {
              "00091001": {"vr":"DS","Value":[-0,0.5,1E+20,1e-7,-250.50,12345678901234567890,null]},
              "00091002": {"vr":"IS","Value":[-2147483648,0,2147483647]},
              "00091003": {"vr":"US","Value":[0,65535]},
              "00091004": {"vr":"SS","Value":[-32768,32767]},
              "00091005": {"vr":"UL","Value":[4294967295]},
              "00091006": {"vr":"SL","Value":[-2147483648]},
              "00091007": {"vr":"SV","Value":[-9223372036854775808,9223372036854775807]},
              "00091008": {"vr":"UV","Value":[18446744073709551615]},
              "00091009": {"vr":"FL","Value":[1.5E-3,3.4028235E+38]},
              "0009100A": {"vr":"FD","Value":[4.9E-324,1.7976931348623157e308,0.1]},
              "0009100B": {"vr":"AT","Value":["00100010","FFFEE000",null]},
              "0009100C": {"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"},null,{"Alphabetic":"A","Ideographic":"I","Phonetic":"P"},{"Ideographic":"I"},{"Alphabetic":"A","Phonetic":"P"}]},
              "0009100D": {"vr":"LO","Value":["a",null,"b , c","[x]","{y}",":","null"]},
              "0009100E": {"vr":"UT","Value":[" lead and trail "]},
              "0009100F": {"vr":"CS","Value":["CT","MR"]},
              "00091010": {"vr":"UI","Value":["1.2.3"]},
              "00091011": {"vr":"DA","Value":["20250115"]},
              "00091012": {"vr":"UR","Value":["https://x.example/?a=1&b=<2>+'`"]},
              "00091013": {"vr":"SQ","Value":[{"00100010":{"vr":"PN","Value":[{"Alphabetic":"In^Item"}]}}]},
              "00091014": {"vr":"OB","BulkDataURI":"https://x.example/b?a=1&b=<2>"},
              "00091015": {"vr":"OB","BulkDataURI":"https:\/\/x.example\u002Fb"},
              "00091016": {"vr":"OB","BulkDataURI":"https://x.example/ü"},
              "00091017": {"vr":"OB","BulkDataURI":"https://x.example/\"q\""},
              "00091018": {"vr":"UN","InlineBinary":"AAEC"},
              "00091019": {"vr":"LO"},
              "0009101A": {"vr":"SQ"}
            }
            """;
        DicomDataset flagged = FlaggedByDefinition(DicomJson.Deserialize(json));
        foreach (ElementSlot slot in flagged.Slots)
        {
            if (slot.Form == DicomValueForm.Values)
                Assert.True(slot.Canonical, $"{slot.Tag:X8}: {Encoding.UTF8.GetString(slot.Json)} is canonical by the definition");
        }
        AssertSameWithAndWithoutFlags(flagged, "every form");
        Assert.Equal(18 + 1, CountCanonical(flagged)); // the values and the item's PN
    }

    [Theory]
    [InlineData("LO", """["a" ]""")]
    [InlineData("LO", """["a\u0041"]""")]
    [InlineData("LO", """["a",""]""")]
    [InlineData("DS", """["1.5"]""")]
    [InlineData("DS", """[1 ,2]""")]
    [InlineData("US", """[ 1]""")]
    [InlineData("UL", """[1,2 ]""")]
    [InlineData("PN", """[{"Alphabetic": "A"}]""")]
    [InlineData("IS", """["12"]""")]
    [InlineData("FD", """["1.5"]""")]
    [InlineData("AT", """["0010001a"]""")]
    [InlineData("PN", """[{"Phonetic":"P","Alphabetic":"A"}]""")]
    [InlineData("PN", """[{"Alphabetic":"A","Ideographic":""}]""")]
    [InlineData("PN", """[{"Alphabetic":"A","Ideographic":null}]""")]
    [InlineData("PN", """[{"Alphabetic":"Doe^Jane"}, null]""")]
    public void Forms_outside_the_definition_are_not_copied_as_they_are(string vr, string value)
    {
        // Each one, flagged anyway, would be written differently from its re-read: the definition must leave it out.
        // Read by the general parser, which keeps the bytes as they came (the fast reader stores them compacted).
        DicomDataset read = DicomJsonParser.ParseObjectGeneral(Encoding.UTF8.GetBytes($$$"""{"00091001":{"vr":"{{{vr}}}","Value":{{{value}}}}}"""), DicomJsonReadOptions.Default);
        Assert.False(MeetsDefinition(SlotOf(read, 0x00091001).Json, DicomVR.Parse(vr)));
        Assert.False(DicomDataset.IsCanonical(SlotOf(read, 0x00091001).Json, DicomVR.Parse(vr).JsonKind));
        DicomDataset wronglyFlagged = Flagged(read, _ => true);
        Assert.False(Write(wronglyFlagged, trustCanonical: true).AsSpan().SequenceEqual(Write(wronglyFlagged, trustCanonical: false)),
            $"{value} copied as it is equals its re-read: the test would not see a wrong flag");
    }

    [Fact]
    public void Indented_and_default_encoder_writers_get_the_same_bytes_as_the_re_read()
    {
        // Canonical bytes are compact and unescaped for the canonical encoder only: other writers re-read what they must.
        DicomDataset dataset = EveryKindBySetters();
        Assert.True(CountCanonical(dataset) > 20);
        AssertSameWithAndWithoutFlags(dataset, "indented", new JsonWriterOptions { Indented = true });
        AssertSameWithAndWithoutFlags(dataset, "default encoder", new JsonWriterOptions());
        AssertSameWithAndWithoutFlags(dataset, "default encoder, explicit", new JsonWriterOptions { Encoder = JavaScriptEncoder.Default });
        AssertSameWithAndWithoutFlags(dataset, "relaxed", new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        string defaultEncoder = Encoding.UTF8.GetString(Write(dataset, trustCanonical: true, writerOptions: new JsonWriterOptions()));
        Assert.Contains(@"a\u0026b\u003Cc\u003E\u002B\u0027\u0060", defaultEncoder);
    }

    [Fact]
    public void The_canonical_writer_leaves_every_printable_ascii_character_but_quote_and_backslash_unescaped()
    {
        // The definition's strings are printable ASCII without '"' and '\': copied as they are, they must be what the encoder writes.
        var buffer = new ArrayBufferWriter<byte>();
        for (char c = ' '; c <= '~'; c++)
        {
            foreach (bool utf8 in new[] { true, false })
            {
                buffer.ResetWrittenCount();
                using (var writer = new Utf8JsonWriter(buffer, DicomJson.CanonicalWriterOptions))
                {
                    ReadOnlySpan<byte> one = [(byte)c];
                    if (utf8)
                        writer.WriteStringValue(one);
                    else
                        writer.WriteStringValue(c.ToString());
                }
                string written = Encoding.UTF8.GetString(buffer.WrittenSpan);
                if (c is '"' or '\\')
                    Assert.Equal($"\"\\{c}\"", written);
                else
                    Assert.Equal($"\"{c}\"", written);
            }
        }

        // And through the data set: text and PN holding every one of them, read, flagged, written both ways.
        string printable = new(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Where(c => c is not ('"' or '\\')).ToArray());
        string json = $$$"""{"00091001":{"vr":"LT","Value":["{{{printable}}}"]},"00091002":{"vr":"PN","Value":[{"Alphabetic":"{{{printable.Replace("=", "")}}}","Phonetic":"{{{printable.Replace("=", "")}}}"}]}}""";
        DicomDataset flagged = FlaggedByDefinition(DicomJson.Deserialize(json));
        Assert.Equal(2, CountCanonical(flagged));
        AssertSameWithAndWithoutFlags(flagged, "printable ASCII");
        Assert.Equal(json, Encoding.UTF8.GetString(Write(flagged, trustCanonical: false)));
    }

    [Fact]
    public void The_writer_escapes_a_string_the_same_from_its_utf8_bytes_and_from_its_text()
    {
        // The re-read writes unescaped text and PN groups from their bytes, escaped ones from their text: both must give the same JSON.
        var scalars = Enumerable.Range(0, 0x110000).Where(c => c is < 0xD800 or > 0xDFFF && (c < 0x10000 || c % 97 == 0));
        foreach (JsonWriterOptions options in new[] { DicomJson.CanonicalWriterOptions, new JsonWriterOptions() })
        {
            var fromBytes = new ArrayBufferWriter<byte>();
            var fromText = new ArrayBufferWriter<byte>();
            using var bytesWriter = new Utf8JsonWriter(fromBytes, options);
            using var textWriter = new Utf8JsonWriter(fromText, options);
            foreach (int scalar in scalars)
            {
                string text = "a" + char.ConvertFromUtf32(scalar);
                fromBytes.ResetWrittenCount();
                fromText.ResetWrittenCount();
                bytesWriter.Reset();
                textWriter.Reset();
                bytesWriter.WriteStringValue(Encoding.UTF8.GetBytes(text));
                textWriter.WriteStringValue(text);
                bytesWriter.Flush();
                textWriter.Flush();
                Assert.True(fromBytes.WrittenSpan.SequenceEqual(fromText.WrittenSpan), $"U+{scalar:X4}: {Encoding.UTF8.GetString(fromBytes.WrittenSpan)} from bytes, {Encoding.UTF8.GetString(fromText.WrittenSpan)} from text");
            }
        }
    }

    [Fact]
    public void Person_names_are_rewritten_alike_from_bytes_and_from_escaped_text()
    {
        // Groups out of order, empty, null, escaped and not: the re-read gives the canonical object.
        const string json = """
            {"00100010":{"vr":"PN","Value":[
              {"Phonetic":"p","Alphabetic":"Doe^Jane"},
              {"Alphabetic":"","Ideographic":null,"Phonetic":"\u0050"},
              {"Alphabetic":null},
              {"Ideographic":"\u5c71\u7530","Alphabetic":"Yamada"},
              "Doe^John=J^D"
            ]}}
            """;
        string written = Encoding.UTF8.GetString(Write(DicomJson.Deserialize(json), trustCanonical: false));
        Assert.Equal("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane","Phonetic":"p"},{"Phonetic":"P"},null,{"Alphabetic":"Yamada","Ideographic":"山田"},{"Alphabetic":"Doe^John","Ideographic":"J^D"}]}}""", written);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(65_537)]
    public void Inline_bytes_are_written_as_their_base64(int length)
    {
        byte[] bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        DicomDataset dataset = new DicomDataset().Set(PixelData, DicomBulkData.FromBytes(bytes));
        Assert.True(SlotOf(dataset, PixelData.Tag.Value).RawBytes);
        using var document = JsonDocument.Parse(DicomJson.SerializeToUtf8Bytes(dataset));
        JsonElement element = document.RootElement.GetProperty("7FE00010");
        Assert.Equal(PixelData.VR.Code, element.GetProperty("vr").GetString());
        Assert.Equal(Convert.ToBase64String(bytes), element.GetProperty("InlineBinary").GetString());
        Assert.Equal(bytes, DicomJson.Deserialize(DicomJson.SerializeToUtf8Bytes(dataset)).Get(PixelData)?.Bytes?.ToArray());
    }

    [Fact]
    public void InlineBinaryMaxBytes_counts_the_bytes_of_raw_and_of_base64_values()
    {
        byte[] bytes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        DicomDataset raw = new DicomDataset().Set(PixelData, DicomBulkData.FromBytes(bytes));
        // The same value as base64 text, the form a parser may keep.
        var slot = ElementSlot.Binary(PixelData.Tag.Value, PixelData.VR, bytes, 0, bytes.Length);
        byte[] token = Encoding.UTF8.GetBytes($"\"{Convert.ToBase64String(bytes)}\"");
        slot.RawBytes = false;
        slot.Buffer = token;
        slot.Length = token.Length;
        var text = new DicomDataset();
        text.SetParsed([slot]);

        foreach (DicomDataset dataset in new[] { raw, text })
        {
            string Written(int max) => Encoding.UTF8.GetString(DicomJson.SerializeToUtf8Bytes(dataset,
                new DicomJsonWriteOptions { InlineBinaryMaxBytes = max, BulkDataUri = tag => $"https://pacs.example/bulk/{tag.ToString("J", null)}" }));
            Assert.Equal($$$"""{"7FE00010":{"vr":"{{{PixelData.VR}}}","InlineBinary":"{{{Convert.ToBase64String(bytes)}}}"}}""", Written(10));
            Assert.Equal($$$"""{"7FE00010":{"vr":"{{{PixelData.VR}}}","BulkDataURI":"https://pacs.example/bulk/7FE00010"}}""", Written(9));
        }
    }
}
