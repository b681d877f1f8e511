using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;

namespace DicomWeb.Json;

/// <summary>
/// Reads DICOM JSON (PS3.18 Annex F) into <see cref="DicomDataset"/>s in one pass: every rule is
/// checked here, and each value array is copied, still as UTF-8 JSON, into a shared arena for the
/// getters to decode when asked. The same pass, with no data sets built, checks the input of the
/// typed models. See docs/dicom-json.md for what is tolerated and what <see cref="DicomJsonReadOptions.Strict"/> refuses.
/// </summary>
internal static partial class DicomJsonParser
{
    public static JsonReaderOptions ReaderOptions(DicomJsonReadOptions options) => new() { MaxDepth = options.JsonMaxDepth };

    /// <summary>One object; <paramref name="streamOffset"/> and <paramref name="topIndex"/> place it in a streamed array for error messages.</summary>
    public static DicomDataset ParseObject(ReadOnlySpan<byte> input, DicomJsonReadOptions options, long streamOffset = 0, int topIndex = -1) =>
        ParseObject(input, new ParseContext(input.Length, options), streamOffset, topIndex);

    /// <summary>One object of a stream, with a context shared by the stream's objects (their values share the arena's chunks).</summary>
    public static DicomDataset ParseObject(ReadOnlySpan<byte> input, ParseContext context, long streamOffset, int topIndex)
    {
        context.StreamOffset = streamOffset;
        context.InputLength = input.Length;
        return DicomJsonFastReader.TryReadObject(input, context, out DicomDataset? dataset) ? dataset! : Object(input, context, topIndex);
    }

    /// <summary>One object of a stream by the general parser alone (the fast reader gave it up), with the stream's shared context.</summary>
    public static DicomDataset ParseObjectGeneral(ReadOnlySpan<byte> input, ParseContext context, long streamOffset, int topIndex)
    {
        context.StreamOffset = streamOffset;
        context.InputLength = input.Length;
        context.FallbackBytes += input.Length;
        context.Depth = 0;
        return Object(input, context, topIndex);
    }

    /// <summary><see cref="ParseObject(ReadOnlySpan{byte}, DicomJsonReadOptions, long, int)"/> by the general parser alone (the reference the fast reader is tested against).</summary>
    internal static DicomDataset ParseObjectGeneral(ReadOnlySpan<byte> input, DicomJsonReadOptions options, long streamOffset = 0, int topIndex = -1) =>
        Object(input, new ParseContext(input.Length, options) { StreamOffset = streamOffset }, topIndex);

    /// <summary>
    /// One object by the general parser. <paramref name="insideArray"/>: the object is an element of
    /// an array held in memory, read alone, so it may nest one level less deep, as it could in place.
    /// </summary>
    private static DicomDataset Object(ReadOnlySpan<byte> input, ParseContext context, int topIndex, bool insideArray = false)
    {
        JsonReaderOptions readerOptions = ReaderOptions(context.Options);
        if (insideArray)
            readerOptions.MaxDepth--;
        var reader = new Utf8JsonReader(input, readerOptions);
        context.Path.TopIndex = topIndex;
        try
        {
            Next(ref reader, context);
            if (reader.TokenType != JsonTokenType.StartObject)
                context.Fail($"expected a DICOM JSON object, found {Describe(reader.TokenType)}", reader.TokenStartIndex);
            DicomDataset dataset = ReadDataset(ref reader, input, context)!;
            ExpectEnd(ref reader, context);
            return dataset;
        }
        catch (JsonException e) when (e is not DicomJsonException)
        {
            throw Malformed(e, ref reader, context);
        }
    }

    /// <summary>
    /// An array of objects. Tolerated unless strict: a single object (read as a one-element array,
    /// as some servers answer QIDO-RS) and an empty input (no results).
    /// </summary>
    /// <remarks>
    /// The fast reader reads each object; where it gives up, the general parser reads that object
    /// alone, not the whole input again. Any error, and any shape other than an array, is left to
    /// <see cref="ParseArrayGeneral"/> on the whole input, so errors name their place as it does.
    /// </remarks>
    public static List<DicomDataset> ParseArray(ReadOnlySpan<byte> input, DicomJsonReadOptions options) => ParseArray(input, options, out _);

