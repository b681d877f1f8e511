using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DicomWeb;

/// <summary>
/// A DICOM attribute tag: a group and an element number, (gggg,eeee). The typed tags of
/// <see cref="DicomTags"/> convert to it implicitly.
/// </summary>
/// <example><code>
/// DicomTag tag = DicomTags.PatientName;
/// Console.WriteLine(tag);                 // (0010,0010)
/// Console.WriteLine(tag.Keyword);         // PatientName
/// </code></example>
public readonly struct DicomTag : IEquatable<DicomTag>, IComparable<DicomTag>, ISpanFormattable
{
    /// <summary>A tag from its 32-bit number, group in the high 16 bits.</summary>
    public DicomTag(uint value) => Value = value;

    /// <summary>A tag from its group and element.</summary>
    public DicomTag(ushort group, ushort element) => Value = ((uint)group << 16) | element;

    /// <summary>The 32-bit tag number, group in the high 16 bits.</summary>
    public uint Value { get; }

    /// <summary>The group number.</summary>
    public ushort Group => (ushort)(Value >> 16);

    /// <summary>The element number.</summary>
    public ushort Element => (ushort)Value;

    /// <summary>Whether this is a private tag: an odd group above 0008 (PS3.5 section 7.8). Groups 0001, 0003, 0005, 0007 and FFFF are not allowed at all and are not private.</summary>
    public bool IsPrivate => (Group & 1) == 1 && Group > 0x0008 && Group != 0xFFFF;

    /// <summary>Whether this is a private creator element, (gggg,0010) to (gggg,00FF) of a private group.</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>The dictionary keyword, e.g. "PatientName"; null for a private or unknown tag.</summary>
    public string? Keyword => DicomDictionary.GetKeyword(this);

    /// <summary>"(gggg,eeee)" in upper-case hex.</summary>
    public override string ToString() => $"({Group:X4},{Element:X4})";

    /// <summary>
    /// Format "G" (default) gives "(gggg,eeee)"; "J" gives the eight hex digits DICOM JSON uses as keys, "ggggeeee".
    /// </summary>
    public string ToString(string? format, IFormatProvider? formatProvider) => format switch
    {
        null or "" or "G" => ToString(),
        "J" => Value.ToString("X8", CultureInfo.InvariantCulture),
        _ => throw new FormatException($"Unknown DicomTag format '{format}'; use G or J."),
    };

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        format is "J"
            ? Value.TryFormat(destination, out charsWritten, "X8", CultureInfo.InvariantCulture)
            : destination.TryWrite(CultureInfo.InvariantCulture, $"({Group:X4},{Element:X4})", out charsWritten);

    /// <summary>
    /// Reads "(gggg,eeee)", "gggg,eeee" or "ggggeeee" (hex, either case), or a dictionary keyword such as "PatientName".
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DicomTag tag)
    {
        text = text.Trim();
        if (text.Length == 11 && text[0] == '(' && text[10] == ')')
            text = text[1..10];
        if (text.Length == 9 && text[4] == ',')
            return TryParseHex(text[..4], text[5..], out tag);
        if (text.Length == 8 && TryParseHex(text[..4], text[4..], out tag))
            return true;
        return DicomDictionary.TryGetTag(text, out tag);
    }

    /// <summary>Like <see cref="TryParse"/>, throwing for text that is neither a tag nor a keyword.</summary>
    /// <exception cref="FormatException">The text names no tag; the message quotes it.</exception>
    public static DicomTag Parse(string text) =>
        TryParse(text, out DicomTag tag) ? tag : throw new FormatException($"'{text}' is not a DICOM tag (gggg,eeee) or dictionary keyword.");

    private static bool TryParseHex(ReadOnlySpan<char> group, ReadOnlySpan<char> element, out DicomTag tag)
    {
        if (ushort.TryParse(group, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort g)
            && ushort.TryParse(element, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort e))
        {
            tag = new DicomTag(g, e);
            return true;
        }
        tag = default;
        return false;
    }

    /// <summary>The tag of a repeating element such as (60xx,3000) for the given group and/or element.</summary>
    internal static uint Repeating(uint pattern, uint fixedMask, ushort? group, ushort? element, string patternText)
    {
        uint value = pattern;
        if (group is ushort g)
        {
            if ((((uint)g << 16) & fixedMask) != (pattern & fixedMask & 0xFFFF0000u) || (g & 1) != 0)
                throw new ArgumentOutOfRangeException(nameof(group), $"0x{g:X4} is not an even group that matches {patternText}.");
            value |= (uint)g << 16;
        }
        if (element is ushort e)
        {
            if ((e & fixedMask & 0xFFFFu) != (pattern & fixedMask & 0xFFFFu))
                throw new ArgumentOutOfRangeException(nameof(element), $"0x{e:X4} is not an element that matches {patternText}.");
            value |= e;
        }
        return value;
    }

    /// <inheritdoc/>
    public bool Equals(DicomTag other) => Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is DicomTag other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)Value;

    /// <summary>Orders by group, then element: the order of a DICOM data set.</summary>
    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    /// <summary>Whether both are the same tag.</summary>
    public static bool operator ==(DicomTag left, DicomTag right) => left.Value == right.Value;

    /// <summary>Whether the tags differ.</summary>
    public static bool operator !=(DicomTag left, DicomTag right) => left.Value != right.Value;

    /// <summary>Data set order.</summary>
    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    /// <summary>Data set order.</summary>
    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    /// <summary>Data set order.</summary>
    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    /// <summary>Data set order.</summary>
    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;
}
