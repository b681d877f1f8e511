using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace DicomWeb.Json;

/// <summary>
/// JSON read straight from its UTF-8 bytes, for the readers that do without a general tokenizer
/// (<see cref="DicomJsonFastReader"/>, <see cref="DicomJsonStreamScanner"/>): whitespace, single
/// bytes and literals, number syntax, strings (escapes checked, UTF-8 checked), and a structural
/// skip over a whole value. Each answers false rather than throwing: the general parser judges
/// what they do not take.
/// </summary>
internal static class JsonBytes
{
    /// <summary>Skips JSON whitespace (space, tab, CR, LF); true when there was some.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SkipSpace(ReadOnlySpan<byte> s, ref int p)
    {
        if ((uint)p >= (uint)s.Length || s[p] > ' ')
            return false;
        if (s[p] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            return false;
        p++;
        if ((uint)p < (uint)s.Length && s[p] <= ' ')
            p = SkipSpaceRun(s, p); // pretty-printed input: a line break and its indentation
        return true;
    }

    private static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t\r\n"u8);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SkipSpaceRun(ReadOnlySpan<byte> s, int p)
    {
        int other = s[p..].IndexOfAnyExcept(Whitespace);
        return other < 0 ? s.Length : p + other;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool At(ReadOnlySpan<byte> s, int p, byte b) => (uint)p < (uint)s.Length && s[p] == b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Take(ReadOnlySpan<byte> s, ref int p, byte b)
    {
        if ((uint)p < (uint)s.Length && s[p] == b)
        {
            p++;
            return true;
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TakeLiteral(ReadOnlySpan<byte> s, ref int p, ReadOnlySpan<byte> literal)
    {
        if (s.Length - p >= literal.Length && s.Slice(p, literal.Length).SequenceEqual(literal))
        {
            p += literal.Length;
            return true;
        }
        return false;
    }

    /// <summary>
    /// At '"': a string without escapes, for readers of checked input that take only what needs no
    /// decoding. <paramref name="text"/>: the bytes between its quotes; <paramref name="p"/> moves past
    /// the closing one. False (<paramref name="p"/> unmoved) for an escape or no closing quote.
    /// </summary>
    public static bool TryPlainString(ReadOnlySpan<byte> s, scoped ref int p, out ReadOnlySpan<byte> text)
    {
        text = default;
        int close = At(s, p, (byte)'"') ? s[(p + 1)..].IndexOfAny((byte)'"', (byte)'\\') : -1;
        if (close < 0 || s[p + 1 + close] == '\\')
            return false;
        text = s.Slice(p + 1, close);
        p += close + 2;
        return true;
    }

    /// <summary>Whitespace, then <paramref name="b"/>, then whitespace.</summary>
    public static bool TakeSpaced(ReadOnlySpan<byte> s, ref int p, byte b)
    {
        SkipSpace(s, ref p);
        if (!Take(s, ref p, b))
            return false;
        SkipSpace(s, ref p);
        return true;
    }

    /// <summary>JSON number syntax (RFC 8259): -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    public static bool TryNumber(ReadOnlySpan<byte> s, ref int p)
    {
        if (p < s.Length && s[p] == '-')
            p++;
        if (p >= s.Length)
            return false;
        if (s[p] == '0')
            p++;
        else if (!TakeDigits(s, ref p))
            return false;
        if (p < s.Length && s[p] == '.')
        {
            p++;
            if (!TakeDigits(s, ref p))
                return false;
        }
        if (p < s.Length && (s[p] | 0x20) == 'e')
        {
            p++;
            if (p < s.Length && s[p] is (byte)'+' or (byte)'-')
                p++;
            if (!TakeDigits(s, ref p))
                return false;
        }
        return true;
    }

    private static bool TakeDigits(ReadOnlySpan<byte> s, ref int p)
    {
        int start = p;
        while (p < s.Length && (uint)(s[p] - '0') <= 9)
            p++;
        return p > start;
    }

    // What ends a run of plain string bytes: the quote, an escape, a control character (invalid in a string).
    private static readonly SearchValues<byte> StringStops = SearchValues.Create([.. Controls(), (byte)'"', (byte)'\\']);

    // The same and what is not printable ASCII (DEL and above): one pass finds both for the usual ASCII text.
    private static readonly SearchValues<byte> StringStopsOrOdd = SearchValues.Create([.. Controls(), (byte)'"', (byte)'\\', .. Enumerable.Range(0x7F, 0x81).Select(b => (byte)b)]);

    private static IEnumerable<byte> Controls() => Enumerable.Range(0, 0x20).Select(b => (byte)b);

    /// <summary>What <see cref="TryString"/> found in a string.</summary>
    [Flags]
    public enum StringShape : byte
    {
        /// <summary>Only printable ASCII, no escape: what the canonical writer copies as it is.</summary>
        Printable = 1,

        /// <summary>At least one escape (decoded with <see cref="JsonEscapes"/>).</summary>
        Escaped = 2,
    }

    /// <summary>
    /// At '"': a string whose bytes are valid UTF-8 and whose escapes are valid JSON and valid
    /// UTF-16 (what <c>Utf8JsonReader.GetString</c> accepts); <paramref name="p"/> moves past its closing quote.
    /// <paramref name="length"/>: the bytes between the quotes.
    /// </summary>
    public static bool TryString(ReadOnlySpan<byte> s, ref int p, out StringShape shape, out int length)
    {
        shape = 0;
        length = 0;
        if (!At(s, p, (byte)'"'))
            return false;
        int start = p + 1;
        ReadOnlySpan<byte> rest = s[start..];
        int end = rest.IndexOfAny(StringStopsOrOdd);
        if (end < 0)
            return false;
        if (rest[end] == '"')
        {
            shape = StringShape.Printable;
        }
        else
        {
            // The rest of the string by runs: plain bytes (UTF-8 checked), escapes (checked), up to the quote.
            int i = end;
            int plainFrom = 0;
            bool odd = false;
            while (true)
            {
                int stop = rest[i..].IndexOfAny(StringStops);
                if (stop < 0)
                    return false;
                i += stop;
                if (rest[i] < 0x20)
                    return false; // a control character must be escaped
                if (rest[i] == '"')
                    break;
                // An escape: the plain run before it must be valid UTF-8 on its own (an escape never splits a sequence).
                if (!Utf8.IsValid(rest[plainFrom..i]))
                    return false;
                if (!TrySkipEscape(rest, ref i))
                    return false;
                plainFrom = i;
                odd = true;
            }
            if (!Utf8.IsValid(rest[plainFrom..i]))
                return false;
            end = i;
            shape = odd ? StringShape.Escaped : 0;
        }
        length = end;
        p = start + end + 1;
        return true;
    }

    /// <summary>At '\': one escape, or a surrogate pair of two; false when it is not JSON or not UTF-16.</summary>
    private static bool TrySkipEscape(ReadOnlySpan<byte> s, ref int i)
    {
        if (i + 1 >= s.Length)
            return false;
        byte e = s[i + 1];
        if (e is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
        {
            i += 2;
            return true;
        }
        if (e != 'u' || !TryHex4(s, i + 2, out int unit))
            return false;
        i += 6;
        if (unit is < 0xD800 or > 0xDFFF)
            return true;
        // A high surrogate followed by an escaped low one; a lone one is not text.
        if (unit > 0xDBFF || i + 6 > s.Length || s[i] != '\\' || s[i + 1] != 'u' || !TryHex4(s, i + 2, out int low) || low is < 0xDC00 or > 0xDFFF)
            return false;
        i += 6;
        return true;
    }

    public static bool TryHex4(ReadOnlySpan<byte> s, int at, out int value)
    {
        value = 0;
        if (at + 4 > s.Length)
            return false;
        for (int k = at; k < at + 4; k++)
        {
            int digit = TagKeys.HexDigit(s[k]);
            if (digit < 0)
                return false;
            value = value << 4 | digit;
        }
        return true;
    }

    /// <summary>
    /// From the '{' or '[' at <paramref name="start"/>: the end (one past the matching bracket) of the
    /// value, by brackets and strings alone (escapes skipped, nothing else checked; a bracket of the
    /// other kind counts alike, so the general parser judges such input). False when the input ends first.
    /// Not recursive: any nesting is a count.
    /// </summary>
    public static bool TrySkipContainer(ReadOnlySpan<byte> s, int start, out int end)
    {
        var skip = new ContainerSkip();
        end = start;
        return skip.TryAdvance(s, ref end);
    }

    /// <summary>
    /// A structural skip over a container that may resume where the input ended when more has
    /// arrived (a stream): its state is the nesting count and whether it is inside a string.
    /// </summary>
    public struct ContainerSkip
    {
        private int _depth;
        private bool _inString, _afterBackslash;

        /// <summary>Goes on from <paramref name="i"/>: true with <paramref name="i"/> one past the container's end; false with it at the input's end.</summary>
        public bool TryAdvance(ReadOnlySpan<byte> s, ref int i)
        {
            // Byte by byte between strings (DICOM JSON is dense with short tokens, where a vectorized search per
            // token costs more than it saves); inside a string a vectorized search, for long text and base64.
            while (true)
            {
                if (_afterBackslash)
                {
                    if (i >= s.Length)
                        return false;
                    i++; // the escaped byte, which is no quote that ends the string
                    _afterBackslash = false;
                }
                if (_inString)
                {
                    int stop = s[i..].IndexOfAny((byte)'"', (byte)'\\');
                    if (stop < 0)
                    {
                        i = s.Length;
                        return false;
                    }
                    i += stop + 1;
                    if (s[i - 1] == '\\')
                        _afterBackslash = true;
                    else
                        _inString = false;
                    continue;
                }
                while (true)
                {
                    if (i >= s.Length)
                        return false;
                    byte b = s[i++];
                    if (b == '"')
                    {
                        _inString = true;
                        break;
                    }
                    if ((b | 0x20) == '{')
                        _depth++; // '{' or '['
                    else if ((b | 0x20) == '}')
                    {
                        if (--_depth == 0) // '}' or ']'
                            return true;
                    }
                }
            }
        }
    }

    /// <summary>At a value: its end, for a string, a container, a number or a literal (checked only as far as needed to find where it ends).</summary>
    public static bool TrySkipValue(ReadOnlySpan<byte> s, int start, out int end)
    {
        end = start;
        if ((uint)start >= (uint)s.Length)
            return false;
        switch (s[start])
        {
            case (byte)'{' or (byte)'[':
                return TrySkipContainer(s, start, out end);
            case (byte)'"':
                return TryString(s, ref end, out _, out _);
            case (byte)'n':
                return TakeLiteral(s, ref end, "null"u8);
            default:
                return TryNumber(s, ref end);
        }
    }
}