    /// <summary><see cref="ParseArray(ReadOnlySpan{byte}, DicomJsonReadOptions)"/>, saying how many bytes the general parser read again after the fast reader gave up (tests).</summary>
    internal static List<DicomDataset> ParseArray(ReadOnlySpan<byte> input, DicomJsonReadOptions options, out long fallbackBytes)
    {
        fallbackBytes = 0;
        var context = new ParseContext(input.Length, options);
        var datasets = new List<DicomDataset>();
        int p = 0;
        if (!DicomJsonFastReader.TryStartArray(input, ref p, out bool more))
            return ParseArrayGeneral(input, options);
        while (more)
        {
            int start = p;
            if (!DicomJsonFastReader.TryReadDataset(input, ref p, context, out DicomDataset? dataset)
                && !TryObjectInArray(input, start, ref p, context, datasets.Count, out dataset))
                return ParseArrayGeneral(input, options);
            datasets.Add(dataset!);
            if (!DicomJsonFastReader.TryNextElement(input, ref p, out more))
                return ParseArrayGeneral(input, options);
        }
        fallbackBytes = context.FallbackBytes;
        return DicomJsonFastReader.AtEnd(input, p) ? datasets : ParseArrayGeneral(input, options);
    }

    /// <summary>
    /// The object at <paramref name="start"/> of an array, read by the general parser alone (the fast
    /// reader gave it up); false when it is not a whole object or the general parser refuses it.
    /// </summary>
    private static bool TryObjectInArray(ReadOnlySpan<byte> input, int start, ref int p, ParseContext context, int index, out DicomDataset? dataset)
    {
        dataset = null;
        if (!JsonBytes.At(input, start, (byte)'{') || !JsonBytes.TrySkipContainer(input, start, out int end))
            return false;
        context.FallbackBytes += end - start;
        context.StreamOffset = start;
        context.Depth = 0;
        try
        {
            dataset = Object(input[start..end], context, index, insideArray: true);
        }
        catch (DicomJsonException)
        {
            return false; // the error is named by the general parser on the whole input
        }
        context.StreamOffset = 0;
        p = end;
        return true;
    }

