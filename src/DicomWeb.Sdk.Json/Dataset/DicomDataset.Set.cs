using System.Buffers;
using System.Numerics;
using System.Text.Json;
using DicomWeb.Json;

namespace DicomWeb;

public sealed partial class DicomDataset
{
    /// <summary>Sets a text element (AE CS LO LT SH ST UC UR UT); "" is an empty value. Returns this data set.</summary>
    public DicomDataset Set(StringTag tag, params string[] values) => SetValues(tag, values, static (w, v) => WriteText(w, v));

    /// <summary>Sets a UID element.</summary>
    public DicomDataset Set(UidTag tag, params string[] values) => SetValues(tag, values, static (w, v) => WriteText(w, v));

    /// <summary>Sets an age string element, e.g. "045Y".</summary>
    public DicomDataset Set(AgeStringTag tag, params string[] values) => SetValues(tag, values, static (w, v) => WriteText(w, v));

    /// <summary>Sets a person name element.</summary>
    public DicomDataset Set(PersonNameTag tag, params PersonName[] values) => SetValues(tag, values, static (w, v) =>
    {
        if (v is null || v.IsEmpty) { w.WriteNullValue(); return; }
        w.WriteStartObject();
        if (v.Alphabetic is not null) w.WriteString("Alphabetic", v.Alphabetic);
        if (v.Ideographic is not null) w.WriteString("Ideographic", v.Ideographic);
        if (v.Phonetic is not null) w.WriteString("Phonetic", v.Phonetic);
        w.WriteEndObject();
    });

    /// <summary>Sets a date element.</summary>
    public DicomDataset Set(DateTag tag, params DicomDate[] values) => SetValues(tag, values, static (w, v) => WriteText(w, v.ToString()));

    /// <summary>Sets a time element.</summary>
    public DicomDataset Set(TimeTag tag, params DicomTime[] values) => SetValues(tag, values, static (w, v) => WriteText(w, v.ToString()));

    /// <summary>Sets a date-time element.</summary>
    public DicomDataset Set(DateTimeTag tag, params DicomDateTime[] values) => SetValues(tag, values, static (w, v) => WriteText(w, v.ToString()));

    /// <summary>Sets a decimal string element; each double is written in its shortest round-trip form.</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite, which DS cannot hold.</exception>
    public DicomDataset Set(DecimalStringTag tag, params double[] values)
    {
        foreach (double value in values)
        {
            if (!double.IsFinite(value))
                throw new ArgumentException($"{value} cannot be a decimal string (DS) value.", nameof(values));
        }
        return SetValues(tag, values, static (w, v) => w.WriteNumberValue(v));
    }

    /// <summary>Sets an integer string element.</summary>
    public DicomDataset Set(IntegerStringTag tag, params int[] values) => SetValues(tag, values, static (w, v) => w.WriteNumberValue(v));

    /// <summary>
    /// Sets a binary number element (US SS UL SL UV SV FL FD). For an element that is "US or SS" the
    /// VR follows the values: US when all fit 0..65535, else SS.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value does not fit the element's VR.</exception>
    public DicomDataset Set<T>(NumberTag<T> tag, params T[] values) where T : struct, INumber<T> => SetValues(tag, NumberVR(tag, values), values, static (w, v) =>
    {
        if (typeof(T) == typeof(double) || typeof(T) == typeof(float))
        {
            double d = double.CreateTruncating(v);
            if (double.IsFinite(d)) w.WriteNumberValue(d);
            else w.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        }
        else if (typeof(T) == typeof(ulong))
            w.WriteNumberValue(ulong.CreateTruncating(v));
        else
            w.WriteNumberValue(long.CreateTruncating(v));
    });

    /// <summary>Sets an attribute tag element.</summary>
    public DicomDataset Set(AttributeTagTag tag, params DicomTag[] values) => SetValues(tag, values, static (w, v) => w.WriteStringValue(v.ToString("J", null)));

