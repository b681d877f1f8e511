using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace DicomWeb.Json;

/// <summary>
/// Reads DICOM JSON in the shape servers and <see cref="DicomJson"/> write it (keys as eight
/// uppercase hex digits, "vr" first, values in their Annex F form, no escapes; whitespace between
/// tokens is fine) straight from the bytes, without a general JSON tokenizer. It accepts a strict
/// subset of what <see cref="DicomJsonParser"/> accepts and builds the same data sets: at the first
/// byte outside that subset it gives up (returns false, never throws), and the caller reads the
/// input again with <see cref="DicomJsonParser"/>, which tolerates or refuses it with the usual
/// message, path and offset. So hostile input costs at most one more pass and is judged by one
/// set of rules.
/// </summary>
internal static class DicomJsonFastReader
{
    /// <summary>An array of data sets (whitespace around it allowed); false for anything else, a single object or an empty input included.</summary>
    public static bool TryReadArray(ReadOnlySpan<byte> input, ParseContext context, out List<DicomDataset> datasets)
    {
        datasets = [];
        int p = 0;
        if (!TryStartArray(input, ref p, out bool more))
            return false;
        while (more)
        {
            if (!At(input, p, (byte)'{') || !TryDataset(input, ref p, context, out DicomDataset? dataset))
                return false;
            datasets.Add(dataset!);
            if (!TryNextElement(input, ref p, out more))
                return false;
        }
        return AtEnd(input, p);
    }

    /// <summary>The start of the top-level array: true with <paramref name="more"/> when an element follows at <paramref name="p"/>, without when the array is empty.</summary>
    public static bool TryStartArray(ReadOnlySpan<byte> s, ref int p, out bool more)
    {
        more = false;
        SkipSpace(s, ref p);
        if (!Take(s, ref p, (byte)'['))
            return false;
        SkipSpace(s, ref p);
        more = !Take(s, ref p, (byte)']');
        return true;
    }

    /// <summary>After an element of the top-level array: ',' (another follows at <paramref name="p"/>) or ']'.</summary>
    public static bool TryNextElement(ReadOnlySpan<byte> s, ref int p, out bool more)
    {
        more = false;
        SkipSpace(s, ref p);
        if (Take(s, ref p, (byte)']'))
            return true;
        if (!Take(s, ref p, (byte)','))
            return false;
        SkipSpace(s, ref p);
        more = true;
        return true;
    }

    /// <summary>Only whitespace from <paramref name="p"/> to the end.</summary>
    public static bool AtEnd(ReadOnlySpan<byte> s, int p)
    {
        SkipSpace(s, ref p);
        return p == s.Length;
    }

    /// <summary>One data set, the whole input (whitespace around it allowed).</summary>
    public static bool TryReadObject(ReadOnlySpan<byte> input, ParseContext context, out DicomDataset? dataset)
    {
        int p = 0;
        dataset = null;
        SkipSpace(input, ref p);
        return At(input, p, (byte)'{') && TryDataset(input, ref p, context, out dataset) && AtEnd(input, p);
    }

    /// <summary>
    /// Checks one data set for a typed model (the context validates only) at <paramref name="p"/>,
    /// and lists its attributes in <paramref name="attributes"/>, each with <see cref="ElementSlot.Start"/>
    /// and <see cref="ElementSlot.Length"/> spanning the attribute's object, for the model to decode.
    /// </summary>
    public static bool TryCheckModelObject(ReadOnlySpan<byte> input, ref int p, ParseContext context, List<ElementSlot> attributes)
    {
        attributes.Clear();
        SkipSpace(input, ref p);
        return At(input, p, (byte)'{') && TryAttributes(input, ref p, context, attributes);
    }

    /// <summary>At '{': the attributes of one data set, into a data set (none when only validating).</summary>
    private static bool TryDataset(ReadOnlySpan<byte> s, ref int p, ParseContext context, out DicomDataset? dataset)
    {
        dataset = null;
        List<ElementSlot> slots = context.RentSlots();
        bool read = TryAttributes(s, ref p, context, slots);
        if (read && !context.ValidateOnly)
        {
            dataset = new DicomDataset();
            dataset.SetParsed(slots);
        }
        context.ReturnSlots(slots);
        return read;
    }

