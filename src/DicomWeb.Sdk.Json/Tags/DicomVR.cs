using System.Diagnostics.CodeAnalysis;

namespace DicomWeb;

/// <summary>
/// A value representation (PS3.5 section 6.2): the two-letter code that says how a value is
/// encoded. <c>default(DicomVR)</c> stands for "no VR" (items and delimiters).
/// </summary>
/// <example><code>
/// bool isName = DicomTags.PatientName.VR == DicomVR.PN;   // true
/// DicomVR vr = DicomVR.Parse("DA");
/// </code></example>
public readonly struct DicomVR : IEquatable<DicomVR>
{
    private readonly ushort _code;

    private DicomVR(char first, char second) => _code = (ushort)((first << 8) | second);

    /// <summary>AE: Application Entity (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR AE = new('A', 'E');
    /// <summary>AS: Age String (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR AS = new('A', 'S');
    /// <summary>AT: Attribute Tag (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR AT = new('A', 'T');
    /// <summary>CS: Code String (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR CS = new('C', 'S');
    /// <summary>DA: Date (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR DA = new('D', 'A');
    /// <summary>DS: Decimal String (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR DS = new('D', 'S');
    /// <summary>DT: Date Time (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR DT = new('D', 'T');
    /// <summary>FD: Floating Point Double (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR FD = new('F', 'D');
    /// <summary>FL: Floating Point Single (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR FL = new('F', 'L');
    /// <summary>IS: Integer String (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR IS = new('I', 'S');
    /// <summary>LO: Long String (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR LO = new('L', 'O');
    /// <summary>LT: Long Text (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR LT = new('L', 'T');
    /// <summary>OB: Other Byte (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR OB = new('O', 'B');
    /// <summary>OD: Other Double (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR OD = new('O', 'D');
    /// <summary>OF: Other Float (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR OF = new('O', 'F');
    /// <summary>OL: Other Long (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR OL = new('O', 'L');
    /// <summary>OV: Other 64-bit Very Long (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR OV = new('O', 'V');
    /// <summary>OW: Other Word (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR OW = new('O', 'W');
    /// <summary>PN: Person Name (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR PN = new('P', 'N');
    /// <summary>SH: Short String (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR SH = new('S', 'H');
    /// <summary>SL: Signed Long (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR SL = new('S', 'L');
    /// <summary>SQ: Sequence of Items (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR SQ = new('S', 'Q');
    /// <summary>SS: Signed Short (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR SS = new('S', 'S');
    /// <summary>ST: Short Text (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR ST = new('S', 'T');
    /// <summary>SV: Signed 64-bit Very Long (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR SV = new('S', 'V');
    /// <summary>TM: Time (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR TM = new('T', 'M');
    /// <summary>UC: Unlimited Characters (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR UC = new('U', 'C');
    /// <summary>UI: Unique Identifier (UID) (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR UI = new('U', 'I');
    /// <summary>UL: Unsigned Long (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR UL = new('U', 'L');
    /// <summary>UN: Unknown (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR UN = new('U', 'N');
    /// <summary>UR: Universal Resource Identifier or Universal Resource Locator (URI/URL) (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR UR = new('U', 'R');
    /// <summary>US: Unsigned Short (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR US = new('U', 'S');
    /// <summary>UT: Unlimited Text (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR UT = new('U', 'T');
    /// <summary>UV: Unsigned 64-bit Very Long (PS3.5 Table 6.2-1).</summary>
    public static readonly DicomVR UV = new('U', 'V');

    /// <summary>The two-letter code, e.g. "PN"; empty for <c>default(DicomVR)</c>.</summary>
    public string Code => ToString();

    /// <summary>
    /// Whether an explicit VR Part 10 encoding gives this VR's value length in 32 bits after two
    /// reserved bytes (OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV: PS3.5 Table 7.1-1), rather than in 16 bits.
    /// The Part 10 reader and writer both ask here.
    /// </summary>
    public bool HasLongLength => _code is
        ('O' << 8 | 'B') or ('O' << 8 | 'D') or ('O' << 8 | 'F') or ('O' << 8 | 'L') or ('O' << 8 | 'V') or ('O' << 8 | 'W')
        or ('S' << 8 | 'Q') or ('S' << 8 | 'V') or ('U' << 8 | 'C') or ('U' << 8 | 'N') or ('U' << 8 | 'R') or ('U' << 8 | 'T') or ('U' << 8 | 'V');

    /// <summary>The two ASCII letters as one number, first letter high: cheap to switch on.</summary>
    internal ushort Value => _code;

    /// <summary>The two-letter code, e.g. "PN" (no allocation: the codes are literals).</summary>
    public override string ToString() => CodeOf(_code) ?? string.Empty;

    private static string? CodeOf(ushort code) => code switch
    {
        'A' << 8 | 'E' => "AE",
        'A' << 8 | 'S' => "AS",
        'A' << 8 | 'T' => "AT",
        'C' << 8 | 'S' => "CS",
        'D' << 8 | 'A' => "DA",
        'D' << 8 | 'S' => "DS",
        'D' << 8 | 'T' => "DT",
        'F' << 8 | 'D' => "FD",
        'F' << 8 | 'L' => "FL",
        'I' << 8 | 'S' => "IS",
        'L' << 8 | 'O' => "LO",
        'L' << 8 | 'T' => "LT",
        'O' << 8 | 'B' => "OB",
        'O' << 8 | 'D' => "OD",
        'O' << 8 | 'F' => "OF",
        'O' << 8 | 'L' => "OL",
        'O' << 8 | 'V' => "OV",
        'O' << 8 | 'W' => "OW",
        'P' << 8 | 'N' => "PN",
        'S' << 8 | 'H' => "SH",
        'S' << 8 | 'L' => "SL",
        'S' << 8 | 'Q' => "SQ",
        'S' << 8 | 'S' => "SS",
        'S' << 8 | 'T' => "ST",
        'S' << 8 | 'V' => "SV",
        'T' << 8 | 'M' => "TM",
        'U' << 8 | 'C' => "UC",
        'U' << 8 | 'I' => "UI",
        'U' << 8 | 'L' => "UL",
        'U' << 8 | 'N' => "UN",
        'U' << 8 | 'R' => "UR",
        'U' << 8 | 'S' => "US",
        'U' << 8 | 'T' => "UT",
        'U' << 8 | 'V' => "UV",
        _ => null,
    };

    /// <summary>Reads a two-letter VR code (upper case, as PS3.5 and PS3.18 write them).</summary>
    public static bool TryParse(ReadOnlySpan<char> code, out DicomVR vr)
    {
        vr = code.Length == 2 ? new DicomVR(code[0], code[1]) : default;
        return CodeOf(vr._code) is not null;
    }

    /// <summary>Reads a two-letter VR code given as UTF-8 bytes, as in DICOM JSON and Part 10 files.</summary>
    public static bool TryParse(ReadOnlySpan<byte> code, out DicomVR vr)
    {
        vr = code.Length == 2 ? new DicomVR((char)code[0], (char)code[1]) : default;
        return CodeOf(vr._code) is not null;
    }

    /// <summary>Reads a VR code.</summary>
    /// <exception cref="FormatException">The text is not one of the 34 VRs; the message quotes it.</exception>
    public static DicomVR Parse(string code) =>
        TryParse(code, out DicomVR vr) ? vr : throw new FormatException($"'{code}' is not a DICOM VR (PS3.5 Table 6.2-1).");

    /// <inheritdoc/>
    public bool Equals(DicomVR other) => _code == other._code;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is DicomVR other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _code;

    /// <summary>Whether both are the same VR.</summary>
    public static bool operator ==(DicomVR left, DicomVR right) => left._code == right._code;

    /// <summary>Whether the VRs differ.</summary>
    public static bool operator !=(DicomVR left, DicomVR right) => left._code != right._code;
}
