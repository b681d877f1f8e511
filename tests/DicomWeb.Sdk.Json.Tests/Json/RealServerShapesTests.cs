using System.Text;
using DicomWeb.Json;
using DicomWeb.Sdk.Json.Tests.Json.Streams;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Json;

/// <summary>
/// DICOM JSON as real servers write it (#26): Orthanc's layout ("Value" before "vr", non-ASCII as
/// \u escapes, pretty-printed), text with escapes, '/' escaped in URLs. The fast reader takes these
/// shapes itself, keeps the values decoded once, and where it gives up only the object it gave up
/// is read again, in memory and from a stream.
/// </summary>
public class RealServerShapesTests
{
    private static readonly DicomJsonReadOptions Options = DicomJsonReadOptions.Default;

    private static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void Orthanc_layout_is_read_by_the_fast_reader_into_the_data_sets_the_general_parser_reads()
    {
        var random = new Random(26);
        for (int n = 0; n < 200; n++)
        {
            DicomDataset[] datasets = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => SyntheticDatasets.Random(random, depth: n % 3))];
            byte[] orthanc = FastPathMutations.OrthancLayout(DicomJson.SerializeToUtf8Bytes(datasets), random);
            Assert.True(DicomJsonFastReader.TryReadArray(orthanc, new ParseContext(orthanc.Length, Options), out List<DicomDataset> fast), Encoding.UTF8.GetString(orthanc));
            Assert.Equal(datasets, fast);
            Assert.Equal(DicomJsonParser.ParseArrayGeneral(orthanc, Options), fast);
            // Stored without the layout: no whitespace, no \u escape left, so the writer can copy canonical values.
            foreach (DicomDataset dataset in fast)
            {
                foreach (ElementSlot slot in dataset.Slots)
                {
                    if (slot.Form == DicomValueForm.Values)
                        Assert.DoesNotContain("\\u", Encoding.UTF8.GetString(slot.Json), StringComparison.Ordinal);
                }
            }
            Assert.Equal(DicomJson.SerializeToUtf8Bytes(datasets), DicomJson.SerializeToUtf8Bytes(fast));
        }
    }

    [Fact]
    public void Escapes_are_decoded_once_into_storage_keeping_only_what_JSON_needs_escaped()
    {
        byte[] json = Bytes("""
            [ {
               "00081030" : { "Value" : [ "M\u00fcller \ud83d\ude00", "a\/b", "q\"x\\y", "line\r\n\u0001" ], "vr" : "LO" },
               "00100010" : { "Value" : [ { "Alphabetic" : "Dvo\u0159\u00e1k^Zo\u00eb" } ], "vr" : "PN" },
               "7FE00010" : { "BulkDataURI" : "http:\/\/pacs\/bulk", "vr" : "OW" }
            } ]
            """);
        Assert.True(DicomJsonFastReader.TryReadArray(json, new ParseContext(json.Length, Options), out List<DicomDataset> read));
        DicomDataset dataset = Assert.Single(read);
        ElementSlot[] slots = dataset.Slots.ToArray();
        Assert.Equal("""["Müller 😀","a/b","q\"x\\y","line\r\n\u0001"]""", Encoding.UTF8.GetString(slots[0].Json));
        Assert.Equal("""[{"Alphabetic":"Dvořák^Zoë"}]""", Encoding.UTF8.GetString(slots[1].Json));
        Assert.Equal("\"http://pacs/bulk\"", Encoding.UTF8.GetString(slots[2].Json));
        Assert.Equal("http://pacs/bulk", dataset.GetBulkData(PixelData)!.Uri);
        Assert.Equal(["Müller 😀", "a/b", "q\"x\\y", "line\r\n\u0001"], dataset.GetAll(StudyDescription));
        Assert.Equal("Dvořák^Zoë", dataset.Get(PatientName)!.Alphabetic);
        Assert.Equal(DicomJsonParser.ParseArrayGeneral(json, Options), read);
    }

    [Fact]
    public void Only_the_object_the_fast_reader_gives_up_is_read_again_not_the_whole_array()
    {
        // The middle object has a member the fast reader leaves to the general parser ("keyword", tolerated).
        string first = """{"00100020":{"Value":["A"],"vr":"LO"}}""";
        string middle = """{"00100020":{"vr":"LO","keyword":"PatientID","Value":["B"]}}""";
        string last = """{"00100020":{"Value":["C"],"vr":"LO"}}""";
        byte[] json = Bytes($"[{first},\n {middle},\n {last}]");
        List<DicomDataset> read = DicomJsonParser.ParseArray(json, Options, out long again);
        Assert.Equal(middle.Length, again);
        Assert.Equal(["A", "B", "C"], read.Select(d => d.Get(PatientID)));
        Assert.Equal(DicomJsonParser.ParseArrayGeneral(json, Options), read);

        // Read alone, the object is placed in the whole input: an error in it names its index and byte as before.
        byte[] broken = Bytes($"[{first},{middle.Replace("\"B\"", "5", StringComparison.Ordinal)},{last}]");
        DicomJsonException error = Assert.Throws<DicomJsonException>(() => DicomJsonParser.ParseArray(broken, Options));
        DicomJsonException general = Assert.Throws<DicomJsonException>(() => DicomJsonParser.ParseArrayGeneral(broken, Options));
        Assert.Equal((general.Message, general.Path, general.BytePosition), (error.Message, error.Path, error.BytePosition));
        Assert.Equal("$[1].00100020.Value[0]", error.Path);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task A_stream_reads_each_object_where_it_lies_and_reads_again_only_one_it_gives_up(int chunk)
    {
        string fast = """{"00100020":{"Value":["A"],"vr":"LO"},"00100010":{"Value":[{"Alphabetic":"M\u00fcller"}],"vr":"PN"}}""";
        string given = """{"00100020":{"vr":"LO","name":"Patient ID","Value":["B"]}}""";
        byte[] json = Bytes($"[{fast},{given},{fast}]");
        var context = new ParseContext(0, Options);
        var reader = new StreamDatasetReader(context);
        using var scanner = new DicomJsonStreamScanner(Options, arrayExpected: true);
        var stream = new ChunkedStream(json, chunk);
        var read = new List<DicomDataset>();
        while (true)
        {
            DicomJsonStreamScanner.Result result = scanner.Scan(reader);
            if (result == DicomJsonStreamScanner.Result.End)
                break;
            if (result == DicomJsonStreamScanner.Result.Found)
                read.Add(reader.Current);
            else
                await scanner.FillAsync(stream, CancellationToken.None);
        }
        Assert.Equal(["A", "B", "A"], read.Select(d => d.Get(PatientID)));
        Assert.Equal("Müller", read[2].Get(PatientName)!.Alphabetic);
        Assert.Equal(given.Length, context.FallbackBytes);
    }

    [Fact]
    public async Task An_object_is_yielded_as_soon_as_it_has_arrived_even_when_the_stream_then_waits()
    {
        // A server that sends one object and then nothing for a while (a long query): the object is the
        // caller's before the reader asks the stream for more.
        byte[] item = DicomJson.SerializeToUtf8Bytes(new DicomDataset().Set(PatientID, "P").Set(StudyInstanceUID, "1.2.3"));
        var stream = new PausingStream([[(byte)'[', .. item, (byte)','], [.. item, (byte)','], [.. item], "]"u8.ToArray()]);
        int yielded = 0;
        await foreach (DicomDataset dataset in DicomJson.DeserializeAsyncEnumerable(stream))
        {
            Assert.Equal("1.2.3", dataset.Get(StudyInstanceUID));
            stream.Release(++yielded);
        }
        Assert.Equal(3, yielded);
        Assert.Empty(stream.EarlyReads);

        var typedStream = new PausingStream([[(byte)'[', .. item, (byte)','], [.. item, (byte)','], [.. item], "]"u8.ToArray()]);
        yielded = 0;
        await foreach (StudyRow _ in DicomJson.DeserializeAsyncEnumerable<StudyRow>(typedStream))
            typedStream.Release(++yielded);
        Assert.Equal(3, yielded);
        Assert.Empty(typedStream.EarlyReads);
    }

    /// <summary>
    /// A stream that hands out its parts one per read, each part as one short read, and notes a read of
    /// part n+1 made before the caller has released n objects (n = parts handed out so far, less the first).
    /// </summary>
    private sealed class PausingStream(byte[][] parts) : Stream
    {
        private int _next;
        private int _released;

        public List<int> EarlyReads { get; } = [];

        public void Release(int objects) => _released = objects;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_next >= parts.Length)
                return 0;
            // Part k (from 1) may be asked for once the objects of parts before it have been yielded: k of them.
            if (_next > 0 && _released < _next)
                EarlyReads.Add(_next);
            byte[] part = parts[_next++];
            part.CopyTo(buffer);
            return part.Length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