    private static bool TryAttributes(ReadOnlySpan<byte> s, ref int p, ParseContext context, List<ElementSlot> slots)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            return false;
        p++; // '{'
        SkipSpace(s, ref p);
        if (Take(s, ref p, (byte)'}'))
            return true;
        bool ordered = true;
        while (true)
        {
            if (!TryKey(s, ref p, out uint tag))
                return false;
            SkipSpace(s, ref p);
            if (!Take(s, ref p, (byte)':'))
                return false;
            SkipSpace(s, ref p);
            if (!At(s, p, (byte)'{') || !TryAttribute(s, ref p, tag, context, out ElementSlot slot))
                return false;
            if (slots.Count > 0 && slots[^1].Tag >= tag)
            {
                if (slots[^1].Tag == tag)
                    return false;
                ordered = false; // F.2.2 asks for ascending order; tolerated, sorted below.
            }
            slots.Add(slot);
            SkipSpace(s, ref p);
            if (Take(s, ref p, (byte)'}'))
                break;
            if (!Take(s, ref p, (byte)','))
                return false;
            SkipSpace(s, ref p);
        }
        return ordered || SortInPlace(CollectionsMarshal.AsSpan(slots));
    }

    /// <summary>
    /// Sorts by tag in O(n log n) whatever the order (a hostile object may hold 200,000 keys in
    /// reverse), without allocating; false on a duplicate tag.
    /// </summary>
    private static bool SortInPlace(Span<ElementSlot> slots)
    {
        slots.Sort(static (a, b) => a.Tag.CompareTo(b.Tag));
        for (int i = 1; i < slots.Length; i++)
        {
            if (slots[i].Tag == slots[i - 1].Tag)
                return false;
        }
        return true;
    }

    /// <summary>A key of eight uppercase hex digits.</summary>
    private static bool TryKey(ReadOnlySpan<byte> s, ref int p, out uint tag)
    {
        tag = 0;
        if (p + 10 > s.Length || s[p] != '"' || s[p + 9] != '"')
            return false;
        for (int i = p + 1; i < p + 9; i++)
        {
            int digit = HexDigit(s[i]);
            if (digit < 0)
                return false;
            tag = tag << 4 | (uint)digit;
        }
        p += 10;
        return true;
    }

    private static int HexDigit(byte b) => b is >= (byte)'0' and <= (byte)'9' ? b - '0' : b is >= (byte)'A' and <= (byte)'F' ? b - 'A' + 10 : -1;

    /// <summary>At '{': one attribute, "vr" first, then at most one of "Value", "InlineBinary", "BulkDataURI".</summary>
    private static bool TryAttribute(ReadOnlySpan<byte> s, ref int p, uint tag, ParseContext context, out ElementSlot slot)
    {
        slot = new ElementSlot { Tag = tag };
        int attributeStart = p;
        p++;
        SkipSpace(s, ref p);
        if (!TakeLiteral(s, ref p, "\"vr\""u8))
            return false;
        SkipSpace(s, ref p);
        if (!Take(s, ref p, (byte)':'))
            return false;
        SkipSpace(s, ref p);
        if (p + 4 > s.Length || s[p] != '"' || s[p + 3] != '"' || !TryVR(s[p + 1], s[p + 2], out slot.VR))
            return false;
        p += 4;
        SkipSpace(s, ref p);
        if (Take(s, ref p, (byte)','))
        {
            SkipSpace(s, ref p);
            ValueKind kind = ValueKinds.Of(slot.VR);
            if (TakeLiteral(s, ref p, "\"Value\""u8))
            {
                if (!TakeColon(s, ref p) || !At(s, p, (byte)'['))
                    return false;
                if (kind == ValueKind.Sequence)
                {
                    if (!TryItems(s, ref p, context, out DicomDataset[]? items))
                        return false;
                    slot.Items = items;
                    // As DicomJsonParser: an empty sequence is Empty in a data set, and Sequence when only validating.
                    slot.Form = slot.Items is { Length: > 0 } || context.ValidateOnly ? DicomValueForm.Sequence : DicomValueForm.Empty;
                }
                else
                {
                    if (kind == ValueKind.Binary)
                        return false;
                    int start = p;
                    if (!TryValues(s, ref p, slot.VR, kind, out int count, out bool soleEmpty, out bool canonical))
                        return false;
                    if (soleEmpty)
                    {
                        if (context.Options.Strict)
                            return false;
                        count = 0; // [null] or [""]: an empty value.
                    }
                    if (count > 0)
                    {
                        slot.Form = DicomValueForm.Values;
                        slot.Canonical = canonical;
                        Keep(s[start..p], context, ref slot);
                    }
                }
            }
            else if (TakeLiteral(s, ref p, "\"InlineBinary\""u8))
            {
                if (kind != ValueKind.Binary || !TakeColon(s, ref p) || !TryInlineBinary(s, ref p, context, ref slot))
                    return false;
            }
            else if (TakeLiteral(s, ref p, "\"BulkDataURI\""u8))
            {
                if (!ValueKinds.AllowsBulkDataUri(slot.VR) || !TakeColon(s, ref p))
                    return false;
                int start = p;
                if (!TryString(s, ref p, out _, out _))
                    return false;
                slot.Form = DicomValueForm.BulkDataUri;
                Keep(s[start..p], context, ref slot);
            }
            else
            {
                return false;
            }
            SkipSpace(s, ref p);
        }
        if (!Take(s, ref p, (byte)'}'))
            return false;
        if (context.ValidateOnly)
        {
            // A typed model decodes the declared attributes from their objects.
            slot.Start = attributeStart;
            slot.Length = p - attributeStart;
        }
        return true;
    }

    private static void Keep(ReadOnlySpan<byte> value, ParseContext context, ref ElementSlot slot)
    {
        if (!context.ValidateOnly)
        {
            slot.Start = context.Keep(value, out byte[] buffer);
            slot.Buffer = buffer;
            slot.Length = value.Length;
        }
    }

    // The 34 VRs by their two letters (26 × 26 entries, default where there is none): read for every attribute.
    private static readonly DicomVR[] VRs = MakeVRTable();

    private static DicomVR[] MakeVRTable()
    {
        var table = new DicomVR[26 * 26];
        for (int i = 0; i < table.Length; i++)
        {
            if (DicomVR.TryParse([(byte)('A' + i / 26), (byte)('A' + i % 26)], out DicomVR vr))
                table[i] = vr;
        }
        return table;
    }

    private static bool TryVR(byte first, byte second, out DicomVR vr)
    {
        uint a = (uint)(first - 'A'), b = (uint)(second - 'A');
        vr = a < 26 && b < 26 ? VRs[a * 26 + b] : default;
        return vr != default;
    }

    /// <summary>At '[': the items of a sequence, each an object (a null item or a lone item without the array is left to the general parser).</summary>
    private static bool TryItems(ReadOnlySpan<byte> s, ref int p, ParseContext context, out DicomDataset[]? items)
    {
        items = null;
        if (context.Depth + 1 > context.Options.MaxSequenceDepth)
            return false;
        context.Depth++;
        p++;
        SkipSpace(s, ref p);
        List<DicomDataset> list = context.RentItems();
        bool read = true;
        if (!Take(s, ref p, (byte)']'))
        {
            while (true)
            {
                if (!At(s, p, (byte)'{') || !TryDataset(s, ref p, context, out DicomDataset? item))
                {
                    read = false;
                    break;
                }
                if (item is not null)
                    list.Add(item);
                SkipSpace(s, ref p);
                if (Take(s, ref p, (byte)']'))
                    break;
                if (!Take(s, ref p, (byte)','))
                {
                    read = false;
                    break;
                }
                SkipSpace(s, ref p);
            }
        }
        items = context.ValidateOnly ? null : context.ReturnItems(list);
        if (context.ValidateOnly)
            context.ReturnItems(list);
        context.Depth--;
        return read;
    }

    /// <summary>
    /// At '[': the entries of a Value array, checked against the VR as <see cref="ValueCodec.Validate"/>
    /// checks them. <paramref name="canonical"/>: the array is already as DicomJsonWriter writes it.
    /// </summary>
    private static bool TryValues(ReadOnlySpan<byte> s, ref int p, DicomVR vr, ValueKind kind, out int count, out bool soleEmpty, out bool canonical)
    {
        count = 0;
        soleEmpty = false;
        canonical = true;
        bool empty = false;
        p++;
        if (SkipSpace(s, ref p))
            canonical = false;
        if (Take(s, ref p, (byte)']'))
            return true;
        while (true)
        {
            if (p >= s.Length)
                return false;
            if (s[p] == 'n')
            {
                if (!TakeLiteral(s, ref p, "null"u8))
                    return false;
                empty = true;
            }
            else if (s[p] == '"')
            {
                if (!TryStringValue(s, ref p, vr, kind, ref canonical, out empty))
                    return false;
            }
            else if (s[p] == '{')
            {
                if (kind != ValueKind.PersonName || !TryPersonName(s, ref p, ref canonical, out empty))
                    return false;
            }
            else
            {
                if (!TryNumberValue(s, ref p, vr, kind))
                    return false;
                empty = false;
            }
            count++;
            if (SkipSpace(s, ref p))
                canonical = false;
            if (Take(s, ref p, (byte)']'))
                break;
            if (!Take(s, ref p, (byte)','))
                return false;
            if (SkipSpace(s, ref p))
                canonical = false;
        }
        soleEmpty = count == 1 && empty;
        if (soleEmpty)
            canonical = false;
        return true;
    }

    /// <summary>A string entry: text for the text VRs and AT, DICOM number text for DS, IS (others are left to the general parser).</summary>
    private static bool TryStringValue(ReadOnlySpan<byte> s, ref int p, DicomVR vr, ValueKind kind, ref bool canonical, out bool empty)
    {
        int start = p + 1;
        if (!TryString(s, ref p, out bool printable, out _))
        {
            empty = false;
            return false;
        }
        ReadOnlySpan<byte> text = s[start..(p - 1)];
        empty = text.IsEmpty;
        switch (kind)
        {
            case ValueKind.Text:
                if (empty || !printable)
                    canonical = false; // "" is written as null; other text may be escaped by the writer.
                return true;
            case ValueKind.AttributeTag:
                return text.Length == 8 && TryKeyDigits(text);
            case ValueKind.DecimalString:
                canonical = false; // written as a number where it is one
                return DicomText.IsDecimalString(text);
            case ValueKind.IntegerString:
                canonical = false;
                return DicomText.TryParseIntegerString(text, out _);
            default:
                return false; // numbers as strings: tolerated (or refused) by the general parser
        }
    }

    private static bool TryKeyDigits(ReadOnlySpan<byte> text)
    {
        foreach (byte b in text)
        {
            if (HexDigit(b) < 0)
                return false;
        }
        return true;
    }

    /// <summary>A JSON number entry in the range of its VR, as Utf8JsonReader's TryGet* methods judge it.</summary>
    private static bool TryNumberValue(ReadOnlySpan<byte> s, ref int p, DicomVR vr, ValueKind kind)
    {
        int start = p;
        if (!TryNumber(s, ref p))
            return false;
        ReadOnlySpan<byte> number = s[start..p];
        switch (kind)
        {
            case ValueKind.DecimalString:
                return true;
            case ValueKind.IntegerString:
                return Utf8Parser.TryParse(number, out int _, out int used) && used == number.Length;
            case ValueKind.Integer:
                if (vr == DicomVR.US)
                    return Utf8Parser.TryParse(number, out ushort _, out used) && used == number.Length;
                if (vr == DicomVR.SS)
                    return Utf8Parser.TryParse(number, out short _, out used) && used == number.Length;
                if (vr == DicomVR.UL)
                    return Utf8Parser.TryParse(number, out uint _, out used) && used == number.Length;
                return Utf8Parser.TryParse(number, out int _, out used) && used == number.Length;
            case ValueKind.VeryLong:
                return vr == DicomVR.UV
                    ? Utf8Parser.TryParse(number, out ulong _, out used) && used == number.Length
                    : Utf8Parser.TryParse(number, out long _, out used) && used == number.Length;
            case ValueKind.Float:
                return Utf8Parser.TryParse(number, out double value, out used) && used == number.Length && DicomNumbers.Fits(vr, value);
            default:
                return false;
        }
    }

    /// <summary>JSON number syntax (RFC 8259): -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    private static bool TryNumber(ReadOnlySpan<byte> s, ref int p)
    {
        if (p < s.Length && s[p] == '-')
            p++;
        if (p >= s.Length)
            return false;
        if (s[p] == '0')
            p++;
        else if (!TakeDigits(s, ref p))
            return false;
        if (p < s.Length && s[p] == '.')
        {
            p++;
            if (!TakeDigits(s, ref p))
                return false;
        }
        if (p < s.Length && (s[p] | 0x20) == 'e')
        {
            p++;
            if (p < s.Length && s[p] is (byte)'+' or (byte)'-')
                p++;
            if (!TakeDigits(s, ref p))
                return false;
        }
        return true;
    }

    private static bool TakeDigits(ReadOnlySpan<byte> s, ref int p)
    {
        int start = p;
        while (p < s.Length && (uint)(s[p] - '0') <= 9)
            p++;
        return p > start;
    }

    /// <summary>At '{': a PN entry with its groups as strings or null, each group at most once.</summary>
    private static bool TryPersonName(ReadOnlySpan<byte> s, ref int p, ref bool canonical, out bool empty)
    {
        empty = true;
        p++;
        if (SkipSpace(s, ref p))
            canonical = false;
        int seen = 0;
        if (Take(s, ref p, (byte)'}'))
        {
            canonical = false; // written as null
            return true;
        }
        while (true)
        {
            int group = TakeLiteral(s, ref p, "\"Alphabetic\""u8) ? 1
                : TakeLiteral(s, ref p, "\"Ideographic\""u8) ? 2
                : TakeLiteral(s, ref p, "\"Phonetic\""u8) ? 4 : 0;
            if (group == 0 || (seen & group) != 0)
                return false;
            if (group < seen)
                canonical = false; // the writer puts the groups in the order of F.2.2
            seen |= group;
            if (SkipSpace(s, ref p))
                canonical = false;
            if (!Take(s, ref p, (byte)':'))
                return false;
            if (SkipSpace(s, ref p))
                canonical = false;
            if (At(s, p, (byte)'"'))
            {
                if (!TryString(s, ref p, out bool printable, out int length))
                    return false;
                if (length > 0)
                    empty = false;
                if (length == 0 || !printable)
                    canonical = false;
            }
            else if (TakeLiteral(s, ref p, "null"u8))
            {
                canonical = false;
            }
            else
            {
                return false;
            }
            if (SkipSpace(s, ref p))
                canonical = false;
            if (Take(s, ref p, (byte)'}'))
                break;
            if (!Take(s, ref p, (byte)','))
                return false;
            if (SkipSpace(s, ref p))
                canonical = false;
        }
        if (empty)
            canonical = false;
        return true;
    }

    // What ends a string, or makes it one the general parser must read: the quote, an escape, a control character.
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(ControlsAnd((byte)'"', (byte)'\\'));

    // The same, and what the canonical writer may not copy as it is (DEL, non-ASCII): one pass finds both for the usual ASCII text.
    private static readonly SearchValues<byte> StringStopsOrOdd = SearchValues.Create(ControlsAnd([(byte)'"', (byte)'\\', .. Range(0x7F, 0xFF)]));

    // Base64 text: what is not one of its 64 letters ends it (the padding, the quote) or sends it to the general parser.
    private static readonly SearchValues<byte> Base64Letters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);

    private static byte[] ControlsAnd(params byte[] more) => [.. Range(0, 0x1F), .. more];

    private static IEnumerable<byte> Range(int first, int last) => Enumerable.Range(first, last - first + 1).Select(b => (byte)b);

    /// <summary>
    /// At '"': a string without escapes, valid UTF-8; <paramref name="printable"/>: only printable
    /// ASCII (what the canonical writer copies as it is). <paramref name="length"/>: its byte count.
    /// </summary>
    private static bool TryString(ReadOnlySpan<byte> s, ref int p, out bool printable, out int length)
    {
        printable = false;
        length = 0;
        if (!At(s, p, (byte)'"'))
            return false;
        ReadOnlySpan<byte> rest = s[(p + 1)..];
        int end = rest.IndexOfAny(StringStopsOrOdd);
        if (end < 0)
            return false;
        if (rest[end] != '"')
        {
            if (rest[end] < 0x7F)
                return false; // an escape or a control character
            int odd = end;
            int after = rest[odd..].IndexOfAny(StringStops);
            if (after < 0 || rest[odd + after] != '"')
                return false;
            end = odd + after;
            if (!Utf8.IsValid(rest[odd..end]))
                return false;
        }
        else
        {
            printable = true;
        }
        length = end;
        p += end + 2;
        return true;
    }

    /// <summary>At '"': base64 without whitespace or escapes, decoded to bytes (the data set holds bulk data as bytes).</summary>
    private static bool TryInlineBinary(ReadOnlySpan<byte> s, ref int p, ParseContext context, ref ElementSlot slot)
    {
        if (!At(s, p, (byte)'"'))
            return false;
        // One pass finds the end and checks the letters; then up to two '=' and the closing quote.
        ReadOnlySpan<byte> rest = s[(p + 1)..];
        int letters = rest.IndexOfAnyExcept(Base64Letters);
        if (letters < 0)
            return false;
        int end = letters;
        while (end < rest.Length && end - letters < 2 && rest[end] == '=')
            end++;
        if (end == rest.Length || rest[end] != '"' || end % 4 != 0)
            return false;
        ReadOnlySpan<byte> base64 = rest[..end];
        // The last quantum as Base64.IsValid and the decoder judge it (padding, and the bits it leaves unused).
        if (end > 0 && !Base64.IsValid(base64[^4..]))
            return false;
        slot.Form = DicomValueForm.InlineBinary;
        if (!context.ValidateOnly)
        {
            int length = end / 4 * 3 - (end - letters);
            slot.Start = context.KeepUninitialized(length, out byte[] buffer);
            slot.Buffer = buffer;
            slot.Length = length;
            slot.RawBytes = true;
            if (Base64.DecodeFromUtf8(base64, buffer.AsSpan(slot.Start, length), out int consumed, out int written) != OperationStatus.Done
                || consumed != base64.Length || written != length)
                return false;
        }
        p += end + 2;
        return true;
    }

    private static bool TakeColon(ReadOnlySpan<byte> s, ref int p)
    {
        SkipSpace(s, ref p);
        if (!Take(s, ref p, (byte)':'))
            return false;
        SkipSpace(s, ref p);
        return true;
    }

    /// <summary>Skips JSON whitespace; true when there was some.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SkipSpace(ReadOnlySpan<byte> s, ref int p)
    {
        if (p >= s.Length || s[p] > ' ')
            return false;
        int start = p;
        while (p < s.Length && s[p] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            p++;
        return p > start;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool At(ReadOnlySpan<byte> s, int p, byte b) => (uint)p < (uint)s.Length && s[p] == b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Take(ReadOnlySpan<byte> s, ref int p, byte b)
    {
        if ((uint)p < (uint)s.Length && s[p] == b)
        {
            p++;
            return true;
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TakeLiteral(ReadOnlySpan<byte> s, ref int p, ReadOnlySpan<byte> literal)
    {
        if (s.Length - p >= literal.Length && s.Slice(p, literal.Length).SequenceEqual(literal))
        {
            p += literal.Length;
            return true;
        }
        return false;
    }
}
