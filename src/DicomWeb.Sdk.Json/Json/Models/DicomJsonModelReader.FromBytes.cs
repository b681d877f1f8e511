using System.Globalization;
using System.Text;

namespace DicomWeb.Json;

// The entry readers over checked bytes: the same values as the readers over a Utf8JsonReader, for
// the forms that need no decoding (strings without escapes, numbers, person-name objects). Anything
// else answers false, and the Utf8JsonReader path reads it, with its errors.
public static partial class DicomJsonModelReader
{
    /// <summary>
    /// Reads one entry of a Value array from its JSON bytes (the whole entry, quotes and braces
    /// included), which DicomJson checked already; false for a form it does not read from bytes
    /// (an escape, null, a number as a string), and the <see cref="EntryReader{T}"/> reads the
    /// attribute instead.
    /// </summary>
    public delegate bool CheckedEntryReader<T>(ReadOnlySpan<byte> entry, out T value);

    /// <inheritdoc cref="String(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool String(ReadOnlySpan<byte> entry, out string? value)
    {
        bool taken = TryText(entry, out ReadOnlySpan<byte> text);
        value = taken && !text.IsEmpty ? Encoding.UTF8.GetString(text) : null;
        return taken;
    }

    /// <inheritdoc cref="StringOrEmpty(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool StringOrEmpty(ReadOnlySpan<byte> entry, out string value)
    {
        bool taken = String(entry, out string? text);
        value = text ?? string.Empty;
        return taken;
    }

    /// <inheritdoc cref="PersonName(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool PersonName(ReadOnlySpan<byte> entry, out PersonName value)
    {
        value = DicomWeb.PersonName.Empty;
        string? alphabetic = null, ideographic = null, phonetic = null;
        int p = 0;
        if (!JsonBytes.Take(entry, ref p, (byte)'{'))
            return false;
        JsonBytes.SkipSpace(entry, ref p);
        if (!JsonBytes.Take(entry, ref p, (byte)'}'))
        {
            do
            {
                int group = PersonNameGroups.TakeQuoted(entry, ref p);
                if (group == 0 || !JsonBytes.TakeSpaced(entry, ref p, (byte)':') || !JsonBytes.TryPlainString(entry, ref p, out ReadOnlySpan<byte> bytes))
                    return false;
                string text = Encoding.UTF8.GetString(bytes);
                if (group == PersonNameGroups.Alphabetic) alphabetic = text;
                else if (group == PersonNameGroups.Ideographic) ideographic = text;
                else phonetic = text;
            }
            while (JsonBytes.TakeSpaced(entry, ref p, (byte)','));
            if (!JsonBytes.Take(entry, ref p, (byte)'}'))
                return false;
        }
        if (p != entry.Length)
            return false;
        value = new PersonName(alphabetic, ideographic, phonetic);
        return true;
    }

    /// <inheritdoc cref="PersonNameOrNull(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool PersonNameOrNull(ReadOnlySpan<byte> entry, out PersonName? value)
    {
        bool taken = PersonName(entry, out PersonName name);
        value = name.IsEmpty ? null : name;
        return taken;
    }

    /// <inheritdoc cref="DicomDate(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool DicomDate(ReadOnlySpan<byte> entry, out DicomDate? value)
    {
        bool taken = String(entry, out string? text);
        value = text is null ? null : DicomWeb.DicomDate.FromText(text);
        return taken;
    }

    /// <inheritdoc cref="DicomTime(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool DicomTime(ReadOnlySpan<byte> entry, out DicomTime? value)
    {
        bool taken = String(entry, out string? text);
        value = text is null ? null : DicomWeb.DicomTime.FromText(text);
        return taken;
    }

    /// <inheritdoc cref="DicomDateTime(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool DicomDateTime(ReadOnlySpan<byte> entry, out DicomDateTime? value)
    {
        bool taken = String(entry, out string? text);
        value = text is null ? null : DicomWeb.DicomDateTime.FromText(text);
        return taken;
    }

