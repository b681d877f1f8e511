using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using DicomWeb.Json;

namespace DicomWeb;

/// <summary>
/// The value field of an element holding values (DICOM JSON "Value"), in a file's byte order. What
/// the file could not hold as it is fails here, naming the value and the reason, rather than
/// reading back as something else: a backslash inside one value of a text VR (the Part 10 value
/// delimiter), '=' or a backslash inside a person name group, more than one value of LT ST UT UR,
/// a character outside ASCII in UI DS IS, a character the Specific Character Set cannot encode
/// (the platform's encoders would write '?' or a look-alike), a number its VR cannot hold.
/// </summary>
internal sealed class Part10Values
{
    private readonly bool _bigEndian;
    private readonly Encoding? _text;
    private readonly string _terms;

    /// <summary><paramref name="text"/>: the Specific Character Set's encoding (<paramref name="terms"/> its defined terms); null when the data set declares none.</summary>
    public Part10Values(bool bigEndian, Encoding? text, string terms)
    {
        _bigEndian = bigEndian;
        _text = text is null ? null : Strict(text);
        _terms = terms;
    }

    // Encoders that throw on a character they cannot encode, instead of writing '?' or a best-fit look-alike.
    private static readonly Encoding StrictAscii = Encoding.GetEncoding("us-ascii", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    private static readonly Encoding StrictLatin1 = Strict(Encoding.Latin1);

    private static Encoding Strict(Encoding encoding)
    {
        var strict = (Encoding)encoding.Clone();
        strict.EncoderFallback = EncoderFallback.ExceptionFallback;
        return strict;
    }

    /// <exception cref="DicomFileException">A value the file cannot hold as it is; the message names it and why.</exception>
    public byte[] Encode(in ElementSlot slot)
    {
        var reader = new Utf8JsonReader(slot.Json);
        reader.Read();
        ValueKind kind = slot.VR.JsonKind;
        return kind is ValueKind.Text or ValueKind.PersonName or ValueKind.DecimalString or ValueKind.IntegerString
            ? Text(ref reader, slot, kind)
            : Binary(ref reader, slot, kind);
    }

    private byte[] Text(ref Utf8JsonReader reader, in ElementSlot slot, ValueKind kind)
    {
        DicomVR vr = slot.VR;
        // LT, ST, UT and UR hold one value, in which a backslash is a character; the others split on it.
        bool single = vr.HasSingleValue;
        var field = new ArrayBufferWriter<byte>();
        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (single && index > 0)
                throw Refused(slot, $"{vr} holds one value in Part 10, and a backslash in it is a character: {Count(slot)} values would read back as one");
            string value = reader.TokenType switch
            {
                JsonTokenType.Null => "",
                JsonTokenType.Number => Encoding.ASCII.GetString(reader.ValueSpan),
                JsonTokenType.StartObject => PersonNameText(ValueCodec.ReadPersonName(ref reader), slot, index),
                _ when kind == ValueKind.PersonName => PersonNameText(PersonName.Parse(reader.GetString()!), slot, index),
                _ => reader.GetString()!,
            };
            if (!single && value.Contains('\\'))
                throw Refused(slot, $"Value[{index}] holds a backslash, which separates values in Part 10: it would read back as more values than it is");
            if (index > 0)
                field.Write("\\"u8);
            Encode(value, slot, kind, index, field);
            index++;
        }
        return field.WrittenSpan.ToArray();
    }

    private static string PersonNameText(PersonName name, in ElementSlot slot, int index)
    {
        foreach ((string group, string? text) in new[] { ("Alphabetic", name.Alphabetic), ("Ideographic", name.Ideographic), ("Phonetic", name.Phonetic) })
        {
            if (text is null)
                continue;
            if (text.Contains('='))
                throw Refused(slot, $"Value[{index}] has '=' inside its {group} group, which separates the groups in Part 10: it would read back as another group");
            if (text.Contains('\\'))
                throw Refused(slot, $"Value[{index}] has a backslash inside its {group} group, which separates values in Part 10: it would read back as more values");
        }
        return name.ToDicomString();
    }

    private void Encode(string value, in ElementSlot slot, ValueKind kind, int index, ArrayBufferWriter<byte> field)
    {
        DicomVR vr = slot.VR;
        if (kind is ValueKind.DecimalString or ValueKind.IntegerString || vr == DicomVR.UI)
        {
            // Numbers and UIDs are ASCII digits: a full-width digit is another character, not the digit.
            Write(value, StrictAscii, field, c => $"Value[{index}] has a character outside ASCII ({c}), which {vr} cannot hold", slot);
            return;
        }
        bool asciiVR = !vr.UsesSpecificCharacterSet;   // AE AS CS DA DT TM UR here: DS, IS and UI are done above
        if (asciiVR)
        {
            // The reader takes these byte for byte (Latin-1): written the same way, odd bytes survive a round trip.
            Write(value, StrictLatin1, field, c => $"Value[{index}] has a character ({c}) that {vr}, a VR of single bytes, cannot hold", slot);
            return;
        }
        if (_text is null)
        {
            // No Specific Character Set: Latin-1, as the reader takes such text, when it fits; otherwise the writer
            // starts again in UTF-8 and declares it (ISO_IR 192), so the text reads back as it was.
            if (!Fits(value, StrictLatin1))
                throw new UndeclaredText();
            field.Write(StrictLatin1.GetBytes(value));
            return;
        }
        Write(value, _text, field, c => $"Value[{index}] has a character ({c}) that the Specific Character Set '{_terms}' cannot encode (it would be written as another character)", slot);
    }

