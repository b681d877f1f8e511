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
            if (escape != 'u' || !JsonBytes.TryHex4(source, i, out int unit))
                return false;
            i += 4;
            int scalar = unit;
            if (unit is >= 0xD800 and <= 0xDFFF)
            {
                // A high surrogate must be followed by an escaped low one; anything else is not UTF-16.
                if (unit > 0xDBFF || i + 6 > source.Length || source[i] != '\\' || source[i + 1] != 'u'
                    || !JsonBytes.TryHex4(source, i + 2, out int low) || low is < 0xDC00 or > 0xDFFF)
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

    /// <summary>
    /// The storage form of checked JSON (a Value array, a string token) that has whitespace or escapes:
    /// whitespace between tokens dropped, and each escape decoded to its character except where JSON
    /// needs one (a quote, a backslash, a control character, kept as written or as <c>\"</c>, <c>\\</c>).
    /// A data set keeps its values so, and its getters read them without decoding escapes again.
    /// The result is at most as long as <paramref name="json"/>; returns its length in <paramref name="destination"/>.
    /// </summary>
    public static int Compact(ReadOnlySpan<byte> json, Span<byte> destination)
    {
        int w = 0;
        int i = 0;
        while (i < json.Length)
        {
            byte b = json[i];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                i++;
                continue;
            }
            if (b != '"')
            {
                destination[w++] = b;
                i++;
                continue;
            }
            destination[w++] = b;
            i++;
            while (true)
            {
                int stop = json[i..].IndexOfAny((byte)'"', (byte)'\\');
                json.Slice(i, stop).CopyTo(destination[w..]);
                w += stop;
                i += stop;
                if (json[i] == '"')
                {
                    destination[w++] = (byte)'"';
                    i++;
                    break;
                }
                w += CompactEscape(json, ref i, destination[w..]);
            }
        }
        return w;
    }

    /// <summary>At '\\' of a checked escape: writes its storage form, returns its length.</summary>
    private static int CompactEscape(ReadOnlySpan<byte> json, ref int i, Span<byte> destination)
    {
        byte escape = json[i + 1];
        if (escape != 'u')
        {
            i += 2;
            if (escape == '/')
            {
                destination[0] = (byte)'/';
                return 1;
            }
            destination[0] = (byte)'\\';
            destination[1] = escape;
            return 2;
        }
        JsonBytes.TryHex4(json, i + 2, out int unit);
        int scalar = unit;
        int length = 6;
        if (unit is >= 0xD800 and <= 0xDBFF)
        {
            JsonBytes.TryHex4(json, i + 8, out int low);
            scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            length = 12;
        }
        if (scalar < 0x20)
        {
            json.Slice(i, 6).CopyTo(destination); // a control character stays escaped
            i += 6;
            return 6;
        }
        i += length;
        if (scalar is '"' or '\\')
        {
            destination[0] = (byte)'\\';
            destination[1] = (byte)scalar;
            return 2;
        }
        return new Rune(scalar).EncodeToUtf8(destination);
    }
}