    /// <inheritdoc cref="DateOnly(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool DateOnly(ReadOnlySpan<byte> entry, out DateOnly? value) =>
        Convert(DicomDate(entry, out DicomDate? date), date, static d => d.ToDateOnly(), out value);

    /// <inheritdoc cref="TimeOnly(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool TimeOnly(ReadOnlySpan<byte> entry, out TimeOnly? value) =>
        Convert(DicomTime(entry, out DicomTime? time), time, static t => t.ToTimeOnly(), out value);

    /// <inheritdoc cref="DateTimeOffset(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool DateTimeOffset(ReadOnlySpan<byte> entry, out DateTimeOffset? value) =>
        Convert(DicomDateTime(entry, out DicomDateTime? dateTime), dateTime, static t => t.ToDateTimeOffset(TimeSpan.Zero), out value);

    /// <inheritdoc cref="Int32(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool Int32(ReadOnlySpan<byte> entry, out int? value) => Number(entry, out value);

    /// <inheritdoc cref="UInt32(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool UInt32(ReadOnlySpan<byte> entry, out uint? value) => Number(entry, out value);

    /// <inheritdoc cref="Int64(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool Int64(ReadOnlySpan<byte> entry, out long? value) => Number(entry, out value);

    /// <inheritdoc cref="UInt64(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool UInt64(ReadOnlySpan<byte> entry, out ulong? value) => Number(entry, out value);

    /// <inheritdoc cref="Int16(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool Int16(ReadOnlySpan<byte> entry, out short? value) => Number(entry, out value);

    /// <inheritdoc cref="UInt16(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool UInt16(ReadOnlySpan<byte> entry, out ushort? value) => Number(entry, out value);

    /// <inheritdoc cref="Double(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool Double(ReadOnlySpan<byte> entry, out double? value) => Number(entry, out value);

    /// <inheritdoc cref="Single(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool Single(ReadOnlySpan<byte> entry, out float? value) => Number(entry, out value);

    /// <inheritdoc cref="Tag(ref System.Text.Json.Utf8JsonReader, uint)"/>
    /// <param name="entry">The entry's JSON, checked already.</param>
    /// <param name="value">The value, when the answer is true.</param>
    public static bool Tag(ReadOnlySpan<byte> entry, out DicomTag? value)
    {
        value = null;
        if (!TryText(entry, out ReadOnlySpan<byte> text) || !TagKeys.TryParse(text, out uint tag))
            return false;
        value = new DicomTag(tag);
        return true;
    }

    /// <summary>A string entry without escapes: the bytes between its quotes.</summary>
    private static bool TryText(ReadOnlySpan<byte> entry, out ReadOnlySpan<byte> text)
    {
        int p = 0;
        return JsonBytes.TryPlainString(entry, ref p, out text) && p == entry.Length;
    }

    // A number token; a number in a string (tolerated) and null go the Utf8JsonReader's way.
    private static bool Number<T>(ReadOnlySpan<byte> entry, out T? value) where T : struct, System.Numerics.INumber<T>
    {
        value = null;
        if (entry.IsEmpty || !(entry[0] == '-' || char.IsAsciiDigit((char)entry[0])))
            return false;
        bool floating = typeof(T) == typeof(double) || typeof(T) == typeof(float);
        if (!T.TryParse(entry, floating ? NumberStyles.Float : NumberStyles.Integer, CultureInfo.InvariantCulture, out T number))
            return false;
        value = number;
        return true;
    }

    // What does not convert is left to the Utf8JsonReader's path, whose error names the value's place.
    private static bool Convert<T, TText>(bool taken, TText? text, Func<TText, T> convert, out T? value) where T : struct where TText : struct
    {
        value = null;
        if (!taken || text is null)
            return taken;
        try
        {
            value = convert(text.Value);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
