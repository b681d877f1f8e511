using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DicomWeb.Json;

/// <summary>
/// DICOM JSON (PS3.18 Annex F) to and from <see cref="DicomDataset"/>: exact to the standard,
/// with errors that name the JSON path and byte position, and no reflection (AOT-safe).
/// </summary>
/// <example><code>
/// DicomDataset study = DicomJson.Deserialize(utf8Json);
/// IReadOnlyList&lt;DicomDataset&gt; studies = DicomJson.DeserializeArray(qidoResponse);
/// byte[] json = DicomJson.SerializeToUtf8Bytes(study);
/// </code></example>
public static class DicomJson
{
    /// <summary>The writer settings of canonical DICOM JSON: compact, UTF-8 text unescaped except where JSON requires it.</summary>
    public static JsonWriterOptions CanonicalWriterOptions { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>The converter, for JsonSerializerOptions of your own (e.g. ASP.NET Core).</summary>
    public static JsonConverter<DicomDataset> Converter { get; } = new DicomDatasetJsonConverter();

    /// <summary>Options with the converter, for System.Text.Json APIs that take options.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Type metadata for DicomDataset, for JsonSerializer calls in AOT apps (no reflection).</summary>
    public static JsonTypeInfo<DicomDataset> DatasetTypeInfo { get; } = (JsonTypeInfo<DicomDataset>)Options.GetTypeInfo(typeof(DicomDataset));

    /// <summary>Type metadata for arrays of data sets (QIDO-RS and metadata responses).</summary>
    public static JsonTypeInfo<DicomDataset[]> DatasetArrayTypeInfo { get; } = (JsonTypeInfo<DicomDataset[]>)Options.GetTypeInfo(typeof(DicomDataset[]));

    /// <summary>Reads one DICOM JSON object. The data set keeps a copy of its value bytes (not of the input) and decodes them when asked.</summary>
    /// <exception cref="DicomJsonException">The JSON is not valid DICOM JSON; the message names the path and byte position.</exception>
    public static DicomDataset Deserialize(ReadOnlySpan<byte> utf8Json) => DicomJsonParser.ParseObject(utf8Json);

    /// <inheritdoc cref="Deserialize(ReadOnlySpan{byte})"/>
    public static DicomDataset Deserialize(byte[] utf8Json) => Deserialize(utf8Json.AsSpan());

    /// <inheritdoc cref="Deserialize(ReadOnlySpan{byte})"/>
    public static DicomDataset Deserialize(string json) => DicomJsonParser.ParseObject(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>Reads one DICOM JSON object from a stream (read to its end).</summary>
    /// <exception cref="DicomJsonException">The JSON is not valid DICOM JSON.</exception>
    public static DicomDataset Deserialize(Stream utf8Json) => DicomJsonParser.ParseObject(ReadAll(utf8Json));

    /// <inheritdoc cref="Deserialize(Stream)"/>
    public static async Task<DicomDataset> DeserializeAsync(Stream utf8Json, CancellationToken cancellationToken = default) =>
        DicomJsonParser.ParseObject(await ReadAllAsync(utf8Json, cancellationToken).ConfigureAwait(false));

    /// <summary>Reads a JSON array of DICOM JSON objects (a lone object is read as one result, as some servers send it).</summary>
    /// <exception cref="DicomJsonException">The JSON is not valid DICOM JSON; the message names the path and byte position.</exception>
    public static IReadOnlyList<DicomDataset> DeserializeArray(ReadOnlySpan<byte> utf8Json) => DicomJsonParser.ParseArray(utf8Json).AsReadOnly();

    /// <inheritdoc cref="DeserializeArray(ReadOnlySpan{byte})"/>
    public static IReadOnlyList<DicomDataset> DeserializeArray(string json) => DicomJsonParser.ParseArray(System.Text.Encoding.UTF8.GetBytes(json)).AsReadOnly();

    /// <inheritdoc cref="DeserializeArray(ReadOnlySpan{byte})"/>
    public static IReadOnlyList<DicomDataset> DeserializeArray(Stream utf8Json) => DicomJsonParser.ParseArray(ReadAll(utf8Json)).AsReadOnly();

    /// <inheritdoc cref="DeserializeArray(ReadOnlySpan{byte})"/>
    public static async Task<IReadOnlyList<DicomDataset>> DeserializeArrayAsync(Stream utf8Json, CancellationToken cancellationToken = default) =>
        DicomJsonParser.ParseArray(await ReadAllAsync(utf8Json, cancellationToken).ConfigureAwait(false)).AsReadOnly();

    /// <summary>Reads one DICOM JSON object into a <see cref="DicomJsonModelAttribute"/> type, decoding only its tags.</summary>
    /// <exception cref="DicomJsonException">The JSON is malformed or a declared attribute has a value of the wrong type.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json) where T : IDicomJsonModel<T>
    {
        var reader = new Utf8JsonReader(utf8Json);
        try
        {
            reader.Read();
            return T.ReadDicomJson(ref reader);
        }
        catch (JsonException e) when (e is not DicomJsonException)
        {
            throw new DicomJsonException($"the JSON is malformed or truncated: {e.Message}", "$", reader.BytesConsumed, e);
        }
    }

    /// <summary>Reads a JSON array of DICOM JSON objects (or one object) into <see cref="DicomJsonModelAttribute"/> types.</summary>
    /// <exception cref="DicomJsonException">The JSON is malformed or a declared attribute has a value of the wrong type.</exception>
    public static IReadOnlyList<T> DeserializeArray<T>(ReadOnlySpan<byte> utf8Json) where T : IDicomJsonModel<T>
    {
        var reader = new Utf8JsonReader(utf8Json);
        var results = new List<T>();
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                results.Add(T.ReadDicomJson(ref reader));
                return results.AsReadOnly();
            }
            if (reader.TokenType != JsonTokenType.StartArray)
                throw new DicomJsonException($"expected an array of DICOM JSON objects, found {reader.TokenType}", "$", reader.TokenStartIndex);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                results.Add(T.ReadDicomJson(ref reader));
            return results.AsReadOnly();
        }
        catch (JsonException e) when (e is not DicomJsonException)
        {
            throw new DicomJsonException($"the JSON is malformed or truncated: {e.Message}", $"$[{results.Count}]", reader.BytesConsumed, e);
        }
    }

