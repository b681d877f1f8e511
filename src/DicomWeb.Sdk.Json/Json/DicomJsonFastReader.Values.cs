using System.Buffers;
using System.Runtime.CompilerServices;
using static DicomWeb.Json.JsonBytes;

namespace DicomWeb.Json;

internal static partial class DicomJsonFastReader
{
    /// <summary>What a Value array held, beyond its entries: what decides how it is stored.</summary>
    private struct ArrayShape
    {
        public int Count;
        public bool SoleEmpty;

        /// <summary>Every entry is in the form DicomJsonWriter writes (whitespace aside).</summary>
        public bool Canonical;

        /// <summary>Whitespace between tokens, or escapes in a string: stored compacted (<see cref="JsonEscapes.Compact"/>).</summary>
        public bool Spaced, Escaped;
    }

    /// <summary>At '[': a Value array checked against its VR, then kept in the data set's storage.</summary>
    private static bool TryValueArray(ReadOnlySpan<byte> s, ref int p, DicomVR vr, ValueKind kind, ParseContext context, ref ElementSlot slot)
    {
        int start = p;
        if (!TryValues(s, ref p, vr, kind, context.Options.Strict, out ArrayShape shape))
            return false;
        int count = shape.Count;
        if (shape.SoleEmpty)
        {
            if (context.Options.Strict)
                return false;
            count = 0; // [null] or [""]: an empty value.
        }
        if (count == 0)
        {
            slot.Form = DicomValueForm.Empty;
            return true;
        }
        slot.Form = DicomValueForm.Values;
        // Stored without whitespace and with escapes decoded, the array is canonical when its entries are and none was escaped.
        slot.Canonical = shape.Canonical && !shape.Escaped;
        if (!context.ValidateOnly)
            Keep(s[start..p], shape.Spaced || shape.Escaped, context, ref slot);
        return true;
    }

    private static void Keep(ReadOnlySpan<byte> value, bool compact, ParseContext context, ref ElementSlot slot)
    {
        if (compact)
        {
            slot.Start = context.KeepCompact(value, out byte[] buffer, out slot.Length);
            slot.Buffer = buffer;
        }
        else
        {
            slot.Start = context.Keep(value, out byte[] buffer);
            slot.Buffer = buffer;
            slot.Length = value.Length;
        }
    }

    /// <summary>At '[': the entries of a Value array, checked against the VR as <see cref="ValueCodec.Validate"/> checks them.</summary>
    private static bool TryValues(ReadOnlySpan<byte> s, ref int p, DicomVR vr, ValueKind kind, bool strict, out ArrayShape shape)
    {
        shape = new ArrayShape { Canonical = true };
        bool empty = false;
        p++;
        shape.Spaced |= SkipSpace(s, ref p);
        if (Take(s, ref p, (byte)']'))
            return true;
        while (true)
        {
            if (p >= s.Length)
                return false;
            byte first = s[p];
            if (first == 'n')
            {
                if (!TakeLiteral(s, ref p, "null"u8))
                    return false;
                empty = true;
            }
            else if (first == '"')
            {
                if (!TryStringValue(s, ref p, vr, kind, strict, ref shape, out empty))
                    return false;
            }
            else if (first == '{')
            {
                if (kind != ValueKind.PersonName || !TryPersonName(s, ref p, ref shape, out empty))
                    return false;
            }
            else
            {
                int number = p;
                if (!TryNumber(s, ref p) || !DicomNumbers.IsInRange(vr, kind, s[number..p]))
                    return false;
                empty = false;
            }
            shape.Count++;
            shape.Spaced |= SkipSpace(s, ref p);
            if (Take(s, ref p, (byte)']'))
                break;
            if (!Take(s, ref p, (byte)','))
                return false;
            shape.Spaced |= SkipSpace(s, ref p);
        }
        shape.SoleEmpty = shape.Count == 1 && empty;
        if (shape.SoleEmpty)
            shape.Canonical = false;
        return true;
    }

    /// <summary>A string entry: text for the text VRs, eight hex digits for AT, number text for the numeric VRs (escapes decoded first).</summary>
    private static bool TryStringValue(ReadOnlySpan<byte> s, ref int p, DicomVR vr, ValueKind kind, bool strict, ref ArrayShape shape, out bool empty)
    {
        int start = p + 1;
        empty = false;
        if (!TryString(s, ref p, out StringShape form, out int length))
            return false;
        bool escaped = (form & StringShape.Escaped) != 0;
        shape.Escaped |= escaped;
        empty = length == 0;
        switch (kind)
        {
            case ValueKind.Text:
                if (empty || (form & StringShape.Printable) == 0)
                    shape.Canonical = false; // "" is written as null; other text may be escaped by the writer.
                return true;
            case ValueKind.PersonName:
                return false; // a plain string for a name: tolerated (or refused) by the general parser
            case ValueKind.Integer or ValueKind.Float when strict:
                return false;
            case ValueKind.AttributeTag:
            case ValueKind.DecimalString or ValueKind.IntegerString or ValueKind.Integer or ValueKind.VeryLong or ValueKind.Float:
                return IsNumberText(s.Slice(start, length), escaped, vr, kind, strict, ref shape);
            default:
                return false;
        }
    }

