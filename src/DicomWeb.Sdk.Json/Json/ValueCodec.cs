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

    /// <summary>
    /// Reads the entries of a Value array (reader on its StartArray, left on its EndArray), failing
    /// on the first wrong one. <paramref name="soleEmpty"/>: the array holds one empty entry, null or "".
    /// </summary>
    public static int Validate(ref Utf8JsonReader reader, DicomVR vr, ParseContext context, out bool soleEmpty)
    {
        ValueKind kind = vr.JsonKind;
        int index = 0;
        bool empty = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            context.Path.SetIndex(index);
            empty = reader.TokenType == JsonTokenType.Null || ValidateOne(ref reader, vr, kind, context);
            index++;
        }
        context.Path.SetIndex(-1);
        soleEmpty = index == 1 && empty;
        return index;
    }

    /// <summary>Whether a Value array (validated) holds exactly one value, and that one is empty: null, "" or a PN with no groups.</summary>
    public static bool IsSoleEmpty(ReadOnlySpan<byte> json, DicomVR vr)
    {
        // Cheap for the usual case: the first value's first bytes tell it is not empty.
        if (json.Length > 64 || json.Length < 4)
            return false;
        var reader = new Utf8JsonReader(json);
        reader.Read();
        reader.Read();
        bool empty = reader.TokenType switch
        {
            JsonTokenType.Null => true,
            JsonTokenType.String => reader.ValueSpan.Length == 0,
            JsonTokenType.StartObject => vr.JsonKind == ValueKind.PersonName && ReadPersonName(ref reader).IsEmpty,
            _ => false,
        };
        return empty && reader.Read() && reader.TokenType == JsonTokenType.EndArray;
    }

    /// <summary>Checks one value; true when it is an empty one ("" or a PN object with no groups).</summary>
    private static bool ValidateOne(ref Utf8JsonReader reader, DicomVR vr, ValueKind kind, ParseContext context)
    {
        JsonTokenType token = reader.TokenType;
        bool empty = token == JsonTokenType.String && reader.ValueSpan.Length == 0;
        bool strict = context.Options.Strict;
        switch (kind)
        {
            case ValueKind.Text:
                if (token != JsonTokenType.String)
                    Wrong(ref reader, vr, "a string", context);
                DicomJsonParser.CheckText(ref reader, context);
                break;
            case ValueKind.AttributeTag:
                if (token != JsonTokenType.String || !TagKeys.TryParse(Unescaped(ref reader, context), out _))
                    Wrong(ref reader, vr, "a string of eight hex digits", context);
                if (strict && TagKeys.HasLowercase(Unescaped(ref reader, context)))
                    Wrong(ref reader, vr, "eight uppercase hex digits (lowercase is tolerated unless Strict)", context);
                break;
            case ValueKind.PersonName:
                if (token == JsonTokenType.String)
                {
                    // Tolerated: a plain string is read as the name's DICOM text form, "alphabetic=ideographic=phonetic".
                    if (strict)
                        Wrong(ref reader, vr, "an object with Alphabetic, Ideographic and Phonetic (a plain string is tolerated unless Strict)", context);
                    if (DicomJsonParser.Text(ref reader, context).AsSpan().Count('=') > 2)
                        Wrong(ref reader, vr, "a person name with at most three '='-separated groups", context);
                    break;
                }
                if (token != JsonTokenType.StartObject)
                    Wrong(ref reader, vr, "an object with Alphabetic, Ideographic and Phonetic", context);
                int seen = 0;
                bool filled = false;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    long nameStart = reader.TokenStartIndex;
                    int group = GroupOf(ref reader);
                    if (group == 0)
                        context.Fail($"'{DicomJsonParser.Excerpt(DicomJsonParser.Text(ref reader, context))}' is not a person name group (Alphabetic, Ideographic or Phonetic)", nameStart);
                    if ((seen & group) != 0)
                        context.Fail("a person name group appears twice", nameStart);
                    seen |= group;
                    reader.Read();
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                        Wrong(ref reader, vr, "a string for a person name group", context);
                    if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
                        filled = true;
                    // '=' separates the groups in DICOM: inside one it would turn into another group on the way to Part 10.
                    if (reader.TokenType == JsonTokenType.String)
                        DicomJsonParser.CheckText(ref reader, context);
                }
                return !filled;
            // Numbers: the token's bytes or a string's text, judged by DicomNumbers as the fast reader judges them.
            case ValueKind.DecimalString:
                if (token == JsonTokenType.Number)
                    break;
                if (token != JsonTokenType.String || !DicomNumbers.IsTextInRange(vr, kind, Unescaped(ref reader, context)))
                    Wrong(ref reader, vr, "a number or a decimal string", context);
                break;
            case ValueKind.IntegerString:
                if (!IsNumberInRange(ref reader, vr, kind, context))
                    Wrong(ref reader, vr, "an integer from -2147483648 to 2147483647, as a number or a string", context);
                break;
            case ValueKind.Integer:
                // Tolerated: an integer written as a string ("10" for Rows).
                if (token == JsonTokenType.String && !strict)
                {
                    if (!IsNumberInRange(ref reader, vr, kind, context))
                        Wrong(ref reader, vr, $"an integer in the range of {vr}", context);
                    break;
                }
                if (token != JsonTokenType.Number || !IsNumberInRange(ref reader, vr, kind, context))
                    Wrong(ref reader, vr, $"an integer number in the range of {vr}{(token == JsonTokenType.String ? " (a string is tolerated unless Strict)" : "")}", context);
                break;
            case ValueKind.VeryLong:
                if (!IsNumberInRange(ref reader, vr, kind, context))
                    Wrong(ref reader, vr, $"an integer in the range of {vr}, as a number or a string", context);
                break;
            case ValueKind.Float:
                // Tolerated: a number as a string, and "NaN", "Infinity", "-Infinity" (which JSON numbers cannot say).
                if (token == JsonTokenType.String && strict || token is not (JsonTokenType.Number or JsonTokenType.String))
                    Wrong(ref reader, vr, $"a number{(token == JsonTokenType.String ? " (a string is tolerated unless Strict)" : "")}", context);
                if (!IsNumberInRange(ref reader, vr, kind, context))
                    Wrong(ref reader, vr, $"a number {DicomNumbers.FloatName(vr)} can hold", context);
                break;
            default:
                context.Fail($"VR {vr} takes \"InlineBinary\" or \"BulkDataURI\", not \"Value\"", reader.TokenStartIndex);
                break;
        }
        return empty;
    }

    /// <summary>A number token or a string holding number text, in the range of the VR (false for any other token).</summary>
    private static bool IsNumberInRange(ref Utf8JsonReader reader, DicomVR vr, ValueKind kind, ParseContext context) => reader.TokenType switch
    {
        JsonTokenType.Number => DicomNumbers.IsInRange(vr, kind, reader.ValueSpan),
        JsonTokenType.String => DicomNumbers.IsTextInRange(vr, kind, Unescaped(ref reader, context)),
        _ => false,
    };

    /// <summary>The PN group a member name names (escapes decoded), 0 for none.</summary>
    private static int GroupOf(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
            return PersonNameGroups.Of(reader.ValueSpan);
        Span<byte> scratch = stackalloc byte[64];
        return reader.ValueSpan.Length <= scratch.Length && JsonEscapes.TryDecode(reader.ValueSpan, scratch, out int length)
            ? PersonNameGroups.Of(scratch[..length]) : 0;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Wrong(ref Utf8JsonReader reader, DicomVR vr, string expected, ParseContext context)
    {
        string found = reader.TokenType switch
        {
            JsonTokenType.String => $"the string \"{DicomJsonParser.Excerpt(DicomJsonParser.Text(ref reader, context))}\"",
            JsonTokenType.Number => $"the number {DicomJsonParser.Excerpt(System.Text.Encoding.UTF8.GetString(reader.ValueSpan))}",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            _ => reader.TokenType.ToString(),
        };
        context.Fail($"a {vr} value must be {expected}, not {found}", reader.TokenStartIndex);
    }

    /// <summary>The current string token's text as UTF-8, escapes decoded (a broken escape is the reader's error, placed).</summary>
    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader, ParseContext context)
    {
        if (!reader.ValueIsEscaped)
            return reader.ValueSpan;
        byte[] text = new byte[reader.ValueSpan.Length];
        if (!JsonEscapes.TryDecode(reader.ValueSpan, text, out int written))
            context.Fail("the string has an escape that is not valid UTF-16", reader.TokenStartIndex);
        return text.AsSpan(0, written);
    }

    /// <summary>The current string token's text as UTF-8, escapes decoded, for values already validated.</summary>
    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader) => reader.ValueIsEscaped ? JsonEscapes.Text(reader.ValueSpan, escaped: true, default) : reader.ValueSpan;

    /// <summary>Writes a validated Value array (the raw JSON of <paramref name="json"/>) in canonical form.</summary>
    public static void WriteCanonical(ReadOnlySpan<byte> json, DicomVR vr, Utf8JsonWriter writer)
    {
        ValueKind kind = vr.JsonKind;
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
                    TagKeys.TryParse(Unescaped(ref reader), out uint tag);
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
                        WriteNumberFromText(Unescaped(ref reader).Trim((byte)' '), kind, writer);
                    break;
                default:
                    WriteString(ref reader, writer);
                    break;
            }
        }
        writer.WriteEndArray();
    }

    /// <summary>A binary number tolerated as a string, written as the JSON number it stands for ("NaN" and the infinities stay strings: JSON has no number for them).</summary>
    private static void WriteNumberFromText(ReadOnlySpan<byte> text, ValueKind kind, Utf8JsonWriter writer)
    {
        if (DicomText.IsJsonNumber(text))
            writer.WriteRawValue(text, skipInputValidation: true);
        else if (kind == ValueKind.Integer && DicomText.TryParseInteger(text, out long integer))
            writer.WriteNumberValue(integer);
        else if (DicomText.TryParseSpecialFloat(text, out double special))
            writer.WriteStringValue(double.IsNaN(special) ? "NaN" : special > 0 ? "Infinity" : "-Infinity");
        else if (DicomText.TryParseFloat(text, out double number))
            writer.WriteNumberValue(number);
        else
            writer.WriteStringValue(text);
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
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            WritePersonName(ReadPersonName(ref reader), writer); // tolerated: a plain string in DICOM text form
            return;
        }
        // Groups without escapes are written from their bytes: no string is made for the usual name.
        ReadOnlySpan<byte> alphabetic = default, ideographic = default, phonetic = default;
        string? alphabeticText = null, ideographicText = null, phoneticText = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            int group = GroupOf(ref reader) switch { PersonNameGroups.Alphabetic => 0, PersonNameGroups.Ideographic => 1, _ => 2 };
            reader.Read();
            ReadOnlySpan<byte> bytes = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped ? reader.ValueSpan : default;
            string? text = reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped ? reader.GetString() : null;
            switch (group)
            {
                case 0: alphabetic = bytes; alphabeticText = text; break;
                case 1: ideographic = bytes; ideographicText = text; break;
                default: phonetic = bytes; phoneticText = text; break;
            }
        }
        if (alphabetic.IsEmpty && ideographic.IsEmpty && phonetic.IsEmpty
            && string.IsNullOrEmpty(alphabeticText) && string.IsNullOrEmpty(ideographicText) && string.IsNullOrEmpty(phoneticText))
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartObject();
        WriteGroup(Alphabetic, alphabetic, alphabeticText, writer);
        WriteGroup(Ideographic, ideographic, ideographicText, writer);
        WriteGroup(Phonetic, phonetic, phoneticText, writer);
        writer.WriteEndObject();
    }

    private static void WriteGroup(JsonEncodedText name, ReadOnlySpan<byte> bytes, string? text, Utf8JsonWriter writer)
    {
        if (!bytes.IsEmpty)
            writer.WriteString(name, bytes);
        else if (!string.IsNullOrEmpty(text))
            writer.WriteString(name, text);
    }

    private static void WritePersonName(PersonName name, Utf8JsonWriter writer)
    {
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
            int group = GroupOf(ref reader);
            reader.Read();
            if (group == PersonNameGroups.Alphabetic) alphabetic = reader.GetString();
            else if (group == PersonNameGroups.Ideographic) ideographic = reader.GetString();
            else phonetic = reader.GetString();
        }
        return new PersonName(alphabetic, ideographic, phonetic);
    }
}
