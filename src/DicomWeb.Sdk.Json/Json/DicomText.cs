using System.Buffers.Text;
using System.Globalization;

namespace DicomWeb.Json;

/// <summary>Syntax checks and conversions for the numeric text VRs (DS, IS) and their JSON forms.</summary>
internal static class DicomText
{
    /// <summary>DS (PS3.5 Table 6.2-1): [+-] digits [. digits] [E|e [+-] digits], leading and trailing spaces allowed.</summary>
    public static bool IsDecimalString(ReadOnlySpan<byte> text)
    {
        text = text.Trim((byte)' ');
        int i = 0;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
            i++;
        int digits = CountDigits(text, ref i);
        if (i < text.Length && text[i] == '.')
        {
            i++;
            digits += CountDigits(text, ref i);
        }
        return digits > 0 && SkipExponent(text, ref i) && i == text.Length;
    }

    /// <summary>IS: [+-] digits, leading and trailing spaces allowed, within -2^31 to 2^31-1.</summary>
    public static bool TryParseIntegerString(ReadOnlySpan<byte> text, out int value)
    {
        text = text.Trim((byte)' ');
        value = 0;
        if (text.Length > 0 && text[0] == '+')
            text = text[1..];
        return text.Length > 0 && Utf8Parser.TryParse(text, out value, out int consumed) && consumed == text.Length;
    }

    public static double ParseDecimalString(ReadOnlySpan<byte> text) =>
        double.Parse(text.Trim((byte)' '), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>JSON number syntax (RFC 8259), the whole text.</summary>
    public static bool IsJsonNumber(ReadOnlySpan<byte> text)
    {
        int p = 0;
        return JsonBytes.TryNumber(text, ref p) && p == text.Length;
    }

    /// <summary>An optional exponent, E|e [+-] digits; false when it is started but has no digits.</summary>
    private static bool SkipExponent(ReadOnlySpan<byte> text, ref int i)
    {
        if (i >= text.Length || text[i] is not ((byte)'e' or (byte)'E'))
            return true;
        i++;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
            i++;
        return CountDigits(text, ref i) > 0;
    }

    /// <summary>FL and FD values some servers write as strings; read leniently (DICOM JSON has no NaN).</summary>
    public static bool TryParseSpecialFloat(ReadOnlySpan<byte> text, out double value)
    {
        value = text.SequenceEqual("NaN"u8) ? double.NaN
            : text.SequenceEqual("Infinity"u8) || text.SequenceEqual("INF"u8) ? double.PositiveInfinity
            : text.SequenceEqual("-Infinity"u8) || text.SequenceEqual("-INF"u8) ? double.NegativeInfinity
            : 0;
        return value != 0;
    }

    /// <summary>An integer given as text: [+-] digits, with leading and trailing spaces.</summary>
    public static bool TryParseInteger(ReadOnlySpan<byte> text, out long value)
    {
        text = text.Trim((byte)' ');
        value = 0;
        if (text.Length > 0 && text[0] == '+')
            text = text[1..];
        return text.Length > 0 && text[0] != '+' && Utf8Parser.TryParse(text, out value, out int consumed) && consumed == text.Length;
    }

    /// <summary>A float given as text: a decimal string or "NaN", "Infinity", "-Infinity".</summary>
    public static bool TryParseFloat(ReadOnlySpan<byte> text, out double value)
    {
        if (TryParseSpecialFloat(text, out value))
            return true;
        text = text.Trim((byte)' ');
        return IsDecimalString(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private static int CountDigits(ReadOnlySpan<byte> text, ref int i)
    {
        int start = i;
        while (i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9')
            i++;
        return i - start;
    }
}
