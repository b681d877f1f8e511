using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
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

    /// <summary>
    /// Reads one DICOM JSON object. The data set keeps a copy of its value bytes (not of the input)
    /// and decodes them when asked. <paramref name="options"/>: limits and strictness (default:
    /// tolerant of known server deviations, sequences at most 128 deep).
    /// </summary>
    /// <exception cref="DicomJsonException">The JSON is not valid DICOM JSON; the message names the path and byte position.</exception>
    public static DicomDataset Deserialize(ReadOnlySpan<byte> utf8Json, DicomJsonReadOptions? options = null) =>
        DicomJsonParser.ParseObject(utf8Json, options ?? DicomJsonReadOptions.Default);

    /// <inheritdoc cref="Deserialize(ReadOnlySpan{byte}, DicomJsonReadOptions?)"/>
    public static DicomDataset Deserialize(byte[] utf8Json, DicomJsonReadOptions? options = null) => Deserialize(utf8Json.AsSpan(), options);

    /// <inheritdoc cref="Deserialize(ReadOnlySpan{byte}, DicomJsonReadOptions?)"/>
    public static DicomDataset Deserialize(string json, DicomJsonReadOptions? options = null) => Deserialize(System.Text.Encoding.UTF8.GetBytes(json), options);

    /// <summary>
    /// Reads one DICOM JSON object from a stream (to its end), holding at most
    /// <see cref="DicomJsonReadOptions.MaxDatasetBytes"/> of it.
    /// </summary>
    /// <exception cref="DicomJsonException">The JSON is not valid DICOM JSON, or the object is larger than the limit.</exception>
    public static DicomDataset Deserialize(Stream utf8Json, DicomJsonReadOptions? options = null)
    {
        options ??= DicomJsonReadOptions.Default;
        using var scanner = new DicomJsonStreamScanner(options, arrayExpected: false);
        var reader = new StreamDatasetReader(new ParseContext(0, options));
        while (true)
        {
            switch (scanner.Scan(reader))
            {
                case DicomJsonStreamScanner.Result.Found:
                    break;
                case DicomJsonStreamScanner.Result.NeedMore:
                    scanner.Fill(utf8Json);
                    break;
                default:
                    return reader.Current;
            }
        }
    }

    /// <inheritdoc cref="Deserialize(Stream, DicomJsonReadOptions?)"/>
    public static Task<DicomDataset> DeserializeAsync(Stream utf8Json, CancellationToken cancellationToken = default) =>
        DeserializeAsync(utf8Json, DicomJsonReadOptions.Default, cancellationToken);

    /// <inheritdoc cref="Deserialize(Stream, DicomJsonReadOptions?)"/>
    public static async Task<DicomDataset> DeserializeAsync(Stream utf8Json, DicomJsonReadOptions? options, CancellationToken cancellationToken = default)
    {
        options ??= DicomJsonReadOptions.Default;
        using var scanner = new DicomJsonStreamScanner(options, arrayExpected: false);
        var reader = new StreamDatasetReader(new ParseContext(0, options));
        while (true)
        {
            switch (scanner.Scan(reader))
            {
                case DicomJsonStreamScanner.Result.Found:
                    break;
                case DicomJsonStreamScanner.Result.NeedMore:
                    await scanner.FillAsync(utf8Json, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    return reader.Current;
            }
        }
    }

    /// <summary>
    /// Reads a JSON array of DICOM JSON objects. Tolerated unless <see cref="DicomJsonReadOptions.Strict"/>:
    /// a lone object, read as one result (as some servers answer QIDO-RS), and an empty input (or
    /// only whitespace), read as no results.
    /// </summary>
    /// <exception cref="DicomJsonException">The JSON is not valid DICOM JSON; the message names the path and byte position.</exception>
    public static IReadOnlyList<DicomDataset> DeserializeArray(ReadOnlySpan<byte> utf8Json, DicomJsonReadOptions? options = null) =>
        DicomJsonParser.ParseArray(utf8Json, options ?? DicomJsonReadOptions.Default).AsReadOnly();

    /// <inheritdoc cref="DeserializeArray(ReadOnlySpan{byte}, DicomJsonReadOptions?)"/>
    public static IReadOnlyList<DicomDataset> DeserializeArray(string json, DicomJsonReadOptions? options = null) =>
        DeserializeArray(System.Text.Encoding.UTF8.GetBytes(json), options);

    /// <summary>
    /// Reads a JSON array of DICOM JSON objects from a stream, one object at a time: the input held
    /// is bounded by <see cref="DicomJsonReadOptions.MaxDatasetBytes"/>, the result by the data sets read.
    /// </summary>
    /// <inheritdoc cref="DeserializeArray(ReadOnlySpan{byte}, DicomJsonReadOptions?)"/>
    public static IReadOnlyList<DicomDataset> DeserializeArray(Stream utf8Json, DicomJsonReadOptions? options = null)
    {
        options ??= DicomJsonReadOptions.Default;
        using var scanner = new DicomJsonStreamScanner(options, arrayExpected: true);
        var reader = new StreamDatasetReader(new ParseContext(0, options)); // one context: the values share the arena's chunks
        var results = new List<DicomDataset>();
        while (true)
        {
            switch (scanner.Scan(reader))
            {
                case DicomJsonStreamScanner.Result.Found:
                    results.Add(reader.Current);
                    break;
                case DicomJsonStreamScanner.Result.NeedMore:
                    scanner.Fill(utf8Json);
                    break;
                default:
                    return results.AsReadOnly();
            }
        }
    }

    /// <inheritdoc cref="DeserializeArray(Stream, DicomJsonReadOptions?)"/>
    public static Task<IReadOnlyList<DicomDataset>> DeserializeArrayAsync(Stream utf8Json, CancellationToken cancellationToken = default) =>
        DeserializeArrayAsync(utf8Json, DicomJsonReadOptions.Default, cancellationToken);

    /// <inheritdoc cref="DeserializeArray(Stream, DicomJsonReadOptions?)"/>
    public static async Task<IReadOnlyList<DicomDataset>> DeserializeArrayAsync(Stream utf8Json, DicomJsonReadOptions? options, CancellationToken cancellationToken = default)
    {
        var results = new List<DicomDataset>();
        await foreach (DicomDataset dataset in DeserializeAsyncEnumerable(utf8Json, options, cancellationToken).ConfigureAwait(false))
            results.Add(dataset);
        return results.AsReadOnly();
    }

    /// <summary>
    /// Reads a JSON array of DICOM JSON objects from a stream and yields each data set as soon as
    /// its object has arrived, holding one object at a time (at most
    /// <see cref="DicomJsonReadOptions.MaxDatasetBytes"/>, default 64 MiB, plus one read): an
    /// endless or huge response costs the objects the caller takes, not the whole body. A lone
    /// object is one result, an empty body (or only whitespace) none, both tolerated unless
    /// <see cref="DicomJsonReadOptions.Strict"/>. Content after the array is an error, found once
    /// the stream ends. Errors name the object as <c>$[n]</c> and the byte from the stream's start.
    /// </summary>
    /// <example><code>
    /// await foreach (DicomDataset study in DicomJson.DeserializeAsyncEnumerable(response.Content.ReadAsStream(), cancellationToken: ct))
    ///     Console.WriteLine(study.Get(StudyInstanceUID));
    /// </code></example>
    /// <exception cref="DicomJsonException">The JSON is not valid DICOM JSON, or an object is larger than the limit.</exception>
    public static IAsyncEnumerable<DicomDataset> DeserializeAsyncEnumerable(Stream utf8Json, DicomJsonReadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= DicomJsonReadOptions.Default;
        // One context: the values share the arena's chunks.
        return ReadObjectsAsync(utf8Json, options, static o => new StreamDatasetReader(new ParseContext(0, o)), cancellationToken);
    }

    /// <summary>
    /// <see cref="DeserializeAsyncEnumerable(Stream, DicomJsonReadOptions?, CancellationToken)"/> into
    /// a <see cref="DicomJsonModelAttribute"/> type: each object is checked as the generic reader
    /// checks it, then read straight into the model.
    /// </summary>
    /// <exception cref="DicomJsonException">The JSON is not valid DICOM JSON, an object is larger than the limit, or a declared attribute has a value of the wrong type.</exception>
    public static IAsyncEnumerable<T> DeserializeAsyncEnumerable<T>(Stream utf8Json, DicomJsonReadOptions? options = null,
        CancellationToken cancellationToken = default) where T : IDicomJsonModel<T>
    {
        options ??= DicomJsonReadOptions.Default;
        // One context for all objects: a result costs the model, not a parse state.
        return ReadObjectsAsync(utf8Json, options, static o => new StreamModelReader<T>(new ParseContext(0, o, validateOnly: true)), cancellationToken);
    }

    // The objects of a streamed array, each read as soon as its bytes have come; a reader of its own for each enumeration.
    private static async IAsyncEnumerable<T> ReadObjectsAsync<T>(Stream utf8Json, DicomJsonReadOptions options, Func<DicomJsonReadOptions, DicomJsonStreamScanner.IObjectReader<T>> newReader,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        DicomJsonStreamScanner.IObjectReader<T> reader = newReader(options);
        using var scanner = new DicomJsonStreamScanner(options, arrayExpected: true);
        while (true)
        {
            switch (scanner.Scan(reader))
            {
                case DicomJsonStreamScanner.Result.Found:
                    yield return reader.Current;
                    break;
                case DicomJsonStreamScanner.Result.NeedMore:
                    await scanner.FillAsync(utf8Json, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    yield break;
            }
        }
    }

    /// <summary>
    /// Reads one DICOM JSON object into a <see cref="DicomJsonModelAttribute"/> type, decoding only
    /// its tags. The whole object is checked as <see cref="Deserialize(ReadOnlySpan{byte}, DicomJsonReadOptions?)"/>
    /// checks it (duplicate keys, VRs, values, content after the end, the same tolerances), so both
    /// accept and refuse the same input.
    /// </summary>
    /// <exception cref="DicomJsonException">The JSON is not valid DICOM JSON or a declared attribute has a value the property cannot hold.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json, DicomJsonReadOptions? options = null) where T : IDicomJsonModel<T> =>
        ReadModel<T>(utf8Json, new ParseContext(utf8Json.Length, options ?? DicomJsonReadOptions.Default, validateOnly: true), 0, -1);

    /// <summary>Reads a JSON array of DICOM JSON objects (or, tolerated unless strict, one object) into <see cref="DicomJsonModelAttribute"/> types.</summary>
    /// <exception cref="DicomJsonException">The JSON is not valid DICOM JSON or a declared attribute has a value the property cannot hold.</exception>
    public static IReadOnlyList<T> DeserializeArray<T>(ReadOnlySpan<byte> utf8Json, DicomJsonReadOptions? options = null) where T : IDicomJsonModel<T>
    {
        options ??= DicomJsonReadOptions.Default;
        var context = new ParseContext(utf8Json.Length, options, validateOnly: true);
        var models = new List<T>();
        int p = 0;
        // Beyond the shapes the fast reader knows, the general reader reads the object alone; any error,
        // and any shape other than an array, is the general reader's on the whole input.
        if (!DicomJsonFastReader.TryStartArray(utf8Json, ref p, out bool more))
            return DeserializeArrayGeneral<T>(utf8Json, options);
        while (more)
        {
            int start = p;
            if (!TryReadCheckedModel<T>(utf8Json, ref p, context, out var model) && !TryModelInArray(utf8Json, start, ref p, context, models.Count, out model))
                return DeserializeArrayGeneral<T>(utf8Json, options);
            models.Add(model!);
            if (!DicomJsonFastReader.TryNextElement(utf8Json, ref p, out more))
                return DeserializeArrayGeneral<T>(utf8Json, options);
        }
        return DicomJsonFastReader.AtEnd(utf8Json, p) ? models.AsReadOnly() : DeserializeArrayGeneral<T>(utf8Json, options);
    }

    /// <summary>The object at <paramref name="start"/> of an array read by the general reader alone; false when it is not a whole object or is refused.</summary>
    private static bool TryModelInArray<T>(ReadOnlySpan<byte> utf8Json, int start, ref int p, ParseContext context, int index, [NotNullWhen(true)] out T? model) where T : IDicomJsonModel<T>
    {
        model = default;
        if (!JsonBytes.At(utf8Json, start, (byte)'{') || !JsonBytes.TrySkipContainer(utf8Json, start, out int end))
            return false;
        context.FallbackBytes += end - start;
        try
        {
            model = ReadModelGeneral<T>(utf8Json[start..end], context, start, index, insideArray: true);
        }
        catch (DicomJsonException)
        {
            return false;
        }
        p = end;
        return true;
    }

    /// <summary>
    /// One object the fast reader checks at <paramref name="p"/> and the model then decodes; false
    /// (nothing thrown) when the object or a value is one for the general reader to judge.
    /// </summary>
    internal static bool TryReadCheckedModel<T>(ReadOnlySpan<byte> utf8Json, ref int p, ParseContext context, [NotNullWhen(true)] out T? model) where T : IDicomJsonModel<T>
    {
        model = default;
        if (!DicomJsonFastReader.TryCheckModelObject(utf8Json, ref p, context, context.ModelAttributes))
            return false;
        context.ModelCursor = 0;
        var scope = new DicomJsonModelScope(utf8Json, context, checkedAlready: true);
        var reader = default(Utf8JsonReader);
        try
        {
            model = T.ReadDicomJson(ref reader, ref scope);
            return true;
        }
        catch (Exception e) when (e is DicomJsonException or JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            return false; // A value the property cannot hold: the general reader says where.
        }
    }

    /// <summary><see cref="DeserializeArray{T}(ReadOnlySpan{byte}, DicomJsonReadOptions?)"/> by the general reader alone (the reference the fast reader is tested against).</summary>
    internal static IReadOnlyList<T> DeserializeArrayGeneral<T>(ReadOnlySpan<byte> utf8Json, DicomJsonReadOptions? options = null) where T : IDicomJsonModel<T>
    {
        // The same shapes and errors as DicomJsonParser.ParseArray, each object read by the model in one checked pass.
        options ??= DicomJsonReadOptions.Default;
        var context = new ParseContext(utf8Json.Length, options, validateOnly: true);
        var scope = new DicomJsonModelScope(utf8Json, context);
        var reader = new Utf8JsonReader(utf8Json, DicomJsonParser.ReaderOptions(options));
        var results = new List<T>();
        try
        {
            if (utf8Json.Trim(" \t\r\n"u8).IsEmpty)
            {
                // An empty body (or only whitespace): no results, unless strict.
                if (options.Strict)
                    context.Fail("the JSON is empty: expected an array of DICOM JSON objects", utf8Json.Length);
                return results.AsReadOnly();
            }
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                if (options.Strict)
                    context.Fail("expected an array of DICOM JSON objects, found a single object", reader.TokenStartIndex);
                results.Add(T.ReadDicomJson(ref reader, ref scope));
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (DicomJsonParser.Next(ref reader, context) != JsonTokenType.EndArray)
                {
                    context.Path.TopIndex = results.Count;
                    if (reader.TokenType != JsonTokenType.StartObject)
                        context.Fail($"expected a DICOM JSON object in the array, found {DicomJsonParser.Describe(reader.TokenType)}", reader.TokenStartIndex);
                    results.Add(T.ReadDicomJson(ref reader, ref scope));
                }
                context.Path.TopIndex = -1;
            }
            else
            {
                context.Fail($"expected an array of DICOM JSON objects, found {DicomJsonParser.Describe(reader.TokenType)}", reader.TokenStartIndex);
            }
            DicomJsonParser.ExpectEnd(ref reader, context);
            return results.AsReadOnly();
        }
        catch (DicomJsonException e)
        {
            throw e.Rebase(0, results.Count); // A decoding error of the model; the checks' errors are placed already.
        }
        catch (JsonException e)
        {
            throw DicomJsonParser.Malformed(e, ref reader, context);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw new DicomJsonException($"a value cannot be read into {typeof(T).Name}: {e.Message}", $"$[{results.Count}]", reader.TokenStartIndex, e);
        }
    }

    /// <summary>One object into a model, checked by the generic parser's rules as the generated reader reads it.</summary>
    internal static T ReadModel<T>(ReadOnlySpan<byte> utf8Json, ParseContext context, long offset, int topIndex) where T : IDicomJsonModel<T>
    {
        int p = 0;
        if (TryReadCheckedModel<T>(utf8Json, ref p, context, out var fast) && DicomJsonFastReader.AtEnd(utf8Json, p))
            return fast;
        return ReadModelGeneral<T>(utf8Json, context, offset, topIndex);
    }

    /// <summary>
    /// One object into a model by the general reader. <paramref name="insideArray"/>: an element of an
    /// array held in memory, read alone, so it may nest one level less deep, as it could in place.
    /// </summary>
    internal static T ReadModelGeneral<T>(ReadOnlySpan<byte> utf8Json, ParseContext context, long offset, int topIndex, bool insideArray = false) where T : IDicomJsonModel<T>
    {
        context.StreamOffset = offset;
        context.InputLength = utf8Json.Length;
        context.Path.TopIndex = topIndex;
        var scope = new DicomJsonModelScope(utf8Json, context);
        JsonReaderOptions readerOptions = DicomJsonParser.ReaderOptions(context.Options);
        if (insideArray)
            readerOptions.MaxDepth--;
        var reader = new Utf8JsonReader(utf8Json, readerOptions);
        try
        {
            if (DicomJsonParser.Next(ref reader, context) != JsonTokenType.StartObject)
                context.Fail($"expected a DICOM JSON object, found {DicomJsonParser.Describe(reader.TokenType)}", reader.TokenStartIndex);
            T model = T.ReadDicomJson(ref reader, ref scope);
            DicomJsonParser.ExpectEnd(ref reader, context);
            return model;
        }
        catch (DicomJsonException e)
        {
            throw e.Rebase(offset, topIndex);
        }
        catch (JsonException e)
        {
            throw DicomJsonParser.Malformed(e, ref reader, context);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // The checks leave no malformed input; what remains is a value the property type cannot hold.
            throw new DicomJsonException($"a value cannot be read into {typeof(T).Name}: {e.Message}", topIndex >= 0 ? $"$[{topIndex}]" : "$", offset + reader.TokenStartIndex, e);
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

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, TypeInfoResolver = DicomJsonTypeResolver.Instance };
        options.Converters.Add(Converter);
        options.MakeReadOnly();
        return options;
    }
}
