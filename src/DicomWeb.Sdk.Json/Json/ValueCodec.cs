using System.Buffers;
using System.Text.Json;

namespace DicomWeb.Json;

/// <summary>
/// Checks the entries of a "Value" array against its VR while reading, and writes them back in
/// canonical form. One place for the JSON rules of Table F.2.3-1 and F.2.5.
/// </summary>
internal static class ValueCodec
{
    private static readonly JsonEncodedText Alphabetic = JsonEncodedText.Encode("Alphabetic");
    private static readonly JsonEncodedText Ideographic = JsonEncodedText.Encode("Ideographic");
    private static readonly JsonEncodedText Phonetic = JsonEncodedText.Encode("Phonetic");

    /// <summary>Reads the entries of a Value array (reader on its StartArray, left on its EndArray), failing on the first wrong one.</summary>
    public static int Validate(ref Utf8JsonReader reader, DicomVR vr, ParseContext context)
    {
        ValueKind kind = ValueKinds.Of(vr);
        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            context.Path.SetIndex(index);
            if (reader.TokenType != JsonTokenType.Null)
                ValidateOne(ref reader, vr, kind, context);
            index++;
        }
        context.Path.SetIndex(-1);
        return index;
    }

    private static void ValidateOne(ref Utf8JsonReader reader, DicomVR vr, ValueKind kind, ParseContext context)
    {
        JsonTokenType token = reader.TokenType;
        switch (kind)
        {
            case ValueKind.Text:
                if (token != JsonTokenType.String)
                    Wrong(ref reader, vr, "a string", context);
                break;
            case ValueKind.AttributeTag:
                if (token != JsonTokenType.String || !DicomText.TryParseTag(reader.ValueSpan, out _))
                    Wrong(ref reader, vr, "a string of eight hex digits", context);
                break;
            case ValueKind.PersonName:
                if (token == JsonTokenType.String)
                {
                    // Lenient: a plain string is read as the name's DICOM text form, "alphabetic=ideographic=phonetic".
                    if (reader.ValueSpan.Count((byte)'=') > 2)
                        Wrong(ref reader, vr, "a person name with at most three '='-separated groups", context);
                    break;
                }
                if (token != JsonTokenType.StartObject)
                    Wrong(ref reader, vr, "an object with Alphabetic, Ideographic and Phonetic", context);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    if (!reader.ValueTextEquals("Alphabetic"u8) && !reader.ValueTextEquals("Ideographic"u8) && !reader.ValueTextEquals("Phonetic"u8))
                        context.Fail($"'{reader.GetString()}' is not a person name group (Alphabetic, Ideographic or Phonetic)", reader.TokenStartIndex);
                    reader.Read();
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                        Wrong(ref reader, vr, "a string for a person name group", context);
                }
                break;
            case ValueKind.DecimalString:
                if (token == JsonTokenType.Number)
                    break;
                if (token != JsonTokenType.String || !DicomText.IsDecimalString(Unescaped(ref reader)))
                    Wrong(ref reader, vr, "a number or a decimal string", context);
                break;
            case ValueKind.IntegerString:
                if (token == JsonTokenType.Number ? !reader.TryGetInt32(out _)
                    : token != JsonTokenType.String || !DicomText.TryParseIntegerString(Unescaped(ref reader), out _))
                    Wrong(ref reader, vr, "an integer from -2147483648 to 2147483647, as a number or a string", context);
                break;
            case ValueKind.Integer:
                bool inRange = token == JsonTokenType.Number && (
                    vr == DicomVR.US ? reader.TryGetUInt16(out _)
                    : vr == DicomVR.SS ? reader.TryGetInt16(out _)
                    : vr == DicomVR.UL ? reader.TryGetUInt32(out _)
                    : reader.TryGetInt32(out _));
                if (!inRange)
                    Wrong(ref reader, vr, $"an integer number in the range of {vr}", context);
                break;
            case ValueKind.VeryLong:
                bool fits = vr == DicomVR.UV
                    ? token == JsonTokenType.Number ? reader.TryGetUInt64(out _) : token == JsonTokenType.String && ulong.TryParse(Unescaped(ref reader), out _)
                    : token == JsonTokenType.Number ? reader.TryGetInt64(out _) : token == JsonTokenType.String && long.TryParse(Unescaped(ref reader), out _);
                if (!fits)
                    Wrong(ref reader, vr, $"an integer in the range of {vr}, as a number or a string", context);
                break;
            case ValueKind.Float:
                if (token != JsonTokenType.Number && !(token == JsonTokenType.String && DicomText.TryParseSpecialFloat(reader.ValueSpan, out _)))
                    Wrong(ref reader, vr, "a number", context);
                break;
            default:
                context.Fail($"VR {vr} takes \"InlineBinary\" or \"BulkDataURI\", not \"Value\"", reader.TokenStartIndex);
                break;
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Wrong(ref Utf8JsonReader reader, DicomVR vr, string expected, ParseContext context)
    {
        string found = reader.TokenType switch
        {
            JsonTokenType.String => $"the string \"{Excerpt(reader.GetString()!)}\"",
            JsonTokenType.Number => $"the number {Excerpt(System.Text.Encoding.UTF8.GetString(reader.ValueSpan))}",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            _ => reader.TokenType.ToString(),
        };
        context.Fail($"a {vr} value must be {expected}, not {found}", reader.TokenStartIndex);
    }

    private static string Excerpt(string text) => text.Length <= 40 ? text : text[..40] + "...";

    /// <summary>The current string token's bytes without JSON escapes (DS and IS text has none in practice).</summary>
    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    /// <summary>Writes a validated Value array (the raw JSON of <paramref name="json"/>) in canonical form.</summary>
    public static void WriteCanonical(ReadOnlySpan<byte> json, DicomVR vr, Utf8JsonWriter writer)
    {
        ValueKind kind = ValueKinds.Of(vr);
        var reader = new Utf8JsonReader(json);
        reader.Read();
        Span<byte> hex = stackalloc byte[8];
        writer.WriteStartArray();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                writer.WriteNullValue();
                continue;
            }
            switch (kind)
            {
                case ValueKind.PersonName:
                    WritePersonName(ref reader, writer);
                    break;
                case ValueKind.AttributeTag:
                    DicomText.TryParseTag(reader.ValueSpan, out uint tag);
                    System.Buffers.Text.Utf8Formatter.TryFormat(tag, hex, out _, new StandardFormat('X', 8));
                    writer.WriteStringValue(hex);
                    break;
                case ValueKind.DecimalString or ValueKind.IntegerString or ValueKind.VeryLong:
                    // Annex F writes these as numbers; the text stays a string only where it is not JSON number syntax.
                    ReadOnlySpan<byte> number = reader.TokenType == JsonTokenType.Number ? reader.ValueSpan : Unescaped(ref reader).Trim((byte)' ');
                    if (DicomText.IsJsonNumber(number))
                        writer.WriteRawValue(number, skipInputValidation: true);
                    else
                        writer.WriteStringValue(number);
                    break;
                case ValueKind.Integer or ValueKind.Float:
                    if (reader.TokenType == JsonTokenType.Number)
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                    else
                        writer.WriteStringValue(reader.ValueSpan);
                    break;
                default:
                    WriteString(ref reader, writer);
                    break;
            }
        }
        writer.WriteEndArray();
    }

    private static void WriteString(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        if (reader.ValueSpan.Length == 0)
            writer.WriteNullValue(); // An empty string is an empty value, which F.2.5 writes as null.
        else if (reader.ValueIsEscaped)
            writer.WriteStringValue(reader.GetString());
        else
            writer.WriteStringValue(reader.ValueSpan);
    }

    /// <summary>A PN value as an object with its non-empty groups in the order of F.2.2; null when all are empty.</summary>
    private static void WritePersonName(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        PersonName name = ReadPersonName(ref reader);
        if (name.IsEmpty)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartObject();
        if (name.Alphabetic is not null) writer.WriteString(Alphabetic, name.Alphabetic);
        if (name.Ideographic is not null) writer.WriteString(Ideographic, name.Ideographic);
        if (name.Phonetic is not null) writer.WriteString(Phonetic, name.Phonetic);
        writer.WriteEndObject();
    }

    /// <summary>A validated PN entry: an object of groups, or (leniently) a string in DICOM text form.</summary>
    public static PersonName ReadPersonName(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return PersonName.Empty;
        if (reader.TokenType == JsonTokenType.String)
            return PersonName.Parse(reader.GetString()!);
        string? alphabetic = null, ideographic = null, phonetic = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("Alphabetic"u8)) { reader.Read(); alphabetic = reader.GetString(); }
            else if (reader.ValueTextEquals("Ideographic"u8)) { reader.Read(); ideographic = reader.GetString(); }
            else { reader.Read(); phonetic = reader.GetString(); }
        }
        return new PersonName(alphabetic, ideographic, phonetic);
    }
}
