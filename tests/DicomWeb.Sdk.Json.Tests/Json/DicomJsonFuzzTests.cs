using System.Text;
using DicomWeb.Json;
using DicomWeb.Sdk.Json.Tests.Json.Streams;
using DicomWeb.Tests;
using Xunit.Abstractions;

namespace DicomWeb.Sdk.Json.Tests.Json;

/// <summary>A model over many property types, for the typed reader's fuzz test.</summary>
[DicomJsonModel]
public partial record FuzzRow
{
    public string? PatientID { get; init; }
    public PersonName? PatientName { get; init; }
    public DicomDate? StudyDate { get; init; }
    public DateOnly? ContentDate { get; init; }
    public TimeOnly? ContentTime { get; init; }
    public DateTimeOffset? AcquisitionDateTime { get; init; }
    public int? InstanceNumber { get; init; }
    public ushort Rows { get; init; }
    public int? SmallestImagePixelValue { get; init; }
    public double[] ImagePositionPatient { get; init; } = [];
    public double? DiffusionBValue { get; init; }
    public float? RecommendedDisplayFrameRateInFloat { get; init; }
    public ulong? SelectorUVValue { get; init; }
    public long? SelectorSVValue { get; init; }
    public IReadOnlyList<string> ModalitiesInStudy { get; init; } = [];
    public IReadOnlyList<FuzzRow> ReferencedSeriesSequence { get; init; } = [];
    public DicomDataset? ReferencedStudySequence { get; init; }
    public DicomBulkData? PixelData { get; init; }
    public DicomTag? DimensionIndexPointer { get; init; }
}

