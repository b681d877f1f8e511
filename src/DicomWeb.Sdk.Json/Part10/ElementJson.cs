using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using DicomWeb.Json;

namespace DicomWeb;

/// <summary>
/// Turns the binary value field of one Part 10 element into the DICOM JSON form the data set keeps
/// (and back, for the writer): text split on backslashes, person names into groups, binary numbers
/// into JSON numbers. Bulk data stays bytes (InlineBinary held raw, little endian): its base64
/// form is made only when DICOM JSON is written.
/// </summary>
internal sealed class ElementJson
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;

    public ElementJson() => _writer = new Utf8JsonWriter(_buffer, DicomJson.CanonicalWriterOptions);

    public ElementSlot Element(uint tag, DicomVR vr, ReadOnlySpan<byte> value, DicomCharacterSet charset, bool bigEndian, ValueArena arena)
    {
        ValueKind kind = vr.JsonKind;
        if (kind == ValueKind.Binary)
            return Binary(tag, vr, value, bigEndian, arena);
        if (value.Length == 0)
            return new ElementSlot { Tag = tag, VR = vr, Form = DicomValueForm.Empty };
        Begin();
        _writer.WriteStartArray();
        switch (kind)
        {
            case ValueKind.Text:
                WriteText(vr, value, charset);
                break;
            case ValueKind.PersonName:
                foreach (string name in Split(charset.Decode(value)))
                    DicomJsonModelWriter.PersonName(_writer, PersonName.Parse(name.TrimEnd(' ')));
                break;
            case ValueKind.DecimalString or ValueKind.IntegerString:
                foreach (string number in Split(Encoding.ASCII.GetString(value)))
                {
                    string text = number.Trim(' ', '\0');
                    byte[] ascii = Encoding.ASCII.GetBytes(text);
                    if (text.Length > 0 && (kind == ValueKind.DecimalString ? !DicomText.IsDecimalString(ascii) : !DicomText.TryParseIntegerString(ascii, out _)))
                        throw new FormatException($"'{text}' is not {(kind == ValueKind.DecimalString ? "a decimal string" : "an integer string")}");
                    if (text.Length == 0) _writer.WriteNullValue();
                    else if (DicomText.IsJsonNumber(ascii)) _writer.WriteRawValue(ascii, skipInputValidation: true);
                    else _writer.WriteStringValue(text);
                }
                break;
            case ValueKind.AttributeTag:
                for (int i = 0; i + 4 <= value.Length; i += 4)
                    DicomJsonModelWriter.Tag(_writer, new DicomTag(Read16(value[i..], bigEndian), Read16(value[(i + 2)..], bigEndian)));
                break;
            default:
                WriteNumbers(vr, value, bigEndian);
                break;
        }
        _writer.WriteEndArray();
        return End(tag, vr, DicomValueForm.Values, arena);
    }

    /// <summary>
    /// Bulk data as InlineBinary bytes, little endian (PS3.18 F.2.7 asks for the byte order of PS3.5's
    /// default). A large value of <paramref name="shared"/> (the array <paramref name="value"/> lies in,
    /// from <paramref name="sharedStart"/>) is held where it is, without a copy: reading pixel data
    /// costs what reading the file costs.
    /// </summary>
    public static ElementSlot Binary(uint tag, DicomVR vr, ReadOnlySpan<byte> value, bool bigEndian, ValueArena arena, byte[]? shared = null, int sharedStart = 0)
    {
        if (value.Length == 0)
            return new ElementSlot { Tag = tag, VR = vr, Form = DicomValueForm.Empty };
        int width = vr.ValueSize;
        if (bigEndian && width > 1)
        {
            byte[] swapped = value.ToArray();
            for (int i = 0; i + width <= swapped.Length; i += width)
                swapped.AsSpan(i, width).Reverse();
            return ElementSlot.Binary(tag, vr, swapped, 0, swapped.Length);
        }
        // Small values are copied into the arena, so that a data set that keeps only them does not keep the whole file.
        if (shared is not null && value.Length > SharedValueBytes)
            return ElementSlot.Binary(tag, vr, shared, sharedStart, value.Length);
        int start = arena.Keep(value, out byte[] buffer);
        return ElementSlot.Binary(tag, vr, buffer, start, value.Length);
    }

    /// <summary>Values above this are held in the array they were read from (the size from which <see cref="ValueArena"/> gives a value an array of its own).</summary>
    private const int SharedValueBytes = 16 * 1024;

    /// <summary>A BulkDataURI value for <paramref name="slot"/>.</summary>
    public void Uri(string uri, ValueArena arena, ref ElementSlot slot)
    {
        Begin();
        _writer.WriteStringValue(uri);
        _writer.Flush();
        slot.Start = arena.Keep(_buffer.WrittenSpan, out byte[] buffer);
        slot.Buffer = buffer;
        slot.Length = _buffer.WrittenCount;
    }

    private void WriteText(DicomVR vr, ReadOnlySpan<byte> value, DicomCharacterSet charset)
    {
        // AE AS CS DA DT TM UI UR hold the default repertoire only; the rest follow the Specific Character Set.
        bool ascii = !vr.UsesSpecificCharacterSet;
        string text = ascii ? Encoding.Latin1.GetString(value) : charset.Decode(value);
        // LT, ST, UT and UR hold one value in which a backslash is just a character.
        bool single = vr.HasSingleValue;
        foreach (string part in single ? [text] : Split(text))
        {
            string trimmed = vr == DicomVR.UI ? part.TrimEnd('\0', ' ') : vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.UT ? part.TrimEnd(' ', '\0') : part.Trim(' ', '\0');
            if (trimmed.Length == 0) _writer.WriteNullValue();
            else _writer.WriteStringValue(trimmed);
        }
    }

    private void WriteNumbers(DicomVR vr, ReadOnlySpan<byte> value, bool bigEndian)
    {
        int width = vr.ValueSize;
        if (value.Length % width != 0)
            throw new FormatException($"{value.Length} bytes is not a whole number of {width}-byte {vr} values");
        for (int i = 0; i < value.Length; i += width)
        {
            ReadOnlySpan<byte> v = value.Slice(i, width);
            if (vr == DicomVR.US) _writer.WriteNumberValue(Read16(v, bigEndian));
            else if (vr == DicomVR.SS) _writer.WriteNumberValue((short)Read16(v, bigEndian));
            else if (vr == DicomVR.UL) _writer.WriteNumberValue(Read32(v, bigEndian));
            else if (vr == DicomVR.SL) _writer.WriteNumberValue((int)Read32(v, bigEndian));
            else if (vr == DicomVR.UV) _writer.WriteNumberValue(Read64(v, bigEndian));
            else if (vr == DicomVR.SV) _writer.WriteNumberValue((long)Read64(v, bigEndian));
            else if (vr == DicomVR.FL) DicomJsonModelWriter.Single(_writer, BitConverter.Int32BitsToSingle((int)Read32(v, bigEndian)));
            else DicomJsonModelWriter.Double(_writer, BitConverter.Int64BitsToDouble((long)Read64(v, bigEndian)));
        }
    }

    private static string[] Split(string text) => text.Split('\\');

    private static ushort Read16(ReadOnlySpan<byte> v, bool bigEndian) => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(v) : BinaryPrimitives.ReadUInt16LittleEndian(v);

    private static uint Read32(ReadOnlySpan<byte> v, bool bigEndian) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(v) : BinaryPrimitives.ReadUInt32LittleEndian(v);

    private static ulong Read64(ReadOnlySpan<byte> v, bool bigEndian) => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(v) : BinaryPrimitives.ReadUInt64LittleEndian(v);

    private void Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }

    private ElementSlot End(uint tag, DicomVR vr, DicomValueForm form, ValueArena arena)
    {
        _writer.Flush();
        int start = arena.Keep(_buffer.WrittenSpan, out byte[] buffer);
        return new ElementSlot { Tag = tag, VR = vr, Form = form, Buffer = buffer, Start = start, Length = _buffer.WrittenCount };
    }
}
