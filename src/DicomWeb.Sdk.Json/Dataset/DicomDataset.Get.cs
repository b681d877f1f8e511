using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DicomWeb.Json;

namespace DicomWeb;

public sealed partial class DicomDataset
{
    private delegate T Decoder<T>(ref Utf8JsonReader reader);

    /// <summary>The first value of a text element (AE CS LO LT SH ST UC UR UT); null when absent or empty.</summary>
    public string? Get(StringTag tag) => NullIfEmpty(First(tag, ValueKind.Text, DecodeText));

    /// <summary>The values of a text element; an empty value (JSON null) is "".</summary>
    public IReadOnlyList<string> GetAll(StringTag tag) => All(tag, ValueKind.Text, DecodeText);

    /// <summary>The UID; null when absent or empty.</summary>
    public string? Get(UidTag tag) => NullIfEmpty(First(tag, ValueKind.Text, DecodeText));

    /// <summary>The UIDs of a multi-valued UI element.</summary>
    public IReadOnlyList<string> GetAll(UidTag tag) => All(tag, ValueKind.Text, DecodeText);

    /// <summary>The age string, e.g. "045Y"; null when absent or empty.</summary>
    public string? Get(AgeStringTag tag) => NullIfEmpty(First(tag, ValueKind.Text, DecodeText));

    /// <summary>The age strings.</summary>
    public IReadOnlyList<string> GetAll(AgeStringTag tag) => All(tag, ValueKind.Text, DecodeText);

    /// <summary>The first person name; null when absent or empty.</summary>
    public PersonName? Get(PersonNameTag tag) => NullIfEmpty(First(tag, ValueKind.PersonName, ValueCodec.ReadPersonName));

    /// <summary>The person names; an empty value is <see cref="PersonName.Empty"/>.</summary>
    public IReadOnlyList<PersonName> GetAll(PersonNameTag tag) => All(tag, ValueKind.PersonName, ValueCodec.ReadPersonName);

