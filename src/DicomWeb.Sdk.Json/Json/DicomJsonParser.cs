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
internal static class DicomJsonParser
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

    /// <summary><see cref="ParseObject(ReadOnlySpan{byte}, DicomJsonReadOptions, long, int)"/> by the general parser alone (the reference the fast reader is tested against).</summary>
    internal static DicomDataset ParseObjectGeneral(ReadOnlySpan<byte> input, DicomJsonReadOptions options, long streamOffset = 0, int topIndex = -1) =>
        Object(input, new ParseContext(input.Length, options) { StreamOffset = streamOffset }, topIndex);

    private static DicomDataset Object(ReadOnlySpan<byte> input, ParseContext context, int topIndex)
    {
        var reader = new Utf8JsonReader(input, ReaderOptions(context.Options));
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
    public static List<DicomDataset> ParseArray(ReadOnlySpan<byte> input, DicomJsonReadOptions options) =>
        DicomJsonFastReader.TryReadArray(input, new ParseContext(input.Length, options), out List<DicomDataset> datasets)
            ? datasets
            : ParseArrayGeneral(input, options);

    /// <summary><see cref="ParseArray"/> by the general parser alone: every shape it tolerates, every error with its place.</summary>
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
        var tags = new uint[slots.Count];
        var order = new int[slots.Count];
        for (int i = 0; i < tags.Length; i++)
        {
            tags[i] = slots[i].Tag;
            order[i] = i;
        }
        Array.Sort(tags, order);
        for (int i = 1; i < tags.Length; i++)
        {
            if (tags[i] == tags[i - 1])
            {
                context.Path.PushTag(tags[i]);
                context.Fail($"the key {tags[i]:X8} appears twice in one object", Math.Max(keyStarts[order[i]], keyStarts[order[i - 1]]));
            }
        }
        var sorted = new ElementSlot[tags.Length];
        for (int i = 0; i < sorted.Length; i++)
            sorted[i] = slots[order[i]];
        slots.Clear();
        slots.AddRange(sorted);
    }

    /// <summary>The tag of a key: eight hex digits; tolerated unless strict, lowercase hex and a dictionary keyword.</summary>
    private static uint ReadKey(ref Utf8JsonReader reader, ParseContext context)
    {
        long keyStart = reader.TokenStartIndex;
        // A key with escapes ("\u0030\u0030...") is the same key as the one without: a JSON string is its text.
        ReadOnlySpan<byte> text = ShortText(reader.ValueSpan, reader.ValueIsEscaped, stackalloc byte[ShortTextBytes]);
        if (DicomText.TryParseTag(text, out uint tag))
        {
            if (context.Options.Strict && DicomText.HasLowercase(text))
                context.Fail($"the key \"{System.Text.Encoding.ASCII.GetString(text)}\" has lowercase hex digits (tolerated unless Strict)", keyStart);
            return tag;
        }
        string key = Text(ref reader, context);
        bool keyword = DicomDictionary.TryGetTag(key, out DicomTag byKeyword);
        if (!context.Options.Strict && keyword)
            return byKeyword.Value;
        string hint = keyword ? " (a keyword: DICOM JSON keys are tags such as \"00100010\"; tolerated unless Strict)" : "";
        context.Fail($"the key \"{Excerpt(key)}\" is not eight hex digits{hint}", keyStart);
        return 0;
    }

    private static ElementSlot ReadAttribute(ref Utf8JsonReader reader, ReadOnlySpan<byte> input, uint tag, ParseContext context)
    {
        var slot = new ElementSlot { Tag = tag };
        bool hasVR = false, deferred = false, soleEmpty = false;
        int valueCount = 0;
        long attributeStart = reader.TokenStartIndex, formStart = 0;
        bool strict = context.Options.Strict;
        while (Next(ref reader, context) != JsonTokenType.EndObject)
        {
            long nameStart = reader.TokenStartIndex;
            Member member = MemberOf(ref reader);
            if (member == Member.Vr)
            {
                if (hasVR)
                    context.Fail("\"vr\" appears twice in one attribute", nameStart);
                if (Next(ref reader, context) != JsonTokenType.String || !TryParseVR(reader.ValueSpan, reader.ValueIsEscaped, out slot.VR))
                    context.Fail($"\"vr\" must be one of the 34 VRs of PS3.5, found {Describe(ref reader, context)}", reader.TokenStartIndex);
                hasVR = true;
            }
            else if (member == Member.Value)
            {
                SetForm(ref slot, DicomValueForm.Values, nameStart, context);
                formStart = nameStart;
                JsonTokenType token = Next(ref reader, context);
                // A lone item where the array of items should be is tolerated for sequences (see ReadItems).
                if (token != JsonTokenType.StartArray && !(token == JsonTokenType.StartObject && !strict && (!hasVR || slot.VR == DicomVR.SQ)))
                    context.Fail($"\"Value\" must be an array, found {Describe(ref reader, context)}{(strict && token == JsonTokenType.StartObject ? " (a lone sequence item is tolerated unless Strict)" : "")}", reader.TokenStartIndex);
                slot.Start = checked((int)reader.TokenStartIndex) + context.BaseOffset;
                if (hasVR && slot.VR == DicomVR.SQ)
                    slot.Items = ReadItems(ref reader, input, context);
                else if (hasVR && token == JsonTokenType.StartArray)
                    valueCount = ValueCodec.Validate(ref reader, slot.VR, context, out soleEmpty);
                else if (hasVR)
                    context.Fail($"\"Value\" must be an array, found an object", reader.TokenStartIndex);
                else
                {
                    deferred = true; // "vr" comes after "Value": check once the VR is known.
                    reader.Skip();
                }
                slot.Length = checked((int)reader.BytesConsumed) + context.BaseOffset - slot.Start;
            }
            else if (member is Member.InlineBinary or Member.BulkDataUri)
            {
                bool inline = member == Member.InlineBinary;
                SetForm(ref slot, inline ? DicomValueForm.InlineBinary : DicomValueForm.BulkDataUri, nameStart, context);
                formStart = nameStart;
                if (Next(ref reader, context) != JsonTokenType.String)
                    context.Fail($"\"{(inline ? "InlineBinary" : "BulkDataURI")}\" must be a string, found {Describe(ref reader, context)}", reader.TokenStartIndex);
                if (inline)
                    CheckBase64(ref reader, context);
                else
                    CheckText(ref reader, context);
                slot.Start = checked((int)reader.TokenStartIndex) + context.BaseOffset;
                slot.Length = checked((int)reader.BytesConsumed) + context.BaseOffset - slot.Start;
                if (inline && !context.ValidateOnly)
                    Decode(ref reader, ref slot, context);
            }
            else if (!strict && member is Member.Keyword or Member.Name)
            {
                // Some servers add the dictionary keyword or name; they repeat what the tag says.
                Next(ref reader, context);
                reader.Skip();
            }
            else
            {
                string extra = strict && member is Member.Keyword or Member.Name ? " (tolerated unless Strict)" : "";
                context.Fail($"\"{Excerpt(Text(ref reader, context))}\" is not a member of a DICOM JSON attribute (vr, Value, InlineBinary, BulkDataURI){extra}", nameStart);
            }
        }

        if (!hasVR)
        {
            // Tolerated: a missing "vr" is taken from the dictionary; without an entry it cannot be known.
            DicomDictionaryEntry entry = default;
            if (strict)
                context.Fail($"the attribute {tag:X8} has no \"vr\" (taken from the dictionary unless Strict)", attributeStart);
            if (new DicomTag(tag).IsPrivate || !DicomDictionary.TryGetEntry(new DicomTag(tag), out entry) || entry.VRs.Length == 0)
                context.Fail($"the attribute {tag:X8} has no \"vr\" and the dictionary does not know its VR", attributeStart);
            slot.VR = entry.VRs.Length > 1 && entry.VRs.Contains(DicomVR.OW) ? DicomVR.OW : entry.VR;
        }
        CheckForm(ref slot, formStart, context);
        if (deferred)
        {
            int saved = context.BaseOffset;
            context.BaseOffset = slot.Start;
            var slice = new Utf8JsonReader(input.Slice(slot.Start, slot.Length), ReaderOptions(context.Options));
            slice.Read();
            if (slot.VR == DicomVR.SQ)
                slot.Items = ReadItems(ref slice, input, context);
            else if (slice.TokenType == JsonTokenType.StartArray)
                valueCount = ValueCodec.Validate(ref slice, slot.VR, context, out soleEmpty);
            else
                context.Fail("\"Value\" must be an array, found an object", slice.TokenStartIndex);
            context.BaseOffset = saved;
        }
        if (slot.Form == DicomValueForm.Values && slot.VR != DicomVR.SQ)
        {
            if (soleEmpty)
            {
                // Tolerated: [null] or [""] for an empty value, which Annex F writes without "Value".
                if (strict)
                    context.Fail("\"Value\" holds only an empty value; an empty attribute has no \"Value\" (tolerated unless Strict)", formStart);
                valueCount = 0;
            }
            if (valueCount == 0)
                slot.Form = DicomValueForm.Empty; // "Value": [] is an empty attribute.
        }
        if (slot.Form == DicomValueForm.Values && slot.VR == DicomVR.SQ)
            slot.Form = slot.Items is null || slot.Items.Length == 0 ? (context.ValidateOnly ? DicomValueForm.Sequence : DicomValueForm.Empty) : DicomValueForm.Sequence;
        else if (slot.Form != DicomValueForm.Empty && !context.ValidateOnly && !slot.RawBytes)
        {
            slot.Start = context.Keep(input.Slice(slot.Start, slot.Length), out byte[] buffer);
            slot.Buffer = buffer;
        }
        return slot;
    }

    private const int ShortTextBytes = 64; // eight hex digits, each escaped as \u00XX, take 48

    /// <summary>
    /// The text of a short string token (a key, a VR) with its escapes decoded into <paramref name="scratch"/>;
    /// for a longer one or a broken escape its raw bytes, which no rule for keys and VRs accepts.
    /// </summary>
    private static ReadOnlySpan<byte> ShortText(ReadOnlySpan<byte> raw, bool escaped, Span<byte> scratch)
    {
        if (!escaped || raw.Length > scratch.Length || !JsonEscapes.TryDecode(raw, scratch, out int written))
            return raw;
        return scratch[..written];
    }

    private static bool TryParseVR(ReadOnlySpan<byte> raw, bool escaped, out DicomVR vr) =>
        DicomVR.TryParse(ShortText(raw, escaped, stackalloc byte[ShortTextBytes]), out vr);

    private enum Member : byte { Other, Vr, Value, InlineBinary, BulkDataUri, Keyword, Name }

    /// <summary>Which member of an attribute the reader is on (a property name).</summary>
    private static Member MemberOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
            return EscapedMemberOf(ref reader);
        // Four names per attribute at most: compared by length first rather than by ValueTextEquals for each.
        ReadOnlySpan<byte> name = reader.ValueSpan;
        return name.Length switch
        {
            2 when name.SequenceEqual("vr"u8) => Member.Vr,
            5 when name.SequenceEqual("Value"u8) => Member.Value,
            12 when name.SequenceEqual("InlineBinary"u8) => Member.InlineBinary,
            11 when name.SequenceEqual("BulkDataURI"u8) => Member.BulkDataUri,
            7 when name.SequenceEqual("keyword"u8) => Member.Keyword,
            4 when name.SequenceEqual("name"u8) => Member.Name,
            _ => Member.Other,
        };
    }

    private static Member EscapedMemberOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("vr"u8) ? Member.Vr
        : reader.ValueTextEquals("Value"u8) ? Member.Value
        : reader.ValueTextEquals("InlineBinary"u8) ? Member.InlineBinary
        : reader.ValueTextEquals("BulkDataURI"u8) ? Member.BulkDataUri
        : reader.ValueTextEquals("keyword"u8) ? Member.Keyword
        : reader.ValueTextEquals("name"u8) ? Member.Name
        : Member.Other;

    private static void SetForm(ref ElementSlot slot, DicomValueForm form, long at, ParseContext context)
    {
        if (slot.Form != DicomValueForm.Empty)
            context.Fail("an attribute has at most one of \"Value\", \"InlineBinary\" and \"BulkDataURI\"", at);
        slot.Form = form;
    }

    private static void CheckForm(ref ElementSlot slot, long at, ParseContext context)
    {
        ValueKind kind = ValueKinds.Of(slot.VR);
        if (slot.Form == DicomValueForm.Values && kind == ValueKind.Binary)
            context.Fail($"VR {slot.VR} takes \"InlineBinary\" or \"BulkDataURI\", not \"Value\"", at);
        if (slot.Form == DicomValueForm.InlineBinary && kind != ValueKind.Binary)
            context.Fail($"\"InlineBinary\" is only for OB, OD, OF, OL, OV, OW and UN, not {slot.VR}", at);
        if (slot.Form == DicomValueForm.BulkDataUri && !ValueKinds.AllowsBulkDataUri(slot.VR))
            context.Fail($"\"BulkDataURI\" is not allowed for VR {slot.VR}", at);
    }

    /// <summary>The items of a sequence (reader on the Value's StartArray, or, tolerated unless strict, on a lone item's StartObject).</summary>
    private static DicomDataset[]? ReadItems(ref Utf8JsonReader reader, ReadOnlySpan<byte> input, ParseContext context)
    {
        if (++context.Depth > context.Options.MaxSequenceDepth)
            context.Fail($"sequences nest deeper than {context.Options.MaxSequenceDepth} levels (DicomJsonReadOptions.MaxSequenceDepth)", reader.TokenStartIndex);
        DicomDataset[]? result;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            context.Path.SetIndex(0);
            DicomDataset? item = ReadDataset(ref reader, input, context);
            result = item is null ? null : [item];
        }
        else
        {
            List<DicomDataset> items = context.RentItems();
            int count = 0;
            while (Next(ref reader, context) != JsonTokenType.EndArray)
            {
                context.Path.SetIndex(count++);
                DicomDataset? item = null;
                if (reader.TokenType == JsonTokenType.Null)
                {
                    if (context.Options.Strict)
                        context.Fail("a sequence item must be an object, found null (read as {} unless Strict)", reader.TokenStartIndex);
                    item = context.ValidateOnly ? null : new DicomDataset();
                }
                else if (reader.TokenType == JsonTokenType.StartObject)
                    item = ReadDataset(ref reader, input, context);
                else
                    context.Fail($"a sequence item must be an object, found {Describe(ref reader, context)}", reader.TokenStartIndex);
                if (item is not null)
                    items.Add(item);
            }
            result = context.ReturnItems(items);
        }
        context.Path.SetIndex(-1);
        context.Depth--;
        return result;
    }

    private static void CheckBase64(ref Utf8JsonReader reader, ParseContext context)
    {
        // Base64.IsValid ignores whitespace, so line-wrapped base64 is tolerated; escapes (\n) need unescaping first.
        bool valid;
        if (!reader.ValueIsEscaped)
            valid = Base64.IsValid(reader.ValueSpan);
        else
        {
            byte[] rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
            try
            {
                int length = reader.CopyString(rented);
                valid = Base64.IsValid(rented.AsSpan(0, length));
            }
            catch (InvalidOperationException)
            {
                valid = false; // An escape that is not valid UTF-16.
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        if (!valid)
            context.Fail("\"InlineBinary\" is not valid base64", reader.TokenStartIndex);
        if (context.Options.Strict && (reader.ValueIsEscaped || reader.ValueSpan.IndexOfAny(" \t\r\n"u8) >= 0))
            context.Fail("\"InlineBinary\" has whitespace or escapes in its base64 (tolerated unless Strict)", reader.TokenStartIndex);
    }

    /// <summary>Holds a checked InlineBinary value as its bytes, as bulk data read from Part 10 is held.</summary>
    private static void Decode(ref Utf8JsonReader reader, ref ElementSlot slot, ParseContext context)
    {
        byte[] bytes;
        try
        {
            bytes = reader.GetBytesFromBase64Lenient();
        }
        catch (FormatException e)
        {
            context.Fail("\"InlineBinary\" is not valid base64", reader.TokenStartIndex, e);
            return;
        }
        slot.RawBytes = true;
        slot.Start = context.Keep(bytes, out byte[] buffer);
        slot.Buffer = buffer;
        slot.Length = bytes.Length;
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