    /// <summary>Number text or an AT in a string, its escapes decoded ("\u0034\u0032" is 42), judged by the primitives every reader shares.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsNumberText(ReadOnlySpan<byte> raw, bool escaped, DicomVR vr, ValueKind kind, bool strict, ref ArrayShape shape)
    {
        scoped ReadOnlySpan<byte> text = raw;
        Span<byte> scratch = stackalloc byte[64];
        if (escaped)
        {
            if (raw.Length > scratch.Length || !JsonEscapes.TryDecode(raw, scratch, out int written))
                return false;
            text = scratch[..written];
        }
        if (kind == ValueKind.AttributeTag)
        {
            if (!TagKeys.TryParse(text, out _))
                return false;
            if (TagKeys.HasLowercase(text))
            {
                if (strict)
                    return false;
                shape.Canonical = false; // written in uppercase
            }
            return true;
        }
        shape.Canonical = false; // written as a number where it is one
        return DicomNumbers.IsTextInRange(vr, kind, text);
    }

    /// <summary>At '{': a PN entry with its groups as strings or null, each group at most once.</summary>
    private static bool TryPersonName(ReadOnlySpan<byte> s, ref int p, ref ArrayShape shape, out bool empty)
    {
        empty = true;
        p++;
        shape.Spaced |= SkipSpace(s, ref p);
        int seen = 0;
        if (Take(s, ref p, (byte)'}'))
        {
            shape.Canonical = false; // written as null
            return true;
        }
        while (true)
        {
            int group = PersonNameGroups.TakeQuoted(s, ref p);
            if (group == 0 || (seen & group) != 0)
                return false;
            if (group < seen)
                shape.Canonical = false; // the writer puts the groups in the order of F.2.2
            seen |= group;
            shape.Spaced |= SkipSpace(s, ref p);
            if (!Take(s, ref p, (byte)':'))
                return false;
            shape.Spaced |= SkipSpace(s, ref p);
            if (At(s, p, (byte)'"'))
            {
                if (!TryString(s, ref p, out StringShape form, out int length))
                    return false;
                shape.Escaped |= (form & StringShape.Escaped) != 0;
                if (length > 0)
                    empty = false;
                if (length == 0 || (form & StringShape.Printable) == 0)
                    shape.Canonical = false;
            }
            else if (TakeLiteral(s, ref p, "null"u8))
            {
                shape.Canonical = false;
            }
            else
            {
                return false;
            }
            shape.Spaced |= SkipSpace(s, ref p);
            if (Take(s, ref p, (byte)'}'))
                break;
            if (!Take(s, ref p, (byte)','))
                return false;
            shape.Spaced |= SkipSpace(s, ref p);
        }
        if (empty)
            shape.Canonical = false;
        return true;
    }

    /// <summary>At '"': a BulkDataURI, kept as its string token (escapes such as "\/" decoded into storage).</summary>
    private static bool TryBulkDataUri(ReadOnlySpan<byte> s, ref int p, ParseContext context, ref ElementSlot slot)
    {
        int start = p;
        if (!TryString(s, ref p, out StringShape form, out _))
            return false;
        slot.Form = DicomValueForm.BulkDataUri;
        if (!context.ValidateOnly)
            Keep(s[start..p], (form & StringShape.Escaped) != 0, context, ref slot);
        return true;
    }

    /// <summary>
    /// At '"': base64 without whitespace, decoded to bytes (the data set holds bulk data as bytes).
    /// Escapes (a '/' written "\/") are decoded first, unless strict, which refuses them.
    /// </summary>
    private static bool TryInlineBinary(ReadOnlySpan<byte> s, ref int p, ParseContext context, ref ElementSlot slot)
    {
        if (!At(s, p, (byte)'"'))
            return false;
        // The usual case in one pass: letters, padding, the closing quote.
        ReadOnlySpan<byte> rest = s[(p + 1)..];
        if (Base64Values.TryMeasure(rest, out int end, out int length) && end < rest.Length && rest[end] == '"')
        {
            if (!Decode(rest[..end], length, context, ref slot))
                return false;
            p += end + 2;
            return true;
        }
        int q = p;
        if (context.Options.Strict || !TryString(s, ref q, out StringShape form, out int raw) || (form & StringShape.Escaped) == 0)
            return false; // whitespace, a wrong letter: the general parser's
        byte[] decoded = ArrayPool<byte>.Shared.Rent(raw);
        try
        {
            if (!JsonEscapes.TryDecode(rest[..raw], decoded, out int text)
                || !Base64Values.TryMeasure(decoded.AsSpan(0, text), out end, out length) || end != text
                || !Decode(decoded.AsSpan(0, text), length, context, ref slot))
                return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decoded);
        }
        p = q;
        return true;
    }

    private static bool Decode(ReadOnlySpan<byte> base64, int length, ParseContext context, ref ElementSlot slot)
    {
        slot.Form = DicomValueForm.InlineBinary;
        if (context.ValidateOnly)
            return true;
        slot.Start = context.KeepUninitialized(length, out byte[] buffer);
        slot.Buffer = buffer;
        slot.Length = length;
        slot.RawBytes = true;
        return Base64Values.TryDecodeStrict(base64, buffer.AsSpan(slot.Start, length));
    }
}