    /// <summary><see cref="ParseArray(ReadOnlySpan{byte}, DicomJsonReadOptions)"/> by the general parser alone: every shape it tolerates, every error with its place.</summary>
    internal static List<DicomDataset> ParseArrayGeneral(ReadOnlySpan<byte> input, DicomJsonReadOptions options)
    {
        var context = new ParseContext(input.Length, options);
        var reader = new Utf8JsonReader(input, ReaderOptions(options));
        var datasets = new List<DicomDataset>();
        int count = 0;
        try
        {
            if (input.Trim(" \t\r\n"u8).IsEmpty)
            {
                // An empty body (or only whitespace): no results, unless strict.
                if (options.Strict)
                    context.Fail("the JSON is empty: expected an array of DICOM JSON objects", input.Length);
                return datasets;
            }
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                if (options.Strict)
                    context.Fail("expected an array of DICOM JSON objects, found a single object", reader.TokenStartIndex);
                Add(datasets, ReadDataset(ref reader, input, context));
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (Next(ref reader, context) != JsonTokenType.EndArray)
                {
                    context.Path.TopIndex = count++;
                    if (reader.TokenType != JsonTokenType.StartObject)
                        context.Fail($"expected a DICOM JSON object in the array, found {Describe(reader.TokenType)}", reader.TokenStartIndex);
                    Add(datasets, ReadDataset(ref reader, input, context));
                }
                context.Path.TopIndex = -1;
            }
            else
            {
                context.Fail($"expected an array of DICOM JSON objects, found {Describe(reader.TokenType)}", reader.TokenStartIndex);
            }
            ExpectEnd(ref reader, context);
            return datasets;
        }
        catch (JsonException e) when (e is not DicomJsonException)
        {
            throw Malformed(e, ref reader, context);
        }
    }

    private static void Add(List<DicomDataset> datasets, DicomDataset? dataset)
    {
        if (dataset is not null)
            datasets.Add(dataset);
    }

    private static DicomDataset? ReadDataset(ref Utf8JsonReader reader, ReadOnlySpan<byte> input, ParseContext context)
    {
        // A bound for MaxSequenceDepth values near the top and threads with small stacks alike.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            context.Fail("the data set nests too deep for the thread's stack", reader.TokenStartIndex);

        // Slots gather in a scratch list reused at each nesting depth; the data set gets an exact-size copy.
        List<ElementSlot> slots = context.RentSlots();
        List<long> keyStarts = context.RentKeyStarts();
        bool ordered = true;
        while (Next(ref reader, context) != JsonTokenType.EndObject)
        {
            long keyStart = reader.TokenStartIndex;
            uint tag = ReadKey(ref reader, context);
            context.Path.PushTag(tag);
            if (Next(ref reader, context) != JsonTokenType.StartObject)
                context.Fail($"the attribute {tag:X8} must be an object with \"vr\", found {Describe(reader.TokenType)}", reader.TokenStartIndex);
            ElementSlot slot = ReadAttribute(ref reader, input, tag, context);
            AddSlot(slots, keyStarts, slot, keyStart, ref ordered, context);
        }
        if (!ordered)
            SortAndCheck(slots, keyStarts, context);
        DicomDataset? dataset = null;
        if (!context.ValidateOnly)
        {
            dataset = new DicomDataset();
            dataset.SetParsed(slots);
        }
        context.ReturnSlots(slots);
        context.ReturnKeyStarts(keyStarts);
        return dataset;
    }

    /// <summary>Adds an attribute read to its data set's list, refusing a key that appears twice in a row.</summary>
    private static void AddSlot(List<ElementSlot> slots, List<long> keyStarts, in ElementSlot slot, long keyStart, ref bool ordered, ParseContext context)
    {
        if (slots.Count > 0 && slots[^1].Tag >= slot.Tag)
        {
            if (slots[^1].Tag == slot.Tag)
                context.Fail($"the key {slot.Tag:X8} appears twice in one object", keyStart);
            ordered = false;
        }
        // Out of order (F.2.2 asks for ascending): appended now, sorted once at the end.
        slots.Add(slot);
        keyStarts.Add(keyStart);
        context.Path.Pop();
    }

    /// <summary>
    /// The start of a data set read by a typed model (reader on its StartObject): the same checks
    /// as <see cref="ReadDataset"/>, driven attribute by attribute by the generated reader.
    /// </summary>
    public static void BeginModelObject(ref Utf8JsonReader reader, ParseContext context)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            context.Fail($"expected a DICOM JSON object, found {Describe(reader.TokenType)}", reader.TokenStartIndex);
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            context.Fail("the data set nests too deep for the thread's stack", reader.TokenStartIndex);
        context.PushModelFrame();
    }

    /// <summary>The next attribute of a typed model's data set: true with the reader on its StartObject; false (the data set checked) at its end.</summary>
    public static bool NextModelAttribute(ref Utf8JsonReader reader, ParseContext context, out uint tag)
    {
        ParseContext.ModelFrame frame = context.CurrentModelFrame;
        if (Next(ref reader, context) == JsonTokenType.EndObject)
        {
            if (!frame.Ordered)
                SortAndCheck(frame.Slots, frame.KeyStarts, context);
            context.PopModelFrame();
            tag = 0;
            return false;
        }
        frame.KeyStart = reader.TokenStartIndex;
        tag = ReadKey(ref reader, context);
        context.Path.PushTag(tag);
        if (Next(ref reader, context) != JsonTokenType.StartObject)
            context.Fail($"the attribute {tag:X8} must be an object with \"vr\", found {Describe(reader.TokenType)}", reader.TokenStartIndex);
        return true;
    }

    /// <summary>Checks one attribute of a typed model's data set as <see cref="ReadDataset"/> does (reader on its StartObject, left on its EndObject); returns its VR and form.</summary>
    public static ElementSlot CheckModelAttribute(ref Utf8JsonReader reader, ReadOnlySpan<byte> input, uint tag, ParseContext context)
    {
        ParseContext.ModelFrame frame = context.CurrentModelFrame;
        ElementSlot slot = ReadAttribute(ref reader, input, tag, context);
        AddSlot(frame.Slots, frame.KeyStarts, new ElementSlot { Tag = tag }, frame.KeyStart, ref frame.Ordered, context);
        return slot;
    }

    /// <summary>Puts the slots in tag order in O(n log n) and refuses a key that appears twice, naming its second place.</summary>
    private static void SortAndCheck(List<ElementSlot> slots, List<long> keyStarts, ParseContext context)
    {
        int duplicate = SlotOrder.Sort(slots, keyStarts);
        if (duplicate < 0)
            return;
        uint tag = slots[duplicate].Tag;
        context.Path.PushTag(tag);
        context.Fail($"the key {tag:X8} appears twice in one object", Math.Max(keyStarts[duplicate], keyStarts[duplicate - 1]));
    }

    /// <summary>Refuses a string token that is not valid UTF-8 (or has an escape that is not valid UTF-16), so no getter fails on it later.</summary>
    public static void CheckText(ref Utf8JsonReader reader, ParseContext context)
    {
        if (!reader.ValueIsEscaped)
        {
            if (!Utf8.IsValid(reader.ValueSpan))
                context.Fail("the string is not valid UTF-8", reader.TokenStartIndex);
            return;
        }
        Text(ref reader, context);
    }

    /// <summary>The string token as text; invalid UTF-8 or a broken escape is a DicomJsonException rather than the reader's InvalidOperationException.</summary>
    public static string Text(ref Utf8JsonReader reader, ParseContext context)
    {
        if (!reader.ValueIsEscaped && !Utf8.IsValid(reader.ValueSpan))
            context.Fail("the string is not valid UTF-8", reader.TokenStartIndex);
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            context.Fail("the string is not valid UTF-8 or has an escape that is not valid UTF-16", reader.TokenStartIndex, e);
            return null;
        }
    }

    public static JsonTokenType Next(ref Utf8JsonReader reader, ParseContext context)
    {
        if (!reader.Read())
            context.Fail("the JSON ends early (truncated)", reader.BytesConsumed);
        return reader.TokenType;
    }

    public static void ExpectEnd(ref Utf8JsonReader reader, ParseContext context)
    {
        if (reader.Read())
            context.Fail($"unexpected {Describe(reader.TokenType)} after the end of the DICOM JSON", reader.TokenStartIndex);
    }

    public static DicomJsonException Malformed(JsonException e, ref Utf8JsonReader reader, ParseContext context)
    {
        string what = reader.CurrentDepth >= context.Options.JsonMaxDepth - 1
            ? $"the JSON nests deeper than DICOM JSON with sequences {context.Options.MaxSequenceDepth} levels deep can (DicomJsonReadOptions.MaxSequenceDepth)"
            : reader.BytesConsumed >= context.InputLength - 1 || e.Message.Contains("end of data", StringComparison.OrdinalIgnoreCase)
            ? "the JSON is truncated or malformed"
            : "the JSON is malformed";
        return new DicomJsonException($"{what}: {e.Message}", context.Path.ToString(), context.StreamOffset + context.BaseOffset + reader.BytesConsumed, e) { Placed = true };
    }

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    public static string Describe(ref Utf8JsonReader reader, ParseContext context) =>
        reader.TokenType == JsonTokenType.String ? $"\"{Excerpt(Text(ref reader, context))}\"" : Describe(reader.TokenType);

    public static string Excerpt(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
