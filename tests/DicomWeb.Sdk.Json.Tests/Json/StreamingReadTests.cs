using System.Text;
using System.Text.Json;
using DicomWeb.Json;
using DicomWeb.Sdk.Json.Tests.Json.Streams;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Json;

/// <summary>
/// DicomJson.DeserializeAsyncEnumerable: a JSON array read from a stream one object at a time, with
/// errors that name the item and the byte from the stream's start, and a bound on one object's size.
/// </summary>
public class StreamingReadTests
{
    private static readonly DicomJsonReadOptions Strict = new() { Strict = true };

    private static async Task<List<DicomDataset>> ReadAllAsync(Stream stream, DicomJsonReadOptions? options = null)
    {
        var results = new List<DicomDataset>();
        await foreach (DicomDataset dataset in DicomJson.DeserializeAsyncEnumerable(stream, options))
            results.Add(dataset);
        return results;
    }

    private static byte[] Indented(byte[] json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            document.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    private static string Canonical(StudyRow row) => Encoding.UTF8.GetString(DicomJson.SerializeToUtf8Bytes(row));

    [Theory]
    [InlineData(0)]      // a MemoryStream: every read gives all it is asked for
    [InlineData(7919)]   // a network that gives a little at a time
    public async Task Objects_larger_than_the_first_buffer_and_than_the_pooled_limit_are_read_whole(int chunk)
    {
        // Objects of 100 KB, 700 KB and 1.5 MB (past the 64 KiB first buffer, then past the 1 MiB of
        // pooled buffers) between small ones: each is read whole and in order, from a stream that gives
        // all it is asked and from one that gives a little at a time.
        int[] sizes = [10, 100_000, 20, 700_000, 1_500_000, 30, 100_000];
        var datasets = sizes.Select((size, i) =>
        {
            var dataset = new DicomDataset();
            dataset.Set(StudyInstanceUID, $"1.2.3.{i}");
            dataset.Set(PatientName, new PersonName($"Large^{size}"));
            dataset.Set(TextValue, new string((char)('a' + i), size));
            return dataset;
        }).ToList();
        byte[] json = Indented(DicomJson.SerializeToUtf8Bytes(datasets));
        Stream Source() => chunk == 0 ? new MemoryStream(json, writable: false) : new ChunkedStream(json, chunk);

        List<DicomDataset> streamed = await ReadAllAsync(Source());
        Assert.Equal(datasets.Select(d => d.ToString()), streamed.Select(d => d.ToString()));
        Assert.Equal(sizes, streamed.Select(d => d.Get(TextValue)!.Length));

        var typed = new List<StudyRow>();
        await foreach (StudyRow row in DicomJson.DeserializeAsyncEnumerable<StudyRow>(Source()))
            typed.Add(row);
        Assert.Equal(sizes.Select(size => $"Large^{size}"), typed.Select(row => row.PatientName!.ToString()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(1 << 20)]
    public async Task Chunked_reads_give_the_data_sets_that_reading_the_bytes_gives(int chunk)
    {
        var random = new Random(12);
        var datasets = Enumerable.Range(0, 25).Select(_ => SyntheticDatasets.Random(random, depth: 0)).ToList();
        byte[] json = Indented(DicomJson.SerializeToUtf8Bytes(datasets));
        IReadOnlyList<DicomDataset> expected = DicomJson.DeserializeArray(json);

        List<DicomDataset> streamed = await ReadAllAsync(new ChunkedStream(json, chunk));
        Assert.Equal(expected.Select(d => d.ToString()), streamed.Select(d => d.ToString()));
        Assert.Equal(datasets.Select(d => d.ToString()), streamed.Select(d => d.ToString()));
        Assert.Equal(expected.Select(d => d.ToString()), DicomJson.DeserializeArray(new ChunkedStream(json, chunk)).Select(d => d.ToString()));
        Assert.Equal(expected.Select(d => d.ToString()), (await DicomJson.DeserializeArrayAsync(new ChunkedStream(json, chunk))).Select(d => d.ToString()));

        var typed = new List<StudyRow>();
        await foreach (StudyRow row in DicomJson.DeserializeAsyncEnumerable<StudyRow>(new ChunkedStream(json, chunk)))
            typed.Add(row);
        Assert.Equal(DicomJson.DeserializeArray<StudyRow>(json).Select(Canonical), typed.Select(Canonical));
        Assert.Contains(typed, row => row.PatientName is not null);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(4096)]
    public async Task A_wrong_value_is_named_by_item_path_and_byte_from_the_stream_start(int chunk)
    {
        string json = """[{"00100020":{"vr":"LO","Value":["a"]}}, {"00100020":{"vr":"LO","Value":["b"]}},""" + "\n" +
                      """ {"00081115":{"vr":"SQ","Value":[{"00280010":{"vr":"US","Value":[true]}}]}}]""";
        var seen = new List<DicomDataset>();
        var error = await Assert.ThrowsAsync<DicomJsonException>(async () =>
        {
            await foreach (DicomDataset dataset in DicomJson.DeserializeAsyncEnumerable(new ChunkedStream(Bytes(json), chunk)))
                seen.Add(dataset);
        });
        Assert.Equal(2, seen.Count); // the good items came first
        Assert.Equal("$[2].00081115.Value[0].00280010.Value[0]", error.Path);
        Assert.Equal(json.IndexOf("true", StringComparison.Ordinal), error.BytePosition);

        var typed = await Assert.ThrowsAsync<DicomJsonException>(async () =>
        {
            await foreach (StudyRow _ in DicomJson.DeserializeAsyncEnumerable<StudyRow>(new ChunkedStream(Bytes(json), chunk))) { }
        });
        Assert.Equal(error.Path, typed.Path);
        Assert.Equal(error.BytePosition, typed.BytePosition);
    }

    [Theory]
    [InlineData("""[{"00100020":{"vr":"LO"}},{"00100020" 5}]""", "$[1]", "5}")]
    [InlineData("""[{"00100020":{"vr":"LO"}},"x"]""", "$[1]", "\"x\"")]
    [InlineData("""[{"00100020":{"vr":"LO"}}] {}""", "$", "{}")]
    [InlineData("""[{"00100020":{"vr":"LO"}}] x""", "$", "x")]
    [InlineData("""[{"00100020":{"vr":"LO"}},{"00100020":{"vr":"LO",""", "$[1]", null)]
    [InlineData("""null""", "$", "null")]
    public async Task Malformed_arrays_are_named_too(string json, string path, string? at)
    {
        foreach (int chunk in new[] { 1, 5, 1000 })
        {
            var error = await Assert.ThrowsAsync<DicomJsonException>(() => ReadAllAsync(new ChunkedStream(Bytes(json), chunk)));
            Assert.StartsWith(path, error.Path, StringComparison.Ordinal);
            if (at is null)
                Assert.InRange(error.BytePosition, json.Length - 2, json.Length); // where the input ends
            else
                Assert.Equal(json.IndexOf(at, StringComparison.Ordinal), error.BytePosition);
        }
    }

    [Fact]
    public async Task A_lone_object_is_one_result_and_an_empty_body_none_unless_strict()
    {
        byte[] lone = Bytes("""{"00100020":{"vr":"LO","Value":["a"]}}""");
        Assert.Equal("a", Assert.Single(await ReadAllAsync(new ChunkedStream(lone, 3))).Get(PatientID));
        Assert.Empty(await ReadAllAsync(new ChunkedStream([], 3)));
        Assert.Empty(await ReadAllAsync(new ChunkedStream(Bytes(" \r\n\t "), 3)));
        Assert.Empty(await ReadAllAsync(new ChunkedStream(Bytes("[ ]"), 1)));

        Assert.Contains("single object", (await Assert.ThrowsAsync<DicomJsonException>(() => ReadAllAsync(new ChunkedStream(lone, 3), Strict))).Message, StringComparison.Ordinal);
        Assert.Contains("empty", (await Assert.ThrowsAsync<DicomJsonException>(() => ReadAllAsync(new ChunkedStream([], 3), Strict))).Message, StringComparison.Ordinal);
        Assert.Empty(await ReadAllAsync(new ChunkedStream(Bytes("[]"), 1), Strict));
    }

    [Fact]
    public async Task An_endless_array_is_read_one_object_at_a_time()
    {
        byte[] item = DicomJson.SerializeToUtf8Bytes(new DicomDataset().Set(PatientID, "P").Set(StudyInstanceUID, "1.2.3").Set(ModalitiesInStudy, "CT", "MR"));
        var stream = new EndlessStream("["u8.ToArray(), [.. item, (byte)',']);
        int count = 0;
        await foreach (DicomDataset dataset in DicomJson.DeserializeAsyncEnumerable(stream))
        {
            Assert.Equal("1.2.3", dataset.Get(StudyInstanceUID));
            if (++count == 20_000)
                break;
        }
        // It read what the items it yielded took, plus at most its buffer: no read-ahead into the endless rest.
        long taken = 1 + 20_000L * (item.Length + 1);
        Assert.InRange(stream.BytesRead, taken - item.Length - 1, taken + 128 * 1024);

        var typedStream = new EndlessStream("["u8.ToArray(), [.. item, (byte)',']);
        count = 0;
        await foreach (StudyRow row in DicomJson.DeserializeAsyncEnumerable<StudyRow>(typedStream))
        {
            Assert.Equal(["CT", "MR"], row.ModalitiesInStudy);
            if (++count == 20_000)
                break;
        }
        Assert.InRange(typedStream.BytesRead, taken - item.Length - 1, taken + 128 * 1024);
    }

    [Theory]
    [InlineData("[{\"00100010\":{\"vr\":\"LO\",\"Value\":[\"", "a")]              // a string that never ends
    [InlineData("""[{""", """ "00090010":{"vr":"LO","Value":["x"]},""")]     // keys that never end
    [InlineData("""[{"00081115":{"vr":"SQ","Value":[""", """{"00081115":{"vr":"SQ","Value":[""")] // nesting that never ends
    public async Task An_endless_object_is_refused_at_MaxDatasetBytes_without_holding_more(string prefix, string repeated)
    {
        var options = new DicomJsonReadOptions { MaxDatasetBytes = 1 << 20 };
        var stream = new EndlessStream(Bytes(prefix), Bytes(repeated));
        var error = await Assert.ThrowsAsync<DicomJsonException>(() => ReadAllAsync(stream, options));
        Assert.Equal("$[0]", error.Path);
        Assert.Equal(1, error.BytePosition);
        Assert.Contains("MaxDatasetBytes", error.Message, StringComparison.Ordinal);
        Assert.InRange(stream.BytesRead, 1 << 20, (1 << 20) + 128 * 1024);

        var typedStream = new EndlessStream(Bytes(prefix), Bytes(repeated));
        var typed = await Assert.ThrowsAsync<DicomJsonException>(async () =>
        {
            await foreach (StudyRow _ in DicomJson.DeserializeAsyncEnumerable<StudyRow>(typedStream, options)) { }
        });
        Assert.Equal("$[0]", typed.Path);
    }

    [Fact]
    public void One_object_from_a_stream_is_bounded_by_the_default_limit_of_64_MiB()
    {
        Assert.Equal(64 * 1024 * 1024, new DicomJsonReadOptions().MaxDatasetBytes);
        var stream = new EndlessStream(Bytes("{\"00100010\":{\"vr\":\"LO\",\"Value\":[\""), Bytes("abcdefgh"));
        var error = Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(stream));
        Assert.Equal("$", error.Path);
        Assert.Equal(0, error.BytePosition);
        Assert.InRange(stream.BytesRead, 64 << 20, (64 << 20) + 128 * 1024);
    }

    [Fact]
    public async Task One_object_from_a_stream_is_read_whole_and_refuses_an_array()
    {
        byte[] json = Bytes(""" {"00100020":{"vr":"LO","Value":["a"]}} """);
        Assert.Equal("a", DicomJson.Deserialize(new ChunkedStream(json, 2)).Get(PatientID));
        Assert.Equal("a", (await DicomJson.DeserializeAsync(new ChunkedStream(json, 2))).Get(PatientID));
        Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(new ChunkedStream(Bytes("[]"), 2)));
        Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(new ChunkedStream(Bytes(""), 2)));
        var trailing = Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(new ChunkedStream(Bytes("""{} {}"""), 2)));
        Assert.Equal(3, trailing.BytePosition);
    }

    [Fact]
    public async Task Cancellation_stops_the_enumeration()
    {
        using var cancel = new CancellationTokenSource();
        byte[] item = DicomJson.SerializeToUtf8Bytes(new DicomDataset().Set(PatientID, "P"));
        var stream = new EndlessStream("["u8.ToArray(), [.. item, (byte)',']);
        int count = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (DicomDataset _ in DicomJson.DeserializeAsyncEnumerable(stream, cancellationToken: cancel.Token))
            {
                if (++count == 100)
                    cancel.Cancel();
            }
        });
        Assert.InRange(count, 100, 100 + 64 * 1024 / item.Length + 1);
    }
}