    /// <summary>Sets a sequence; the items are held, not copied.</summary>
    public DicomDataset Set(SequenceTag tag, params DicomDataset[] items)
    {
        Store(items.Length == 0
            ? new ElementSlot { Tag = tag.Tag.Value, VR = DicomVR.SQ, Form = DicomValueForm.Empty }
            : new ElementSlot { Tag = tag.Tag.Value, VR = DicomVR.SQ, Form = DicomValueForm.Sequence, Items = [.. items] });
        return this;
    }

    /// <summary>Sets the bulk data of an element: inline bytes or a BulkDataURI.</summary>
    public DicomDataset Set(BinaryTag tag, DicomBulkData value) => SetBulkData(tag, tag.VR, value);

    /// <summary>
    /// Sets the bulk data of an element of any VR that allows it: inline bytes for OB OD OF OL OV OW
    /// UN, a BulkDataURI for those and DS FL FD IS LT SL SS ST SV UC UL US UT UV.
    /// </summary>
    /// <exception cref="ArgumentException">The VR does not allow this form of bulk data.</exception>
    public DicomDataset SetBulkData(DicomTag tag, DicomVR vr, DicomBulkData value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Bytes is { } bytes)
        {
            if (vr.JsonKind != ValueKind.Binary)
                throw new ArgumentException($"Inline bytes are only for OB, OD, OF, OL, OV, OW and UN, not {vr}.", nameof(vr));
            // Held as bytes (a copy: the caller's array may change), not as base64 text.
            Store(ElementSlot.Binary(tag.Value, vr, bytes.ToArray(), 0, bytes.Length));
            return this;
        }
        if (!vr.AllowsBulkData)
            throw new ArgumentException($"A BulkDataURI is not allowed for VR {vr}.", nameof(vr));
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, DicomJson.CanonicalWriterOptions))
            writer.WriteStringValue(value.Uri);
        Store(new ElementSlot
        {
            Tag = tag.Value, VR = vr, Form = DicomValueForm.BulkDataUri,
            Buffer = buffer.WrittenSpan.ToArray(), Start = 0, Length = buffer.WrittenCount,
        });
        return this;
    }

    /// <summary>Sets an element with no value (zero length), as DICOM JSON writes {"vr": "..."} alone.</summary>
    public DicomDataset SetEmpty(IDicomTag tag)
    {
        Store(new ElementSlot { Tag = tag.Tag.Value, VR = tag.VR, Form = DicomValueForm.Empty });
        return this;
    }

    private static DicomVR NumberVR<T>(NumberTag<T> tag, T[] values) where T : struct, INumber<T>
    {
        DicomVR vr = tag.VR;
        if (typeof(T) != typeof(int) || (vr != DicomVR.US && vr != DicomVR.SS))
            return vr;
        bool fitsUS = values.All(v => int.CreateTruncating(v) is >= ushort.MinValue and <= ushort.MaxValue);
        bool fitsSS = values.All(v => int.CreateTruncating(v) is >= short.MinValue and <= short.MaxValue);
        return fitsUS ? DicomVR.US : fitsSS ? DicomVR.SS
            : throw new ArgumentOutOfRangeException(nameof(values), $"The values of {tag} fit neither US nor SS.");
    }

    private DicomDataset SetValues<T>(IDicomTag tag, T[] values, Action<Utf8JsonWriter, T> write) => SetValues(tag, tag.VR, values, write);

    private DicomDataset SetValues<T>(IDicomTag tag, DicomVR vr, T[] values, Action<Utf8JsonWriter, T> write)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
            return SetEmpty(tag);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, DicomJson.CanonicalWriterOptions))
        {
            writer.WriteStartArray();
            foreach (T value in values)
                write(writer, value);
            writer.WriteEndArray();
        }
        // One empty value is an empty element, as DICOM JSON and Part 10 both have it.
        if (ValueCodec.IsSoleEmpty(buffer.WrittenSpan, vr))
            return SetEmpty(tag);
        Store(new ElementSlot
        {
            Tag = tag.Tag.Value, VR = vr, Form = DicomValueForm.Values,
            Buffer = buffer.WrittenSpan.ToArray(), Start = 0, Length = buffer.WrittenCount,
            Canonical = IsCanonical(buffer.WrittenSpan, vr.JsonKind),
        });
        return this;
    }

    /// <summary>
    /// Whether a Value array (validated: the setters' output or a parsed one) is exactly what DicomJsonWriter
    /// writes for it, so the writer may copy it (<see cref="ElementSlot.Canonical"/>). Entries: null; for the
    /// number VRs JSON numbers; for text VRs non-empty strings; for AT eight uppercase hex digits; for PN an
    /// object of non-empty Alphabetic, Ideographic, Phonetic strings in that order, at least one. Every string
    /// printable ASCII without escapes, no whitespace outside strings, not one null alone. Anything else (NaN
    /// as a string, non-ASCII text, an empty string) is left to the writer's re-read.
    /// </summary>
    internal static bool IsCanonical(ReadOnlySpan<byte> json, ValueKind kind)
    {
        // No backslash means no escape, so a '"' always opens or closes a string.
        if (json.Length < 3 || json.SequenceEqual("[null]"u8) || json[0] != '[' || json[^1] != ']' || json.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0 || json.Contains((byte)'\\'))
            return false;
        int i = 1;
        while (true)
        {
            ReadOnlySpan<byte> rest = json[i..];
            if (rest.StartsWith("null"u8))
                i += 4;
            else
            {
                int length = kind switch
                {
                    ValueKind.DecimalString or ValueKind.IntegerString or ValueKind.Integer or ValueKind.VeryLong or ValueKind.Float =>
                        NumberLength(rest),
                    ValueKind.Text => CanonicalString(rest),
                    ValueKind.AttributeTag => rest.Length > 10 && rest[9] == '"' && CanonicalString(rest) == 10
                        && rest[1..9].IndexOfAnyExcept("0123456789ABCDEF"u8) < 0 ? 10 : 0,
                    ValueKind.PersonName => CanonicalPersonName(rest),
                    _ => 0,
                };
                if (length <= 0)
                    return false;
                i += length;
            }
            if (i >= json.Length - 1)
                return i == json.Length - 1;
            if (json[i] != ',')
                return false;
            i++;
        }
    }

    /// <summary>The length of a JSON number at the start of <paramref name="json"/> (up to the next ',' or ']'); 0 when there is none.</summary>
    private static int NumberLength(ReadOnlySpan<byte> json)
    {
        int length = json.IndexOfAny((byte)',', (byte)']');
        return length > 0 && DicomText.IsJsonNumber(json[..length]) ? length : 0;
    }

    /// <summary>The length of a non-empty string token at the start of <paramref name="json"/>, quotes included; 0 when there is none.</summary>
    private static int CanonicalString(ReadOnlySpan<byte> json)
    {
        if (json.Length < 3 || json[0] != '"')
            return 0;
        int end = json[1..].IndexOf((byte)'"');
        return end > 0 ? end + 2 : 0;
    }

    /// <summary>The length of a PN object at the start of <paramref name="json"/> in canonical form; 0 when it is not one.</summary>
    private static int CanonicalPersonName(ReadOnlySpan<byte> json)
    {
        if (json.Length < 2 || json[0] != '{')
            return 0;
        int i = 1, rank = 0;
        while (true)
        {
            ReadOnlySpan<byte> rest = json[i..];
            (int group, int keyLength) = rest.StartsWith("\"Alphabetic\":"u8) ? (1, 13)
                : rest.StartsWith("\"Ideographic\":"u8) ? (2, 14)
                : rest.StartsWith("\"Phonetic\":"u8) ? (3, 11)
                : (0, 0);
            if (group <= rank)
                return 0;
            rank = group;
            int value = CanonicalString(rest[keyLength..]);
            if (value == 0)
                return 0;
            i += keyLength + value;
            if (i >= json.Length)
                return 0;
            if (json[i] == '}')
                return i + 1;
            if (json[i] != ',')
                return 0;
            i++;
        }
    }

    private static void WriteText(Utf8JsonWriter writer, string? value)
    {
        if (string.IsNullOrEmpty(value))
            writer.WriteNullValue();
        else
            writer.WriteStringValue(value);
    }
}
