using System.Text;

namespace DicomWeb.Json;

/// <summary>
/// The escapes of JSON strings (RFC 8259 section 7), decoded to UTF-8 by one routine for every
/// reader, getter and writer: a value written with escapes ("\u0034\u0032") is the same value as
/// the one written without ("42") wherever it is read.
/// </summary>
internal static class JsonEscapes
{
    /// <summary>
    /// Decodes the content of a JSON string (between its quotes) into <paramref name="destination"/>,
    /// which needs at most <paramref name="source"/>'s length. False on a malformed escape or one that
    /// is not valid UTF-16 (a lone surrogate), as <c>Utf8JsonReader.GetString</c> refuses them.
    /// The bytes outside escapes are copied as they are (their UTF-8 is checked elsewhere).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        written = 0;
        int i = 0;
        while (true)
        {
            int plain = source[i..].IndexOf((byte)'\\');
            if (plain < 0)
                plain = source.Length - i;
            source.Slice(i, plain).CopyTo(destination[written..]);
            written += plain;
            i += plain;
            if (i == source.Length)
                return true;
            if (i + 1 == source.Length)
                return false;
            byte escape = source[i + 1];
            i += 2;
            byte simple = escape switch
            {
                (byte)'"' => (byte)'"',
                (byte)'\\' => (byte)'\\',
                (byte)'/' => (byte)'/',
                (byte)'b' => 0x08,
                (byte)'f' => 0x0C,
                (byte)'n' => 0x0A,
                (byte)'r' => 0x0D,
                (byte)'t' => 0x09,
                _ => 0,
            };
            if (simple != 0)
            {
                destination[written++] = simple;
                continue;
            }
            if (escape != 'u' || !TryHex4(source, i, out int unit))
                return false;
            i += 4;
            int scalar = unit;
            if (unit is >= 0xD800 and <= 0xDFFF)
            {
                // A high surrogate must be followed by an escaped low one; anything else is not UTF-16.
                if (unit > 0xDBFF || i + 6 > source.Length || source[i] != '\\' || source[i + 1] != 'u'
                    || !TryHex4(source, i + 2, out int low) || low is < 0xDC00 or > 0xDFFF)
                    return false;
                i += 6;
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            }
            written += new Rune(scalar).EncodeToUtf8(destination[written..]);
        }
    }

    /// <summary>
    /// The text of a string token as UTF-8 bytes: <paramref name="raw"/> itself when it has no
    /// escape, else decoded into <paramref name="scratch"/> (or a new array when longer).
    /// </summary>
    /// <exception cref="FormatException">An escape is malformed or not valid UTF-16 (input not checked by a reader first).</exception>
    public static ReadOnlySpan<byte> Text(ReadOnlySpan<byte> raw, bool escaped, Span<byte> scratch)
    {
        if (!escaped)
            return raw;
        if (raw.Length > scratch.Length)
            scratch = new byte[raw.Length];
        return TryDecode(raw, scratch, out int written) ? scratch[..written] : throw new FormatException("a JSON escape is malformed or not valid UTF-16");
    }

    private static bool TryHex4(ReadOnlySpan<byte> s, int at, out int value)
    {
        value = 0;
        if (at + 4 > s.Length)
            return false;
        for (int k = at; k < at + 4; k++)
        {
            int digit = HexDigit(s[k]);
            if (digit < 0)
                return false;
            value = value << 4 | digit;
        }
        return true;
    }

    private static int HexDigit(byte b) =>
        b is >= (byte)'0' and <= (byte)'9' ? b - '0'
        : (b | 0x20) is >= 0x61 and <= 0x66 ? (b | 0x20) - 0x61 + 10 // 'a' to 'f', either case
        : -1;
}
