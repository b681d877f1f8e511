using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using DicomWeb.Json;

namespace DicomWeb.Benchmarks;

/// <summary>
/// DICOM JSON read and write against the floor of System.Text.Json itself on the same bytes: a
/// bare Utf8JsonReader pass (the baseline, Ratio 1.00), JsonDocument.Parse, and a Utf8JsonWriter
/// pass writing the same tokens.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class DicomJsonBenchmarks
{
    private byte[] _json = [];
    private IReadOnlyList<DicomDataset> _datasets = [];
    private (JsonTokenType Type, byte[] Value)[] _tokens = [];
    private readonly ArrayBufferWriter<byte> _output = new(1 << 20);
    private (int Start, int Length)[] _base64 = [];
    private byte[] _decoded = [];

    [ParamsSource(nameof(Corpora))]
    public string Corpus { get; set; } = "";

    public static IEnumerable<string> Corpora => DicomWeb.Benchmarks.Corpus.Names;

    [GlobalSetup]
    public void Setup()
    {
        _json = DicomWeb.Benchmarks.Corpus.Get(Corpus).Json;
        _datasets = DicomJson.DeserializeArray(_json);
        var tokens = new List<(JsonTokenType, byte[])>();
        var base64 = new List<(int, int)>();
        var reader = new Utf8JsonReader(_json);
        while (reader.Read())
        {
            tokens.Add((reader.TokenType, reader.ValueSpan.ToArray()));
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("InlineBinary"u8) && reader.Read())
            {
                tokens.Add((reader.TokenType, reader.ValueSpan.ToArray()));
                base64.Add(((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length));
            }
        }
        _tokens = [.. tokens];
        _base64 = [.. base64];
        _decoded = new byte[base64.Count == 0 ? 0 : base64.Max(b => b.Item2)];
    }

    /// <summary>What holding InlineBinary as bytes costs at the least: every value decoded into one reused buffer (no allocation).</summary>
    [Benchmark(Description = "floor: base64 decode of the InlineBinary values")]
    public long Base64DecodeFloor()
    {
        long total = 0;
        foreach (var (start, length) in _base64)
        {
            System.Buffers.Text.Base64.DecodeFromUtf8(_json.AsSpan(start, length), _decoded, out _, out int written);
            total += written;
        }
        return total;
    }

    /// <summary>
    /// What a reader that hands out InlineBinary as bytes pays at the least: every value decoded into an
    /// array of its own, all held until the call returns, as a data set holds them (fresh memory, and
    /// the collections that move it while it is alive).
    /// </summary>
    [Benchmark(Description = "floor: base64 decode of the InlineBinary values into arrays held")]
    public long Base64DecodeHeldFloor()
    {
        var held = new byte[_base64.Length][];
        long total = 0;
        for (int i = 0; i < _base64.Length; i++)
        {
            var (start, length) = _base64[i];
            ReadOnlySpan<byte> text = _json.AsSpan(start, length);
            byte[] bytes = GC.AllocateUninitializedArray<byte>(System.Buffers.Text.Base64.GetMaxDecodedFromUtf8Length(length));
            System.Buffers.Text.Base64.DecodeFromUtf8(text, bytes, out _, out int written);
            held[i] = bytes;
            total += written;
        }
        GC.KeepAlive(held);
        return total;
    }

    [Benchmark(Baseline = true, Description = "floor: Utf8JsonReader pass")]
    public long ReaderPass()
    {
        var reader = new Utf8JsonReader(_json);
        long sum = 0;
        while (reader.Read())
            sum += reader.ValueSpan.Length;
        return sum;
    }

    /// <summary>
    /// The floor for reading from a stream: the same bytes read in 64 KiB chunks from a MemoryStream
    /// and passed through one Utf8JsonReader whose state carries across chunks (a token cut by a
    /// chunk's end is moved to the front and read again), as System.Text.Json's own streaming does.
    /// </summary>
    [Benchmark(Description = "floor: Utf8JsonReader pass over a stream")]
    public long StreamReaderPass() => StreamPass(_json);

    internal static long StreamPass(byte[] json)
    {
        var stream = new MemoryStream(json, writable: false);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var state = new JsonReaderState();
        long sum = 0;
        int held = 0;
        while (true)
        {
            int read = stream.Read(buffer, held, buffer.Length - held);
            bool final = read == 0;
            var reader = new Utf8JsonReader(buffer.AsSpan(0, held + read), final, state);
            while (reader.Read())
                sum += reader.ValueSpan.Length;
            if (final)
                break;
            state = reader.CurrentState;
            int used = (int)reader.BytesConsumed;
            held = held + read - used;
            if (held == buffer.Length)
            {
                byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, held).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
            else
            {
                buffer.AsSpan(used, held).CopyTo(buffer);
            }
        }
        ArrayPool<byte>.Shared.Return(buffer);
        return sum;
    }

    [Benchmark(Description = "floor: JsonDocument.Parse")]
    public int JsonDocumentParse()
    {
        using var document = JsonDocument.Parse(_json);
        return document.RootElement.GetArrayLength();
    }

    [Benchmark(Description = "floor: Utf8JsonWriter pass")]
    public long WriterPass()
    {
        _output.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_output, DicomJson.CanonicalWriterOptions);
        foreach (var (type, value) in _tokens)
        {
            switch (type)
            {
                case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                case JsonTokenType.PropertyName: writer.WritePropertyName(value); break;
                case JsonTokenType.String: writer.WriteStringValue(value); break;
                case JsonTokenType.Number: writer.WriteRawValue(value, skipInputValidation: true); break;
                case JsonTokenType.Null: writer.WriteNullValue(); break;
            }
        }
        writer.Flush();
        return writer.BytesCommitted;
    }

    [Benchmark(Description = "DicomJson.DeserializeArray")]
    public int Deserialize() => DicomJson.DeserializeArray(_json).Count;

    [Benchmark(Description = "DicomJson.Serialize")]
    public long Serialize()
    {
        _output.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_output, DicomJson.CanonicalWriterOptions);
        writer.WriteStartArray();
        foreach (DicomDataset dataset in _datasets)
            DicomJson.Serialize(writer, dataset);
        writer.WriteEndArray();
        writer.Flush();
        return writer.BytesCommitted;
    }

    [Benchmark(Description = "typed model, 5 study attributes")]
    public int TypedModel() => DicomJson.DeserializeArray<StudyFive>(_json).Count;

    /// <summary>What SearchAsync&lt;T&gt; and RetrieveMetadataAsync&lt;T&gt; do with a response body: objects read one by one from the stream straight into the model.</summary>
    [Benchmark(Description = "typed model from a stream, as SearchAsync<T> reads")]
    public async Task<int> TypedModelStream()
    {
        int count = 0;
        await foreach (StudyFive _ in DicomJson.DeserializeAsyncEnumerable<StudyFive>(new MemoryStream(_json, writable: false)))
            count++;
        return count;
    }
}

/// <summary>The model the typed benchmark reads: five study attributes.</summary>
[DicomJsonModel]
public partial record StudyFive
{
    public string? StudyInstanceUID { get; init; }
    public PersonName? PatientName { get; init; }
    public DicomDate? StudyDate { get; init; }
    public string? PatientID { get; init; }
    public string? AccessionNumber { get; init; }
}