/// <summary>
/// Fuzzing (#12): mutated corpus and synthetic DICOM JSON, 10,000 cases per reader with a fixed
/// seed. Every case either reads (and what was read can be read through every getter, written and
/// read again) or is a DicomJsonException; nothing else escapes, and each case allocates a bounded
/// amount. A failure prints the case as base64 so it can become a regression test.
/// </summary>
public class DicomJsonFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 10_000;
    private static readonly DicomJsonReadOptions Strict = new() { Strict = true };
    private static readonly string[] VRs = ["AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV"];

    private static readonly string[] Tokens =
    [
        "\"vr\":\"SQ\",", "\"Value\":[", "\"Value\":[{", "null", "1e999", "\"\\ud800\"", "\"NaN\"", "{\"Alphabetic\":5}", "\"00100010\"",
        "\"keyword\":\"x\",", "[", "]", "{}", "{", "}", "\"==\"", "\"a=b=c=d\"", "-0", "18446744073709551616", "\"InlineBinary\":\"AAA=\"",
        "\"BulkDataURI\":\"x\"", "\"\"", ",", ":", "\"0010001g\"", "\"PatientName\"", "\" 12 \"", "\"+5\"", "\"\\u003d\"", "\"\\\"\"", "0.5", "true",
    ];

    private static readonly string[] TolerantShapes =
    [
        """{"00280010":{"vr":"US","Value":["10"]},"00280011":{"vr":"US","Value":[" 12 "]},"00189087":{"vr":"FD","Value":["NaN","Infinity","1.5"]}}""",
        """{"0020000d":{"vr":"UI","Value":["1.2"]},"PatientID":{"vr":"LO","Value":["x"]},"00100010":{"vr":"PN","Value":["Doe^Jane=ドウ"]}}""",
        """{"00080020":{"vr":"DA","keyword":"StudyDate","name":"Study Date","Value":[null]},"00100020":{"vr":"LO","Value":[""]}}""",
        """{"00081115":{"vr":"SQ","Value":{"0020000E":{"vr":"UI","Value":["1.2.3"]}}},"00081110":{"Value":[null,{}],"vr":"SQ"}}""",
        """[{"00100020":{"Value":["a"]}},{"00100020":{"vr":"LO","Value":["b"]},"00200013":{"vr":"IS","Value":["  7"]}}]""",
        """{"7FE00010":{"vr":"OW","InlineBinary":"AAEC\nAwQF"},"00091001":{"vr":"SV","Value":["-9223372036854775808"]},"00091002":{"vr":"UV","Value":[18446744073709551615]}}""",
    ];

    private static List<byte[]> Seeds(bool arrays)
    {
        var seeds = new List<byte[]>();
        string corpus = Path.Combine(RepositoryPaths.Shared, "corpus", "json");
        if (Directory.Exists(corpus))
            seeds.AddRange(Directory.GetFiles(corpus, "*.json").Select(File.ReadAllBytes));
        var random = new Random(31);
        for (int i = 0; i < 12; i++)
            seeds.Add(DicomJson.SerializeToUtf8Bytes(SyntheticDatasets.Random(random, depth: 1)));
        seeds.AddRange(TolerantShapes.Select(Encoding.UTF8.GetBytes));
        if (arrays)
        {
            var datasets = Enumerable.Range(0, 6).Select(_ => SyntheticDatasets.Random(random, depth: 1)).ToList();
            seeds = seeds.Select(s => s[0] == '[' ? s : [(byte)'[', .. s, (byte)',', .. DicomJson.SerializeToUtf8Bytes(datasets[random.Next(datasets.Count)]), (byte)']']).ToList();
            seeds.Add(DicomJson.SerializeToUtf8Bytes(datasets));
        }
        return seeds;
    }

    private static byte[] Mutate(Random random, List<byte[]> seeds)
    {
        var bytes = new List<byte>(seeds[random.Next(seeds.Count)]);
        int mutations = random.Next(3) == 0 ? random.Next(2, 5) : 1;
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(9))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[at] = "{}[]\":,\\09-.eEntf \xFF\xC3\x80"u8.ToArray() is var set ? set[random.Next(set.Length)] : (byte)0;
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 17), bytes.Count - at));
                    break;
                case 3:
                    int length = Math.Min(random.Next(1, 200), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 4:
                case 5:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
                case 6:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 7:
                    byte[] other = seeds[random.Next(seeds.Count)];
                    int from = random.Next(other.Length);
                    bytes.RemoveRange(at, bytes.Count - at);
                    bytes.AddRange(other.AsSpan(from).ToArray());
                    break;
                default:
                    // Another VR for an attribute: its values no longer fit, or fit differently.
                    byte[] array = bytes.ToArray();
                    int vr = array.AsSpan(at).IndexOf("\"vr\":\""u8);
                    if (vr >= 0 && at + vr + 8 <= array.Length)
                    {
                        string replacement = VRs[random.Next(VRs.Length)];
                        bytes[at + vr + 6] = (byte)replacement[0];
                        bytes[at + vr + 7] = (byte)replacement[1];
                    }
                    break;
            }
        }
        return bytes.ToArray();
    }

    /// <summary>Reads every value of the data set through the getter of its VR, as an application would.</summary>
    private static void Touch(DicomDataset dataset)
    {
        foreach (DicomElement element in dataset)
        {
            DicomTag tag = element.Tag;
            DicomVR vr = element.VR;
            switch (element.Form)
            {
                case DicomValueForm.Sequence:
                    foreach (DicomDataset item in dataset.Get(new SequenceTag(tag, vr)))
                        Touch(item);
                    break;
                case DicomValueForm.InlineBinary or DicomValueForm.BulkDataUri:
                    _ = dataset.GetBulkData(tag)?.Bytes?.Length;
                    break;
                case DicomValueForm.Values:
                    _ = dataset.GetStrings(tag).Count;
                    _ = vr.ToString() switch
                    {
                        "PN" => dataset.GetAll(new PersonNameTag(tag, vr)).Select(n => n.ToDicomString()).Count(),
                        "DS" => dataset.GetAll(new DecimalStringTag(tag, vr)).Count,
                        "IS" => dataset.GetAll(new IntegerStringTag(tag, vr)).Count,
                        "DA" => dataset.GetAll(new DateTag(tag, vr)).Count(d => d.IsValid),
                        "TM" => dataset.GetAll(new TimeTag(tag, vr)).Count,
                        "DT" => dataset.GetAll(new DateTimeTag(tag, vr)).Count,
                        "AT" => dataset.GetAll(new AttributeTagTag(tag, vr)).Count,
                        "UI" => dataset.GetAll(new UidTag(tag, vr)).Count,
                        "AS" => dataset.GetAll(new AgeStringTag(tag, vr)).Count,
                        "US" => dataset.GetAll(new NumberTag<ushort>(tag, vr)).Count,
                        "SS" => dataset.GetAll(new NumberTag<short>(tag, vr)).Count,
                        "UL" => dataset.GetAll(new NumberTag<uint>(tag, vr)).Count,
                        "SL" => dataset.GetAll(new NumberTag<int>(tag, vr)).Count,
                        "UV" => dataset.GetAll(new NumberTag<ulong>(tag, vr)).Count,
                        "SV" => dataset.GetAll(new NumberTag<long>(tag, vr)).Count,
                        "FL" => dataset.GetAll(new NumberTag<float>(tag, vr)).Count,
                        "FD" => dataset.GetAll(new NumberTag<double>(tag, vr)).Count,
                        _ => dataset.GetAll(new StringTag(tag, vr)).Count,
                    };
                    break;
            }
        }
    }

    /// <summary>Runs one case: true when read, false when refused with a DicomJsonException; anything else fails the test with the case.</summary>
    private bool Case(int index, byte[] input, Action read)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool accepted;
        try
        {
            read();
            accepted = true;
        }
        catch (DicomJsonException)
        {
            accepted = false;
        }
        catch (Exception e)
        {
            output.WriteLine(Convert.ToBase64String(input));
            throw new Xunit.Sdk.XunitException($"case {index}: {e.GetType().Name} escaped: {e.Message}\ninput (base64): {Convert.ToBase64String(input)}");
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64L * input.Length + (2 << 20), $"case {index} allocated {allocated} bytes for {input.Length} bytes of input");
        return accepted;
    }

    private static void AssertCorpusPresent(ITestOutputHelper output)
    {
        if (!Directory.Exists(Path.Combine(RepositoryPaths.Shared, "corpus", "json")))
            output.WriteLine("../shared/corpus/json is absent: fuzzing synthetic seeds only");
    }

    [Fact]
    public void The_generic_reader_reads_or_refuses_with_DicomJsonException()
    {
        AssertCorpusPresent(output);
        var random = new Random(1201);
        List<byte[]> seeds = Seeds(arrays: false);
        int accepted = 0;
        for (int i = 0; i < Cases; i++)
        {
            byte[] input = Mutate(random, seeds);
            DicomJsonReadOptions options = i % 2 == 0 ? Strict : new DicomJsonReadOptions();
            if (Case(i, input, () =>
            {
                DicomDataset dataset = DicomJson.Deserialize(input, options);
                Touch(dataset);
                byte[] canonical = DicomJson.SerializeToUtf8Bytes(dataset);
                // What was read is written canonically, and the canonical form is read (strictly) to the same bytes.
                Assert.Equal(canonical, DicomJson.SerializeToUtf8Bytes(DicomJson.Deserialize(canonical, Strict)));
            }))
                accepted++;
        }
        output.WriteLine($"{accepted} of {Cases} read");
        Assert.InRange(accepted, Cases / 20, Cases - Cases / 20); // the mutations reach both outcomes
    }

    [Fact]
    public void The_typed_reader_reads_or_refuses_with_DicomJsonException_and_refuses_what_the_generic_one_refuses()
    {
        AssertCorpusPresent(output);
        var random = new Random(1202);
        List<byte[]> seeds = Seeds(arrays: false);
        int accepted = 0;
        for (int i = 0; i < Cases; i++)
        {
            byte[] input = Mutate(random, seeds);
            DicomJsonReadOptions options = i % 2 == 0 ? Strict : new DicomJsonReadOptions();
            bool generic = Case(i, input, () => DicomJson.Deserialize(input, options));
            bool typed = Case(i, input, () =>
            {
                FuzzRow row = DicomJson.Deserialize<FuzzRow>(input, options);
                // Written canonically and read again (not strictly: NaN has no JSON number, so it stays a string).
                DicomJson.Deserialize<FuzzRow>(DicomJson.SerializeToUtf8Bytes(row));
            });
            if (typed)
            {
                accepted++;
                Assert.True(generic, $"case {i}: the typed reader read what the generic one refuses: {Convert.ToBase64String(input)}");
            }

        }
        output.WriteLine($"{accepted} of {Cases} read");
        Assert.InRange(accepted, Cases / 20, Cases - Cases / 20);
    }

    [Fact]
    public void The_streaming_reader_reads_or_refuses_as_the_array_reader_does()
    {
        AssertCorpusPresent(output);
        var random = new Random(1203);
        List<byte[]> seeds = Seeds(arrays: true);
        int accepted = 0;
        for (int i = 0; i < Cases; i++)
        {
            byte[] input = Mutate(random, seeds);
            DicomJsonReadOptions options = i % 2 == 0 ? Strict : new DicomJsonReadOptions { MaxDatasetBytes = 4096 };
            int chunk = random.Next(1, 80);
            List<string>? whole = null;
            bool array = Case(i, input, () => whole = DicomJson.DeserializeArray(input, options).Select(d => d.ToString()).ToList());
            var streamed = new List<string>();
            var typed = new List<FuzzRow>();
            bool stream = Case(i, input, () =>
            {
                foreach (DicomDataset dataset in ToList(DicomJson.DeserializeAsyncEnumerable(new ChunkedStream(input, chunk), options)))
                    streamed.Add(dataset.ToString());
            });
            bool typedStream = Case(i, input, () => typed.AddRange(ToList(DicomJson.DeserializeAsyncEnumerable<FuzzRow>(new ChunkedStream(input, chunk), options))));
            if (stream)
                accepted++;
            // A value may not fit a property (a date that is no date): the typed reader refuses more, never less.
            Assert.True(stream || !typedStream, $"case {i}: the typed stream read what the data set stream refuses: {Convert.ToBase64String(input)}");
            if (array)
            {
                // The stream's limit on one object may refuse what the in-memory reader reads; otherwise both agree.
                if (stream)
                    Assert.Equal(whole, streamed);
                else
                    Assert.True(input.Length > options.MaxDatasetBytes, $"case {i}: the stream refused what the array reader read: {Convert.ToBase64String(input)}");
            }
            else
            {
                Assert.False(stream, $"case {i}: the stream read what the array reader refuses: {Convert.ToBase64String(input)}");
            }
        }
        output.WriteLine($"{accepted} of {Cases} read");
        Assert.InRange(accepted, Cases / 20, Cases - Cases / 20);
    }

    // The test stream completes every read at once, so the enumeration runs to its end here on this thread.
    private static List<T> ToList<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        IAsyncEnumerator<T> e = source.GetAsyncEnumerator();
        try
        {
            while (true)
            {
                ValueTask<bool> next = e.MoveNextAsync();
                if (!next.IsCompleted)
                    throw new InvalidOperationException("the test stream should complete synchronously");
                if (!next.Result)
                    return list;
                list.Add(e.Current);
            }
        }
        finally
        {
            e.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
