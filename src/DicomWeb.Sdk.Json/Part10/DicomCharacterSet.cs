using System.Text;

namespace DicomWeb;

/// <summary>
/// Decodes the text of a data set by its Specific Character Set (0008,0005), PS3.5 section 6.1 and
/// PS3.3 C.12.1.1.2: single-byte ISO 8859 sets, UTF-8 (ISO_IR 192), GB18030, GBK, and ISO 2022
/// code extensions (escape sequences switching G0 and G1) with the platform's encodings.
/// </summary>
internal sealed class DicomCharacterSet
{
    static DicomCharacterSet() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>No Specific Character Set: the default repertoire (bytes above 0x7F kept as Latin-1 rather than lost).</summary>
    public static DicomCharacterSet Default { get; } = new(Encoding.Latin1, null, isoCodeExtensions: false, "");

    private readonly Encoding _g0;
    private readonly Encoding? _g1;
    private readonly bool _isoCodeExtensions;

    private DicomCharacterSet(Encoding g0, Encoding? g1, bool isoCodeExtensions, string terms)
    {
        _g0 = g0;
        _g1 = g1;
        _isoCodeExtensions = isoCodeExtensions;
        Terms = terms;
    }

    public string Terms { get; }

    /// <summary>The encoding to write text with (single-term sets only; ISO 2022 is refused by the writer).</summary>
    public Encoding SingleByteOrUnicode => _g0;

    /// <summary>The character set the defined terms name; unknown terms are an error (the text could not be read correctly).</summary>
    public static DicomCharacterSet From(IReadOnlyList<string> terms)
    {
        if (terms.Count == 0 || (terms.Count == 1 && terms[0].Trim().Length == 0))
            return Default;
        string first = terms[0].Trim();
        string all = string.Join('\\', terms);
        if (terms.Count == 1 && !first.StartsWith("ISO 2022", StringComparison.Ordinal))
            return new DicomCharacterSet(SingleEncoding(first) ?? throw Unknown(first), null, false, all);
        // Code extensions: the first term (possibly empty, meaning ISO 2022 IR 6) sets the initial G0/G1.
        Encoding? g1 = first.Length == 0 ? null : IsoG1(first);
        return new DicomCharacterSet(Encoding.ASCII, g1, isoCodeExtensions: true, all);
    }

    private static NotSupportedException Unknown(string term) => new($"the Specific Character Set '{term}' is not one DicomWeb can decode");

    private static Encoding? SingleEncoding(string term) => term switch
    {
        "ISO_IR 6" => Encoding.Latin1,
        "ISO_IR 100" => Encoding.Latin1,
        "ISO_IR 101" => Encoding.GetEncoding(28592),
        "ISO_IR 109" => Encoding.GetEncoding(28593),
        "ISO_IR 110" => Encoding.GetEncoding(28594),
        "ISO_IR 144" => Encoding.GetEncoding(28595),
        "ISO_IR 127" => Encoding.GetEncoding(28596),
        "ISO_IR 126" => Encoding.GetEncoding(28597),
        "ISO_IR 138" => Encoding.GetEncoding(28598),
        "ISO_IR 148" => Encoding.GetEncoding(28599),
        "ISO_IR 203" => Encoding.GetEncoding(28605),
        "ISO_IR 166" => Encoding.GetEncoding(874),
        "ISO_IR 13" => Encoding.GetEncoding(932),
        "ISO_IR 192" => Encoding.UTF8,
        "GB18030" => Encoding.GetEncoding(54936),
        "GBK" => Encoding.GetEncoding(936),
        _ => null,
    };

    private static Encoding? IsoG1(string term) => term switch
    {
        "ISO 2022 IR 6" => null,
        "ISO 2022 IR 13" => Encoding.GetEncoding(932),
        "ISO 2022 IR 149" => Encoding.GetEncoding(51949),
        "ISO 2022 IR 58" => Encoding.GetEncoding(936),
        _ when term.StartsWith("ISO 2022 IR ", StringComparison.Ordinal) => SingleEncoding("ISO_IR " + term["ISO 2022 IR ".Length..]) ?? throw Unknown(term),
        _ => throw Unknown(term),
    };