    /// <summary>Encodes <paramref name="value"/> and checks that it decodes back to itself; else the message for the first character that does not.</summary>
    private static void Write(string value, Encoding encoding, ArrayBufferWriter<byte> field, Func<string, string> cannot, in ElementSlot slot)
    {
        byte[] bytes;
        try
        {
            bytes = encoding.GetBytes(value);
        }
        catch (EncoderFallbackException e)
        {
            throw Refused(slot, cannot(CodePoint(e.CharUnknownHigh != 0 ? char.ConvertToUtf32(e.CharUnknownHigh, e.CharUnknownLow) : e.CharUnknown)));
        }
        string back = encoding.GetString(bytes);
        if (back != value)
        {
            // An encoder that maps a character to another one without a fallback (a best-fit table).
            int at = 0;
            while (at < value.Length && at < back.Length && value[at] == back[at])
                at++;
            throw Refused(slot, cannot(CodePoint(at < value.Length ? char.ConvertToUtf32(value, at) : 0)));
        }
        field.Write(bytes);
    }

    private static bool Fits(string value, Encoding encoding)
    {
        try
        {
            encoding.GetByteCount(value);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Text beyond Latin-1 in a data set without Specific Character Set: the writer writes the data set again in UTF-8.</summary>
    public sealed class UndeclaredText : Exception
    {
        public UndeclaredText()
            : base("text beyond Latin-1 without Specific Character Set")
        {
        }
    }

    // The character as its code point only: the text around it may be a patient's name.
    private static string CodePoint(int scalar) => $"U+{scalar:X4}";

    private byte[] Binary(ref Utf8JsonReader reader, in ElementSlot slot, ValueKind kind)
    {
        DicomVR vr = slot.VR;
        var bytes = new ArrayBufferWriter<byte>();
        Span<byte> scratch = stackalloc byte[64];
        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
                throw Refused(slot, $"Value[{index}] is empty, which a multi-valued {vr} has no binary form for");
            bool fromString = reader.TokenType == JsonTokenType.String;
            ReadOnlySpan<byte> text = fromString ? JsonEscapes.Text(reader.ValueSpan, reader.ValueIsEscaped, scratch) : reader.ValueSpan;
            Span<byte> span = bytes.GetSpan(8);
            int width;
            if (kind == ValueKind.AttributeTag)
            {
                if (!TagKeys.TryParse(text, out uint tag))
                    throw NotA(slot, index, text, "a tag of eight hex digits");
                Write16(span, (ushort)(tag >> 16));
                Write16(span[2..], (ushort)tag);
                width = 4;
            }
            else if (vr == DicomVR.FL || vr == DicomVR.FD)
            {
                if (!DicomNumbers.TryParseFloat(vr, text, fromString, out double number))
                    throw NotA(slot, index, text, $"a number {DicomNumbers.FloatName(vr)} can hold");
                if (vr == DicomVR.FL)
                {
                    Write32(span, (uint)BitConverter.SingleToInt32Bits((float)number));
                    width = 4;
                }
                else
                {
                    Write64(span, (ulong)BitConverter.DoubleToInt64Bits(number));
                    width = 8;
                }
            }
            else if (vr == DicomVR.UV)
            {
                if (!DicomNumbers.TryParseUnsigned(text, fromString, out ulong number))
                    throw NotA(slot, index, text, $"an integer from {DicomNumbers.Range(vr)}");
                Write64(span, number);
                width = 8;
            }
            else
            {
                if (!DicomNumbers.TryParseSigned(vr, text, fromString, out long number))
                    throw NotA(slot, index, text, $"an integer from {DicomNumbers.Range(vr)}");
                width = vr.ValueSize;
                if (width == 2) Write16(span, (ushort)number);
                else if (width == 4) Write32(span, (uint)number);
                else Write64(span, (ulong)number);
            }
            bytes.Advance(width);
            index++;
        }
        return bytes.WrittenSpan.ToArray();
    }

    private static DicomFileException NotA(in ElementSlot slot, int index, ReadOnlySpan<byte> text, string expected)
    {
        string shown = Encoding.UTF8.GetString(text.Length > 40 ? text[..40] : text);
        return Refused(slot, $"Value[{index}] \"{shown}{(text.Length > 40 ? "..." : "")}\" is not {expected}, which {slot.VR} needs");
    }

    private static int Count(in ElementSlot slot)
    {
        var reader = new Utf8JsonReader(slot.Json);
        reader.Read();
        int count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();
            count++;
        }
        return count;
    }

    private static DicomFileException Refused(in ElementSlot slot, string reason) =>
        new($"the {slot.VR} value cannot be written as it is: {reason}", null, 0, new DicomTag(slot.Tag));

    private void Write16(Span<byte> span, ushort value)
    {
        if (_bigEndian) BinaryPrimitives.WriteUInt16BigEndian(span, value);
        else BinaryPrimitives.WriteUInt16LittleEndian(span, value);
    }

    private void Write32(Span<byte> span, uint value)
    {
        if (_bigEndian) BinaryPrimitives.WriteUInt32BigEndian(span, value);
        else BinaryPrimitives.WriteUInt32LittleEndian(span, value);
    }

    private void Write64(Span<byte> span, ulong value)
    {
        if (_bigEndian) BinaryPrimitives.WriteUInt64BigEndian(span, value);
        else BinaryPrimitives.WriteUInt64LittleEndian(span, value);
    }
}
