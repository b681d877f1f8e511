using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace DicomWeb.Json;

/// <summary>
/// Reads DICOM JSON (PS3.18 Annex F) into <see cref="DicomDataset"/>s in one pass: every rule is
/// checked here, and each value array is copied, still as UTF-8 JSON, into a shared arena for the
/// getters to decode when asked. See docs/dicom-json.md for what is accepted leniently.
/// </summary>
internal static class DicomJsonParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    /// <summary>One object.</summary>
    public static DicomDataset ParseObject(ReadOnlySpan<byte> input)
    {
        var context = new ParseContext(input.Length);
        var reader = new Utf8JsonReader(input, ReaderOptions);
        try
        {
            Next(ref reader, context);
            if (reader.TokenType != JsonTokenType.StartObject)
                context.Fail($"expected a DICOM JSON object, found {Describe(reader.TokenType)}", reader.TokenStartIndex);
            DicomDataset dataset = ReadDataset(ref reader, input, context);
            ExpectEnd(ref reader, context);
            return dataset;
        }
        catch (JsonException e) when (e is not DicomJsonException)
        {
            throw Malformed(e, ref reader, context);
        }
    }

    /// <summary>An array of objects (a single object is read as a one-element array: some servers answer QIDO so).</summary>
    public static List<DicomDataset> ParseArray(ReadOnlySpan<byte> input)
    {
        var context = new ParseContext(input.Length);
        var reader = new Utf8JsonReader(input, ReaderOptions);
        var datasets = new List<DicomDataset>();
        try
        {
            Next(ref reader, context);
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                datasets.Add(ReadDataset(ref reader, input, context));
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (Next(ref reader, context) != JsonTokenType.EndArray)
                {
                    context.Path.TopIndex = datasets.Count;
                    if (reader.TokenType != JsonTokenType.StartObject)
                        context.Fail($"expected a DICOM JSON object in the array, found {Describe(reader.TokenType)}", reader.TokenStartIndex);
                    datasets.Add(ReadDataset(ref reader, input, context));
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

    private static DicomDataset ReadDataset(ref Utf8JsonReader reader, ReadOnlySpan<byte> input, ParseContext context)
    {
        // Slots gather in a scratch list reused at each nesting depth; the data set gets an exact-size copy.
        List<ElementSlot> slots = context.RentSlots();
        var dataset = new DicomDataset();
        while (Next(ref reader, context) != JsonTokenType.EndObject)
        {
            long keyStart = reader.TokenStartIndex;
            uint tag = 0;
            if (reader.ValueIsEscaped || !DicomText.TryParseTag(reader.ValueSpan, out tag))
            {
                string key = reader.GetString()!;
                string hint = DicomDictionary.TryGetTag(key, out _) ? " (a keyword: DICOM JSON keys are tags such as \"00100010\")" : "";
                context.Fail($"the key \"{key}\" is not eight hex digits{hint}", keyStart);
            }
            context.Path.PushTag(tag);
            if (Next(ref reader, context) != JsonTokenType.StartObject)
                context.Fail($"the attribute {tag:X8} must be an object with \"vr\", found {Describe(reader.TokenType)}", reader.TokenStartIndex);
            ElementSlot slot = ReadAttribute(ref reader, input, tag, context);
            if (slots.Count > 0 && slots[^1].Tag >= tag)
            {
                // Keys out of ascending order (F.2.2 asks for ascending): find the place, refuse a duplicate.
                int index = slots.FindIndex(s => s.Tag >= tag);
                if (slots[index].Tag == tag)
                    context.Fail($"the key {tag:X8} appears twice in one object", keyStart);
                slots.Insert(index, slot);
            }
            else
            {
                slots.Add(slot);
            }
            context.Path.Pop();
        }
        dataset.SetParsed(slots);
        context.ReturnSlots(slots);
        return dataset;
    }

    private static ElementSlot ReadAttribute(ref Utf8JsonReader reader, ReadOnlySpan<byte> input, uint tag, ParseContext context)
    {
        var slot = new ElementSlot { Tag = tag };
        bool hasVR = false, deferred = false;
        int valueCount = 0;
        long attributeStart = reader.TokenStartIndex, formStart = 0;
        while (Next(ref reader, context) != JsonTokenType.EndObject)
        {
            long nameStart = reader.TokenStartIndex;
            if (reader.ValueTextEquals("vr"u8))
            {
                if (Next(ref reader, context) != JsonTokenType.String || !DicomVR.TryParse(reader.ValueSpan, out slot.VR))
                    context.Fail($"\"vr\" must be one of the 34 VRs of PS3.5, found {Describe(ref reader)}", reader.TokenStartIndex);
                hasVR = true;
            }
            else if (reader.ValueTextEquals("Value"u8))
            {
                SetForm(ref slot, DicomValueForm.Values, nameStart, context);
                formStart = nameStart;
                if (Next(ref reader, context) != JsonTokenType.StartArray)
                    context.Fail($"\"Value\" must be an array, found {Describe(ref reader)}", reader.TokenStartIndex);
                slot.Start = checked((int)reader.TokenStartIndex) + context.BaseOffset;
                if (hasVR && slot.VR == DicomVR.SQ)
                    slot.Items = ReadItems(ref reader, input, context);
                else if (hasVR)
                    valueCount = ValueCodec.Validate(ref reader, slot.VR, context);
                else
                {
                    deferred = true; // "vr" comes after "Value": check once the VR is known.
                    reader.Skip();
                }
                slot.Length = checked((int)reader.BytesConsumed) + context.BaseOffset - slot.Start;
            }
            else if (reader.ValueTextEquals("InlineBinary"u8) || reader.ValueTextEquals("BulkDataURI"u8))
            {
                bool inline = reader.ValueTextEquals("InlineBinary"u8);
                SetForm(ref slot, inline ? DicomValueForm.InlineBinary : DicomValueForm.BulkDataUri, nameStart, context);
                formStart = nameStart;
                if (Next(ref reader, context) != JsonTokenType.String)
                    context.Fail($"\"{(inline ? "InlineBinary" : "BulkDataURI")}\" must be a string, found {Describe(ref reader)}", reader.TokenStartIndex);
                if (inline && !IsBase64(ref reader))
                    context.Fail("\"InlineBinary\" is not valid base64", reader.TokenStartIndex);
                slot.Start = checked((int)reader.TokenStartIndex) + context.BaseOffset;
                slot.Length = checked((int)reader.BytesConsumed) + context.BaseOffset - slot.Start;
            }
            else if (reader.ValueTextEquals("keyword"u8) || reader.ValueTextEquals("name"u8))
            {
                // Some servers add the dictionary keyword or name; they repeat what the tag says.
                Next(ref reader, context);
                reader.Skip();
            }
            else
            {
                context.Fail($"\"{reader.GetString()}\" is not a member of a DICOM JSON attribute (vr, Value, InlineBinary, BulkDataURI)", nameStart);
            }
        }

        if (!hasVR)
        {
            // Lenient: a missing "vr" is taken from the dictionary; without an entry it cannot be known.
            DicomDictionaryEntry entry = default;
            if (new DicomTag(tag).IsPrivate || !DicomDictionary.TryGetEntry(new DicomTag(tag), out entry) || entry.VRs.Length == 0)
                context.Fail($"the attribute {tag:X8} has no \"vr\" and the dictionary does not know its VR", attributeStart);
            slot.VR = entry.VRs.Length > 1 && entry.VRs.Contains(DicomVR.OW) ? DicomVR.OW : entry.VR;
        }
        CheckForm(ref slot, formStart, context);
        if (deferred)
        {
            int saved = context.BaseOffset;
            context.BaseOffset = slot.Start;
            var slice = new Utf8JsonReader(input.Slice(slot.Start, slot.Length), ReaderOptions);
            slice.Read();
            if (slot.VR == DicomVR.SQ)
                slot.Items = ReadItems(ref slice, input, context);
            else
                valueCount = ValueCodec.Validate(ref slice, slot.VR, context);
            context.BaseOffset = saved;
        }
        if (slot.Form == DicomValueForm.Values && slot.VR != DicomVR.SQ && valueCount == 0)
            slot.Form = DicomValueForm.Empty; // "Value": [] is an empty attribute.
        if (slot.Form == DicomValueForm.Values && slot.VR == DicomVR.SQ)
            slot.Form = slot.Items!.Length == 0 ? DicomValueForm.Empty : DicomValueForm.Sequence;
        else if (slot.Form != DicomValueForm.Empty)
            slot.Start = context.Keep(input.Slice(slot.Start, slot.Length), out slot.Buffer);
        return slot;
    }

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

    private static DicomDataset[] ReadItems(ref Utf8JsonReader reader, ReadOnlySpan<byte> input, ParseContext context)
    {
        List<DicomDataset> items = context.RentItems();
        while (Next(ref reader, context) != JsonTokenType.EndArray)
        {
            context.Path.SetIndex(items.Count);
            if (reader.TokenType == JsonTokenType.Null)
                items.Add(new DicomDataset()); // Lenient: null read as the empty item {}.
            else if (reader.TokenType == JsonTokenType.StartObject)
                items.Add(ReadDataset(ref reader, input, context));
            else
                context.Fail($"a sequence item must be an object, found {Describe(ref reader)}", reader.TokenStartIndex);
        }
        context.Path.SetIndex(-1);
        return context.ReturnItems(items);
    }

    private static bool IsBase64(ref Utf8JsonReader reader)
    {
        // Base64.IsValid ignores whitespace, so line-wrapped base64 is accepted; escapes (\n) need unescaping first.
        if (!reader.ValueIsEscaped)
            return Base64.IsValid(reader.ValueSpan);
        byte[] rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            int length = reader.CopyString(rented);
            return Base64.IsValid(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader, ParseContext context)
    {
        if (!reader.Read())
            context.Fail("the JSON ends early (truncated)", reader.BytesConsumed);
        return reader.TokenType;
    }

    private static void ExpectEnd(ref Utf8JsonReader reader, ParseContext context)
    {
        if (reader.Read())
            context.Fail($"unexpected {Describe(reader.TokenType)} after the end of the DICOM JSON", reader.TokenStartIndex);
    }

    private static DicomJsonException Malformed(JsonException e, ref Utf8JsonReader reader, ParseContext context)
    {
        string what = reader.BytesConsumed >= context.InputLength - 1 || e.Message.Contains("end of data", StringComparison.OrdinalIgnoreCase)
            ? "the JSON is truncated or malformed"
            : "the JSON is malformed";
        return new DicomJsonException($"{what}: {e.Message}", context.Path.ToString(), context.BaseOffset + reader.BytesConsumed, e);
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Describe(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? $"\"{reader.GetString()}\"" : Describe(reader.TokenType);
}
