using System.Text.Json;

namespace DicomWeb.Json;

internal static partial class DicomJsonParser
{
    /// <summary>The tag of a key: eight hex digits; tolerated unless strict, lowercase hex and a dictionary keyword.</summary>
    private static uint ReadKey(ref Utf8JsonReader reader, ParseContext context)
    {
        long keyStart = reader.TokenStartIndex;
        // A key with escapes ("\u0030\u0030...") is the same key as the one without: a JSON string is its text.
        ReadOnlySpan<byte> text = ShortText(reader.ValueSpan, reader.ValueIsEscaped, stackalloc byte[ShortTextBytes]);
        if (TagKeys.TryParse(text, out uint tag))
        {
            if (context.Options.Strict && TagKeys.HasLowercase(text))
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
                    Base64Values.Check(ref reader, context);
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
        VRCodes.TryParse(ShortText(raw, escaped, stackalloc byte[ShortTextBytes]), out vr);

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
        ValueKind kind = slot.VR.JsonKind;
        if (slot.Form == DicomValueForm.Values && kind == ValueKind.Binary)
            context.Fail($"VR {slot.VR} takes \"InlineBinary\" or \"BulkDataURI\", not \"Value\"", at);
        if (slot.Form == DicomValueForm.InlineBinary && kind != ValueKind.Binary)
            context.Fail($"\"InlineBinary\" is only for OB, OD, OF, OL, OV, OW and UN, not {slot.VR}", at);
        if (slot.Form == DicomValueForm.BulkDataUri && !slot.VR.AllowsBulkData)
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
}