    /// <summary>A <see cref="DicomJsonModelAttribute"/> object as DICOM JSON.</summary>
    public static byte[] SerializeToUtf8Bytes<T>(T value) where T : IDicomJsonModel<T>
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CanonicalWriterOptions))
            value.WriteDicomJson(writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The data set as canonical DICOM JSON (UTF-8).</summary>
    public static byte[] SerializeToUtf8Bytes(DicomDataset dataset)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CanonicalWriterOptions))
            DicomJsonWriter.Write(writer, dataset);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The data set as DICOM JSON, with bulk data above a size written as BulkDataURIs (see <see cref="DicomJsonWriteOptions"/>).</summary>
    public static byte[] SerializeToUtf8Bytes(DicomDataset dataset, DicomJsonWriteOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CanonicalWriterOptions))
            DicomJsonWriter.Write(writer, dataset, options);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The data sets as a canonical DICOM JSON array (UTF-8).</summary>
    public static byte[] SerializeToUtf8Bytes(IEnumerable<DicomDataset> datasets)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CanonicalWriterOptions))
            WriteArray(writer, datasets);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The data set as a canonical DICOM JSON string.</summary>
    public static string Serialize(DicomDataset dataset) => System.Text.Encoding.UTF8.GetString(SerializeToUtf8Bytes(dataset));

    /// <summary>Writes the data set to a writer of your own (its options apply).</summary>
    public static void Serialize(Utf8JsonWriter writer, DicomDataset dataset) => DicomJsonWriter.Write(writer, dataset);

    /// <summary>Writes the data set as canonical DICOM JSON to a stream.</summary>
    public static async Task SerializeAsync(Stream utf8Json, DicomDataset dataset, CancellationToken cancellationToken = default)
    {
        await using var writer = new Utf8JsonWriter(utf8Json, CanonicalWriterOptions);
        DicomJsonWriter.Write(writer, dataset);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the data sets as a canonical DICOM JSON array to a stream, flushing as it goes.</summary>
    public static async Task SerializeAsync(Stream utf8Json, IEnumerable<DicomDataset> datasets, CancellationToken cancellationToken = default)
    {
        await using var writer = new Utf8JsonWriter(utf8Json, CanonicalWriterOptions);
        writer.WriteStartArray();
        foreach (DicomDataset dataset in datasets)
        {
            DicomJsonWriter.Write(writer, dataset);
            if (writer.BytesPending > 64 * 1024)
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteArray(Utf8JsonWriter writer, IEnumerable<DicomDataset> datasets)
    {
        writer.WriteStartArray();
        foreach (DicomDataset dataset in datasets)
            DicomJsonWriter.Write(writer, dataset);
        writer.WriteEndArray();
    }

    // The whole document is needed before it can be checked; the buffer is read in place, not copied again.
    private static ArraySegment<byte> ReadAll(Stream stream)
    {
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new ArraySegment<byte>(copy.GetBuffer(), 0, (int)copy.Length);
    }

    private static async Task<ArraySegment<byte>> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return new ArraySegment<byte>(copy.GetBuffer(), 0, (int)copy.Length);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, TypeInfoResolver = DicomJsonTypeResolver.Instance };
        options.Converters.Add(Converter);
        options.MakeReadOnly();
        return options;
    }
}