    /// <summary>The first date; null when absent or empty.</summary>
    public DicomDate? Get(DateTag tag) => First(tag, ValueKind.Text, static (ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? (DicomDate?)null : DicomDate.FromText(r.GetString()!));

    /// <summary>The dates; an empty value is <c>default</c> (empty text).</summary>
    public IReadOnlyList<DicomDate> GetAll(DateTag tag) => All(tag, ValueKind.Text, static (ref Utf8JsonReader r) => DicomDate.FromText(DecodeText(ref r)));

    /// <summary>The first time; null when absent or empty.</summary>
    public DicomTime? Get(TimeTag tag) => First(tag, ValueKind.Text, static (ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? (DicomTime?)null : DicomTime.FromText(r.GetString()!));

    /// <summary>The times; an empty value is <c>default</c>.</summary>
    public IReadOnlyList<DicomTime> GetAll(TimeTag tag) => All(tag, ValueKind.Text, static (ref Utf8JsonReader r) => DicomTime.FromText(DecodeText(ref r)));

    /// <summary>The first date-time; null when absent or empty.</summary>
    public DicomDateTime? Get(DateTimeTag tag) => First(tag, ValueKind.Text, static (ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? (DicomDateTime?)null : DicomDateTime.FromText(r.GetString()!));

    /// <summary>The date-times; an empty value is <c>default</c>.</summary>
    public IReadOnlyList<DicomDateTime> GetAll(DateTimeTag tag) => All(tag, ValueKind.Text, static (ref Utf8JsonReader r) => DicomDateTime.FromText(DecodeText(ref r)));

    /// <summary>The first decimal string as a double; null when absent or empty.</summary>
    public double? Get(DecimalStringTag tag) => First(tag, ValueKind.DecimalString, DecodeDecimal);

    /// <summary>The decimal strings as doubles; an empty value is null.</summary>
    public IReadOnlyList<double?> GetAll(DecimalStringTag tag) => All(tag, ValueKind.DecimalString, DecodeDecimal);

    /// <summary>The first integer string; null when absent or empty.</summary>
    public int? Get(IntegerStringTag tag) => First(tag, ValueKind.IntegerString, DecodeInteger);

    /// <summary>The integer strings; an empty value is null.</summary>
    public IReadOnlyList<int?> GetAll(IntegerStringTag tag) => All(tag, ValueKind.IntegerString, DecodeInteger);

    /// <summary>The first binary number (US SS UL SL UV SV FL FD); null when absent or empty.</summary>
    public T? Get<T>(NumberTag<T> tag) where T : struct, INumber<T> => First(tag, NumberKind, DecodeNumber<T>);

    /// <summary>The binary numbers; an empty value is null.</summary>
    public IReadOnlyList<T?> GetAll<T>(NumberTag<T> tag) where T : struct, INumber<T> => All(tag, NumberKind, DecodeNumber<T>);

    /// <summary>The first attribute tag value; null when absent or empty.</summary>
    public DicomTag? Get(AttributeTagTag tag) => First(tag, ValueKind.AttributeTag, DecodeTag);

    /// <summary>The attribute tag values; an empty value is null.</summary>
    public IReadOnlyList<DicomTag?> GetAll(AttributeTagTag tag) => All(tag, ValueKind.AttributeTag, DecodeTag);

    /// <summary>The items of a sequence; empty when the element is absent or has no items.</summary>
    public IReadOnlyList<DicomDataset> Get(SequenceTag tag)
    {
        int index = IndexOf(tag.Tag.Value);
        if (index < 0 || _slots[index].Form == DicomValueForm.Empty)
            return [];
        ref ElementSlot slot = ref _slots[index];
        if (slot.Form != DicomValueForm.Sequence)
            throw WrongKind(slot, "a SequenceTag");
        return Array.AsReadOnly(slot.Items!);
    }

    /// <summary>The inline bytes or BulkDataURI of an element; null when absent or empty.</summary>
    /// <exception cref="InvalidOperationException">The element holds values or items, not bulk data.</exception>
    public DicomBulkData? Get(BinaryTag tag) => GetBulkData(tag);

    /// <summary>
    /// The bulk data of any element: InlineBinary bytes, or the BulkDataURI a metadata response put
    /// in place of a large value (of any VR that allows one); null when absent or empty.
    /// </summary>
    /// <exception cref="InvalidOperationException">The element holds values or items, not bulk data.</exception>
    public DicomBulkData? GetBulkData(DicomTag tag)
    {
        int index = IndexOf(tag.Value);
        if (index < 0 || _slots[index].Form == DicomValueForm.Empty)
            return null;
        ElementSlot slot = _slots[index];
        if (slot.RawBytes)
            return DicomBulkData.FromBytes(slot.Bytes); // the bytes held, not a copy: DicomBulkData hands them out read-only
        var reader = new Utf8JsonReader(slot.Json);
        reader.Read();
        return slot.Form switch
        {
            DicomValueForm.InlineBinary => DicomBulkData.FromBytes(reader.GetBytesFromBase64Lenient()),
            DicomValueForm.BulkDataUri => DicomBulkData.FromUri(reader.GetString()!),
            _ => throw WrongKind(slot, "a value getter of its VR, not as bulk data"),
        };
    }

    /// <summary>
    /// Every value of a non-sequence, non-bulk element in DICOM text form: text as is, person names
    /// as "alphabetic=ideographic=phonetic", numbers as written, tags as eight hex digits; an empty
    /// value is "". For tools that show any element.
    /// </summary>
    public IReadOnlyList<string> GetStrings(DicomTag tag)
    {
        int index = IndexOf(tag.Value);
        if (index < 0 || _slots[index].Form == DicomValueForm.Empty)
            return [];
        ElementSlot slot = _slots[index];
        if (slot.Form != DicomValueForm.Values)
            throw WrongKind(slot, slot.Form == DicomValueForm.Sequence ? "Get(SequenceTag)" : "GetBulkData");
        return ReadValues(slot, static (ref Utf8JsonReader r) => r.TokenType switch
        {
            JsonTokenType.Null => string.Empty,
            JsonTokenType.StartObject => ValueCodec.ReadPersonName(ref r).ToDicomString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(r.ValueSpan),
            _ => r.GetString()!,
        });
    }

    private const ValueKind NumberKind = (ValueKind)255;

    private T? First<T>(IDicomTag tag, ValueKind kind, Decoder<T> decode)
    {
        if (!TryValues(tag, kind, out ElementSlot slot))
            return default;
        var reader = new Utf8JsonReader(slot.Json);
        reader.Read();
        reader.Read();
        return decode(ref reader);
    }

    private IReadOnlyList<T> All<T>(IDicomTag tag, ValueKind kind, Decoder<T> decode) =>
        TryValues(tag, kind, out ElementSlot slot) ? ReadValues(slot, decode) : [];

    private static IReadOnlyList<T> ReadValues<T>(ElementSlot slot, Decoder<T> decode)
    {
        var reader = new Utf8JsonReader(slot.Json);
        reader.Read();
        var values = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            values.Add(decode(ref reader));
        return values.AsReadOnly();
    }

    private bool TryValues(IDicomTag tag, ValueKind kind, out ElementSlot slot)
    {
        int index = IndexOf(tag.Tag.Value);
        slot = index >= 0 ? _slots[index] : default;
        if (index < 0 || slot.Form == DicomValueForm.Empty)
            return false;
        ValueKind actual = slot.VR.JsonKind;
        bool fits = kind == NumberKind ? actual is ValueKind.Integer or ValueKind.VeryLong or ValueKind.Float : actual == kind;
        if (!fits)
            throw WrongKind(slot, $"a tag of VR {slot.VR}, not a {tag.GetType().Name.Replace("`1", "")}");
        if (slot.Form != DicomValueForm.Values)
            throw WrongKind(slot, slot.Form == DicomValueForm.BulkDataUri ? "GetBulkData (the value is a BulkDataURI)" : "GetBulkData");
        return true;
    }

    private static InvalidOperationException WrongKind(in ElementSlot slot, string use) =>
        new($"The element {new DicomTag(slot.Tag)} has VR {slot.VR} and holds {slot.Form}; read it with {use}.");

    private static PersonName? NullIfEmpty(PersonName? name) => name is null || name.IsEmpty ? null : name;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string DecodeText(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? string.Empty : reader.GetString()!;

    // Number text held as a JSON string may be escaped ("\u0034\u0032" is 42): every decoder below reads the text
    // with its escapes decoded, as the readers checked it. Number text is short: a stack buffer holds it.
    private const int NumberScratch = 64;

    private static ReadOnlySpan<byte> NumberText(JsonTokenType token, ReadOnlySpan<byte> raw, bool escaped, Span<byte> scratch) =>
        token == JsonTokenType.String ? JsonEscapes.Text(raw, escaped, scratch) : raw;

    private static double? DecodeDecimal(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType == JsonTokenType.Number)
            return reader.TryGetDouble(out double value) ? value : double.Parse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture);
        return DicomText.ParseDecimalString(NumberText(reader.TokenType, reader.ValueSpan, reader.ValueIsEscaped, stackalloc byte[NumberScratch]));
    }

    private static int? DecodeInteger(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType == JsonTokenType.Number)
            return reader.GetInt32();
        return DicomText.TryParseIntegerString(NumberText(reader.TokenType, reader.ValueSpan, reader.ValueIsEscaped, stackalloc byte[NumberScratch]), out int value) ? value
            : throw new FormatException("the value is not an integer string");
    }

    private static T? DecodeNumber<T>(ref Utf8JsonReader reader) where T : struct, INumber<T>
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        ReadOnlySpan<byte> text = NumberText(reader.TokenType, reader.ValueSpan, reader.ValueIsEscaped, stackalloc byte[NumberScratch]);
        if (reader.TokenType == JsonTokenType.String && DicomText.TryParseSpecialFloat(text, out double special))
            return T.CreateSaturating(special);
        bool floating = typeof(T) == typeof(float) || typeof(T) == typeof(double);
        if (T.TryParse(text, floating ? NumberStyles.Float : NumberStyles.Integer, CultureInfo.InvariantCulture, out T value))
            return value;
        // A float or double element read as an integer type, or the reverse: convert through double.
        return T.CreateSaturating(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private static DicomTag? DecodeTag(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null
        : TagKeys.TryParse(NumberText(reader.TokenType, reader.ValueSpan, reader.ValueIsEscaped, stackalloc byte[NumberScratch]), out uint tag) ? new DicomTag(tag) : null;
}