    /// <summary>The text of a value field (all values, backslashes included).</summary>
    public string Decode(ReadOnlySpan<byte> bytes) => _isoCodeExtensions ? DecodeIso2022(bytes) : _g0.GetString(bytes);

    // PS3.5 6.1.2.5: ESC sequences switch G0 (bytes below 0x80) or G1 (bytes above); G0 returns to
    // ASCII at the end of a line. Each run is decoded with the encoding designated for it.
    private string DecodeIso2022(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        Encoding g0 = _g0;
        bool g0IsJisX0208 = false;
        Encoding? g1 = _g1;
        int i = 0;
        while (i < bytes.Length)
        {
            if (bytes[i] == 0x1B)
            {
                int length = Designate(bytes[i..], ref g0, ref g0IsJisX0208, ref g1);
                i += Math.Max(length, 1);
                continue;
            }
            int start = i;
            bool high = bytes[i] >= 0x80;
            while (i < bytes.Length && bytes[i] != 0x1B && (bytes[i] >= 0x80) == high && bytes[i] is not (0x0A or 0x0D or 0x0C))
                i++;
            ReadOnlySpan<byte> run = bytes[start..i];
            if (high)
                text.Append((g1 ?? Encoding.Latin1).GetString(run));
            else if (g0IsJisX0208)
                text.Append(Encoding.GetEncoding(50220).GetString([0x1B, (byte)'$', (byte)'B', .. run]));
            else
                text.Append(g0.GetString(run));
            if (i < bytes.Length && bytes[i] is 0x0A or 0x0D or 0x0C)
            {
                text.Append((char)bytes[i++]);
                g0 = Encoding.ASCII;
                g0IsJisX0208 = false;
            }
        }
        return text.ToString();
    }

    private static int Designate(ReadOnlySpan<byte> escape, ref Encoding g0, ref bool g0IsJisX0208, ref Encoding? g1)
    {
        static bool Is(ReadOnlySpan<byte> e, string sequence) => e.Length >= sequence.Length + 1 && e[1..].StartsWith(Encoding.ASCII.GetBytes(sequence));
        if (Is(escape, "(B") || Is(escape, "(J")) { g0 = Encoding.ASCII; g0IsJisX0208 = false; return 3; }
        if (Is(escape, "$B") || Is(escape, "$@")) { g0IsJisX0208 = true; return 3; }
        if (Is(escape, ")I")) { g1 = Encoding.GetEncoding(932); return 3; }
        if (Is(escape, "$)C")) { g1 = Encoding.GetEncoding(51949); return 4; }
        if (Is(escape, "$)A")) { g1 = Encoding.GetEncoding(936); return 4; }
        if (escape.Length >= 3 && escape[1] == (byte)'-')
        {
            g1 = escape[2] switch
            {
                (byte)'A' => Encoding.Latin1,
                (byte)'B' => Encoding.GetEncoding(28592),
                (byte)'C' => Encoding.GetEncoding(28593),
                (byte)'D' => Encoding.GetEncoding(28594),
                (byte)'L' => Encoding.GetEncoding(28595),
                (byte)'G' => Encoding.GetEncoding(28596),
                (byte)'F' => Encoding.GetEncoding(28597),
                (byte)'H' => Encoding.GetEncoding(28598),
                (byte)'M' => Encoding.GetEncoding(28599),
                (byte)'b' => Encoding.GetEncoding(28605),
                (byte)'T' => Encoding.GetEncoding(874),
                _ => g1,
            };
            return 3;
        }
        // An escape DicomWeb does not know: decoding on would garble what follows, so say so.
        throw new FormatException($"the ISO 2022 escape sequence ESC {Encoding.ASCII.GetString(escape[1..Math.Min(4, escape.Length)])} is not one DicomWeb decodes");
    }
}
