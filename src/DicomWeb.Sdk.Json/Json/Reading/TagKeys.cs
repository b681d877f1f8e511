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
    public static int HexDigit(byte b) => HexValues[b];

    // Each byte's value as a hex digit of either case, -1 for the others: a lookup in a table the size
    // of a byte needs no bounds check, and no call (readers too large for the JIT to inline into
    // spent 5 % of a read calling a digit function eight times per key).
    private static ReadOnlySpan<sbyte> HexValues =>
    [
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -1, -1, -1, -1, -1,
        -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    ];

    /// <summary>Eight hex digits of either case (every key of every data set goes through here).</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out uint tag)
    {
        tag = 0;
        if (text.Length != 8)
            return false;
        ReadOnlySpan<sbyte> values = HexValues;
        int d0 = values[text[0]], d1 = values[text[1]], d2 = values[text[2]], d3 = values[text[3]];
        int d4 = values[text[4]], d5 = values[text[5]], d6 = values[text[6]], d7 = values[text[7]];
        if ((d0 | d1 | d2 | d3 | d4 | d5 | d6 | d7) < 0)
            return false;
        tag = (uint)(d0 << 28 | d1 << 24 | d2 << 20 | d3 << 16 | d4 << 12 | d5 << 8 | d6 << 4 | d7);
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
        // Of the hex digits only 'a' to 'f' (0x61-0x66) have both 0x20 and 0x40 set: all eight bytes judged at once.
        ulong digits = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(p + 1, 8));
        lowercase = ((digits << 1) & digits & 0x4040404040404040UL) != 0;
        p += 10;
        return true;
    }
}
