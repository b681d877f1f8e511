using System.Globalization;
using System.Text.Json;

namespace DicomWeb.Json;

// The entry readers over a Utf8JsonReader on the value: every form DicomJson accepts, and the
// errors that name the value's place.
public static partial class DicomJsonModelReader
{
    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>string?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static string? String(ref Utf8JsonReader reader, uint tag) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString() is { Length: > 0 } text ? text : null,
        JsonTokenType.StartObject => ValueCodec.ReadPersonName(ref reader).ToDicomString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        _ => throw Wrong(ref reader, tag, "a string"),
    };

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>string</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static string StringOrEmpty(ref Utf8JsonReader reader, uint tag) => String(ref reader, tag) ?? string.Empty;

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>PersonName</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static PersonName PersonName(ref Utf8JsonReader reader, uint tag) => reader.TokenType is JsonTokenType.Null or JsonTokenType.String or JsonTokenType.StartObject
        ? ValueCodec.ReadPersonName(ref reader)
        : throw Wrong(ref reader, tag, "a person name object");

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>PersonName?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static PersonName? PersonNameOrNull(ref Utf8JsonReader reader, uint tag) => PersonName(ref reader, tag) is { IsEmpty: false } name ? name : null;

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>DicomDate?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static DicomDate? DicomDate(ref Utf8JsonReader reader, uint tag) => String(ref reader, tag) is { } text ? DicomWeb.DicomDate.FromText(text) : null;

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>DicomTime?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static DicomTime? DicomTime(ref Utf8JsonReader reader, uint tag) => String(ref reader, tag) is { } text ? DicomWeb.DicomTime.FromText(text) : null;

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>DicomDateTime?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static DicomDateTime? DicomDateTime(ref Utf8JsonReader reader, uint tag) => String(ref reader, tag) is { } text ? DicomWeb.DicomDateTime.FromText(text) : null;

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>DateOnly?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static DateOnly? DateOnly(ref Utf8JsonReader reader, uint tag) => Convert(ref reader, tag, DicomDate(ref reader, tag), static d => d.ToDateOnly());

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>TimeOnly?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static TimeOnly? TimeOnly(ref Utf8JsonReader reader, uint tag) => Convert(ref reader, tag, DicomTime(ref reader, tag), static t => t.ToTimeOnly());

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>DateTimeOffset?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static DateTimeOffset? DateTimeOffset(ref Utf8JsonReader reader, uint tag) => Convert(ref reader, tag, DicomDateTime(ref reader, tag), static t => t.ToDateTimeOffset(TimeSpan.Zero));

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>int?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static int? Int32(ref Utf8JsonReader reader, uint tag) => Number<int>(ref reader, tag);

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>uint?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static uint? UInt32(ref Utf8JsonReader reader, uint tag) => Number<uint>(ref reader, tag);

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>long?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static long? Int64(ref Utf8JsonReader reader, uint tag) => Number<long>(ref reader, tag);

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>ulong?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static ulong? UInt64(ref Utf8JsonReader reader, uint tag) => Number<ulong>(ref reader, tag);

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>short?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static short? Int16(ref Utf8JsonReader reader, uint tag) => Number<short>(ref reader, tag);

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>ushort?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static ushort? UInt16(ref Utf8JsonReader reader, uint tag) => Number<ushort>(ref reader, tag);

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>double?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static double? Double(ref Utf8JsonReader reader, uint tag) => Number<double>(ref reader, tag);

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>float?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static float? Single(ref Utf8JsonReader reader, uint tag) => Number<float>(ref reader, tag);

    /// <summary>Reads the current value of element <paramref name="tag"/> for a property of type <c>DicomTag?</c>; called by generated [DicomJsonModel] readers.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="tag">The element, named in the error's JSON path.</param>
    public static DicomTag? Tag(ref Utf8JsonReader reader, uint tag) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String when TagKeys.TryParse(JsonEscapes.Text(reader.ValueSpan, reader.ValueIsEscaped, stackalloc byte[64]), out uint value) => new DicomTag(value),
        _ => throw Wrong(ref reader, tag, "eight hex digits"),
    };

    /// <summary>Values for a list of a non-nullable element type: an empty value (null) has no place there.</summary>
    public static T[] RequireAll<T>(T?[] values, uint tag) where T : struct
    {
        var result = new T[values.Length];
        for (int i = 0; i < values.Length; i++)
            result[i] = values[i] ?? throw new DicomJsonException($"value {i} is empty (null), which a list of {typeof(T).Name} cannot hold; use {typeof(T).Name}?", Path(tag), -1);
        return result;
    }

    private static T? Number<T>(ref Utf8JsonReader reader, uint tag) where T : struct, System.Numerics.INumber<T>
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType is not (JsonTokenType.Number or JsonTokenType.String))
            throw Wrong(ref reader, tag, "a number");
        // Number text in a string may be escaped ("\u0034\u0032" is 42), as the checks read it.
        ReadOnlySpan<byte> text = reader.TokenType == JsonTokenType.String
            ? JsonEscapes.Text(reader.ValueSpan, reader.ValueIsEscaped, stackalloc byte[64]).Trim((byte)' ')
            : reader.ValueSpan;
        if (reader.TokenType == JsonTokenType.String && DicomText.TryParseSpecialFloat(text, out double special))
            return T.CreateSaturating(special);
        bool floating = typeof(T) == typeof(double) || typeof(T) == typeof(float);
        if (text.Length > 0 && text[0] == '+')
            text = text[1..];
        if (T.TryParse(text, floating ? NumberStyles.Float : NumberStyles.Integer, CultureInfo.InvariantCulture, out T value))
            return value;
        throw Wrong(ref reader, tag, $"a number that fits {typeof(T).Name}");
    }

    private static T? Convert<T, TText>(ref Utf8JsonReader reader, uint tag, TText? text, Func<TText, T> convert) where T : struct where TText : struct
    {
        if (text is null)
            return null;
        try
        {
            return convert(text.Value);
        }
        catch (FormatException e)
        {
            throw Error(e.Message, Path(tag), ref reader, e);
        }
    }
}
