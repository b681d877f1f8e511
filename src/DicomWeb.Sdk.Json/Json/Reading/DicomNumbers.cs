using System.Buffers.Text;
using System.Globalization;

namespace DicomWeb.Json;

/// <summary>
/// What a value of a binary number VR (US SS UL SL SV UV FL FD) may be, judged alike by every
/// reader, getter and the Part 10 writer: the ranges of the VRs, and floats a float can hold.
/// </summary>
internal static class DicomNumbers
{
    /// <summary>Whether <paramref name="value"/> fits US, SS, UL, SL or SV (any long fits SV).</summary>
    public static bool InRange(DicomVR vr, long value) =>
        vr == DicomVR.US ? value is >= ushort.MinValue and <= ushort.MaxValue
        : vr == DicomVR.SS ? value is >= short.MinValue and <= short.MaxValue
        : vr == DicomVR.UL ? value is >= uint.MinValue and <= uint.MaxValue
        : vr == DicomVR.SL ? value is >= int.MinValue and <= int.MaxValue
        : vr == DicomVR.UV ? value >= 0
        : true;

    /// <summary>The range of an integer VR, for messages.</summary>
    public static string Range(DicomVR vr) =>
        vr == DicomVR.US ? "0 to 65535"
        : vr == DicomVR.SS ? "-32768 to 32767"
        : vr == DicomVR.UL ? "0 to 4294967295"
        : vr == DicomVR.SL ? "-2147483648 to 2147483647"
        : vr == DicomVR.UV ? "0 to 18446744073709551615"
        : "-9223372036854775808 to 9223372036854775807";

    /// <summary>
    /// Whether a finite double is a value of <paramref name="vr"/>: any for FD, one a float holds
    /// without becoming infinite for FL (3.5e38 is out of its range as 1e309 is out of FD's).
    /// </summary>
    public static bool Fits(DicomVR vr, double value) => double.IsFinite(value) && (vr != DicomVR.FL || float.IsFinite((float)value));

    /// <summary>"a float" or "a double": what an FL or FD value must fit, for messages.</summary>
    public static string FloatName(DicomVR vr) => vr == DicomVR.FL ? "a float (FL)" : "a double (FD)";

    /// <summary>
    /// Whether a JSON number token (its bytes, number syntax checked) is a value of <paramref name="vr"/>,
    /// as <c>Utf8JsonReader.TryGet*</c> judges it: integers of IS and the binary integer VRs in their
    /// range without fraction or exponent, any finite number for DS, FD and FL in their range.
    /// </summary>
    public static bool IsInRange(DicomVR vr, ValueKind kind, ReadOnlySpan<byte> number)
    {
        int used;
        switch (kind)
        {
            case ValueKind.DecimalString:
                return true;
            case ValueKind.IntegerString:
                return Utf8Parser.TryParse(number, out int _, out used) && used == number.Length;
            case ValueKind.Integer:
                if (vr == DicomVR.US)
                    return Utf8Parser.TryParse(number, out ushort _, out used) && used == number.Length;
                if (vr == DicomVR.SS)
                    return Utf8Parser.TryParse(number, out short _, out used) && used == number.Length;
                if (vr == DicomVR.UL)
                    return Utf8Parser.TryParse(number, out uint _, out used) && used == number.Length;
                return Utf8Parser.TryParse(number, out int _, out used) && used == number.Length;
            case ValueKind.VeryLong:
                return vr == DicomVR.UV
                    ? Utf8Parser.TryParse(number, out ulong _, out used) && used == number.Length
                    : Utf8Parser.TryParse(number, out long _, out used) && used == number.Length;
            case ValueKind.Float:
                return Utf8Parser.TryParse(number, out double value, out used) && used == number.Length && Fits(vr, value);
            default:
                return false;
        }
    }

    /// <summary>
    /// Whether the text of a string (escapes decoded) is a value of <paramref name="vr"/>: DS and IS
    /// text in both modes; for the binary number VRs, tolerated unless strict, an integer in range
    /// ([+-] digits, spaces around) or a float (DS text, "NaN", "Infinity", "-Infinity").
    /// </summary>
    public static bool IsTextInRange(DicomVR vr, ValueKind kind, ReadOnlySpan<byte> text) => kind switch
    {
        ValueKind.DecimalString => DicomText.IsDecimalString(text),
        ValueKind.IntegerString => DicomText.TryParseIntegerString(text, out _),
        ValueKind.Integer => TryParseSigned(vr, text, fromString: true, out _),
        ValueKind.VeryLong => vr == DicomVR.UV ? TryParseUnsigned(text, fromString: true, out _) : TryParseSigned(vr, text, fromString: true, out _),
        ValueKind.Float => TryParseFloat(vr, text, fromString: true, out _),
        _ => false,
    };

    /// <summary>
    /// An integer of US SS UL SL SV from JSON: a number token's bytes, or the text of a string
    /// ([+-] digits, spaces around), in the range of <paramref name="vr"/>.
    /// </summary>
    public static bool TryParseSigned(DicomVR vr, ReadOnlySpan<byte> text, bool fromString, out long value)
    {
        value = 0;
        if (fromString)
            return DicomText.TryParseInteger(text, out value) && InRange(vr, value);
        return Utf8Parser.TryParse(text, out value, out int used) && used == text.Length && InRange(vr, value);
    }

    /// <summary>An integer of UV from JSON: a number token's bytes, or the text of a string.</summary>
    public static bool TryParseUnsigned(ReadOnlySpan<byte> text, bool fromString, out ulong value)
    {
        if (fromString)
        {
            text = text.Trim((byte)' ');
            if (text.Length > 1 && text[0] == '+')
                text = text[1..];
        }
        return Utf8Parser.TryParse(text, out value, out int used) && used == text.Length && text.Length > 0;
    }

    /// <summary>
    /// A float of FL or FD from JSON: a number token's bytes, or a string holding DS text or (tolerated)
    /// "NaN", "Infinity", "-Infinity"; finite values in the VR's range.
    /// </summary>
    public static bool TryParseFloat(DicomVR vr, ReadOnlySpan<byte> text, bool fromString, out double value)
    {
        if (fromString)
        {
            if (DicomText.TryParseSpecialFloat(text, out value))
                return true;
            return DicomText.TryParseFloat(text, out value) && Fits(vr, value);
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && Fits(vr, value);
    }
}
