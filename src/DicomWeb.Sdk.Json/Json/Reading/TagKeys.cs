using System.Runtime.CompilerServices;

namespace DicomWeb.Json;

/// <summary>
/// Tags as DICOM JSON writes them, eight hex digits, in keys and AT values: one reading for every
/// reader (fast, general, typed, the getters and the Part 10 writer).
/// </summary>
internal static class TagKeys
{
    /// <summary>The value of a hex digit of either case; -1 for any other byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HexDigit(byte b)
    {
        uint digit = (uint)(b - '0');
        if (digit <= 9)
            return (int)digit;
        digit = (uint)((b | 0x20) - 'a'); // 'A'-'F' and 'a'-'f' alike
        return digit <= 5 ? (int)digit + 10 : -1;
    }

    /// <summary>Eight hex digits of either case (every key of every data set goes through here).</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out uint tag)
    {
        tag = 0;
        if (text.Length != 8)
            return false;
        uint value = 0;
        for (int i = 0; i < 8; i++)
        {
            int digit = HexDigit(text[i]);
            if (digit < 0)
                return false;
            value = value << 4 | (uint)digit;
        }
        tag = value;
        return true;
    }

    /// <summary>Whether hex text has a lowercase digit (a to f), which canonical DICOM JSON does not write (refused when strict).</summary>
    public static bool HasLowercase(ReadOnlySpan<byte> text) => text.IndexOfAnyInRange((byte)'a', (byte)'f') >= 0;

    /// <summary>
    /// At '"': a key of eight hex digits without escapes, read straight from the bytes;
    /// <paramref name="lowercase"/> when a digit is lowercase. False for anything else (an escape, a keyword).
    /// </summary>
    public static bool TryReadKey(ReadOnlySpan<byte> s, ref int p, out uint tag, out bool lowercase)
    {
        tag = 0;
        lowercase = false;
        if (p + 10 > s.Length || s[p] != '"' || s[p + 9] != '"' || !TryParse(s.Slice(p + 1, 8), out tag))
            return false;
        lowercase = HasLowercase(s.Slice(p + 1, 8));
        p += 10;
        return true;
    }
}
