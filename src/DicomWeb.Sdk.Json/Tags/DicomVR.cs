using System.Diagnostics.CodeAnalysis;
using DicomWeb.Json;

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

    /// <summary>All 34 VRs, in alphabetical order.</summary>
    public static IReadOnlyList<DicomVR> All { get; } =
        [AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV];

    /// <summary>What a value of this VR is: text, binary numbers, bytes, attribute tags or items.</summary>
    public DicomVRKind Kind => Row.Kind;

    /// <summary>
    /// Whether an explicit VR Part 10 encoding gives this VR's value length in 32 bits after two
    /// reserved bytes (OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV: PS3.5 Table 7.1-1), rather than in 16 bits.
    /// The Part 10 reader and writer both ask here.
    /// </summary>
    public bool HasLongLength => (Row.Traits & Traits.LongLength) != 0;

    /// <summary>
    /// Whether QIDO-RS wildcard matching (* and ?) applies to values of this VR (AE CS LO LT PN SH
    /// ST UC UR UT: PS3.4 C.2.2.2.4); other VRs match a value with a wildcard only literally.
    /// </summary>
    public bool AllowsWildcardMatching => (Row.Traits & Traits.Wildcard) != 0;

    /// <summary>
    /// Whether DICOM JSON may give a value of this VR as a BulkDataURI or InlineBinary (DS FD FL IS
    /// LT OB OD OF OL OV OW SL SS ST SV UC UL UN US UT UV: PS3.18 F.2.6, Table F.2.3-1).
    /// </summary>
    public bool AllowsBulkData => (Row.Traits & Traits.BulkData) != 0;

    /// <summary>
    /// Whether the characters of this text VR follow the Specific Character Set (0008,0005)
    /// (LO LT PN SH ST UC UT: PS3.5 6.1.2.3); the other text VRs hold the default repertoire only.
    /// </summary>
    public bool UsesSpecificCharacterSet => (Row.Traits & Traits.SpecificCharacterSet) != 0;

    /// <summary>
    /// Whether a value of this VR is always one value (LT OB OD OF OL OV OW SQ ST UN UR UT: PS3.5
    /// 6.4): in LT, ST, UR and UT text a backslash is a character, not a value delimiter.
    /// </summary>
    public bool HasSingleValue => (Row.Traits & Traits.SingleValue) != 0;

    /// <summary>
    /// The bytes of one value of a binary VR (AT FL OF OL SL UL 4; FD OD OV SV UV 8; OW SS US 2;
    /// OB UN 1), the unit whose byte order an encoding swaps; 0 for text and SQ.
    /// </summary>
    public int ValueSize => Row.ValueSize;

    /// <summary>The byte that pads a value to an even length (PS3.5 6.2): NUL for UI and the binary VRs, a space for text.</summary>
    public byte PaddingByte => Row.Padding;

    /// <summary>The JSON shape of this VR's values (PS3.18 Table F.2.3-1), as the readers and writers switch on it.</summary>
    internal ValueKind JsonKind => Row.Json;

    /// <summary>The two ASCII letters as one number, first letter high: cheap to switch on.</summary>
    internal ushort Value => _code;

    /// <summary>The two-letter code, e.g. "PN" (no allocation: the codes are literals).</summary>
    public override string ToString() => Row.Code ?? string.Empty;

    // The facts of every VR, one row each, read by every part of the library at run time (PS3.5
    // Tables 6.2-1 and 7.1-1, 6.1.2.3 and 6.4; PS3.18 Table F.2.3-1; PS3.4 C.2.2.2.4). Indexed by
    // the two letters (26 x 26 slots, an empty row where there is no VR): a fact is one array read,
    // cheap enough for the readers' per-value paths. Declared after the VR fields, which it reads.
    private static readonly Facts[] Rows = MakeRows();

    private ref readonly Facts Row
    {
        get
        {
            uint first = (uint)((_code >> 8) - 'A'), second = (uint)((_code & 0xFF) - 'A');
            return ref first < 26 && second < 26 ? ref Rows[first * 26 + second] : ref Rows[Rows.Length - 1];
        }
    }

    private static Facts[] MakeRows()
    {
        // One slot more than the 26 x 26: the empty row of every code that is not a VR.
        var rows = new Facts[26 * 26 + 1];
        const Traits W = Traits.Wildcard, B = Traits.BulkData, L = Traits.LongLength, C = Traits.SpecificCharacterSet, S = Traits.SingleValue;
        void Add(DicomVR vr, DicomVRKind kind, ValueKind json, Traits traits, int valueSize = 0)
        {
            string code = string.Concat((char)(vr._code >> 8), (char)(vr._code & 0xFF));
            byte padding = vr == UI || kind == DicomVRKind.Binary ? (byte)0 : (byte)' ';
            rows[((vr._code >> 8) - 'A') * 26 + (vr._code & 0xFF) - 'A'] = new Facts(code, kind, json, traits, (byte)valueSize, padding);
        }
        Add(AE, DicomVRKind.Text, ValueKind.Text, W);
        Add(AS, DicomVRKind.Text, ValueKind.Text, 0);
        Add(AT, DicomVRKind.AttributeTag, ValueKind.AttributeTag, 0, 4);
        Add(CS, DicomVRKind.Text, ValueKind.Text, W);
        Add(DA, DicomVRKind.Text, ValueKind.Text, 0);
        Add(DS, DicomVRKind.Text, ValueKind.DecimalString, B);
        Add(DT, DicomVRKind.Text, ValueKind.Text, 0);
        Add(FD, DicomVRKind.Number, ValueKind.Float, B, 8);
        Add(FL, DicomVRKind.Number, ValueKind.Float, B, 4);
        Add(IS, DicomVRKind.Text, ValueKind.IntegerString, B);
        Add(LO, DicomVRKind.Text, ValueKind.Text, W | C);
        Add(LT, DicomVRKind.Text, ValueKind.Text, W | B | C | S);
        Add(OB, DicomVRKind.Binary, ValueKind.Binary, B | L | S, 1);
        Add(OD, DicomVRKind.Binary, ValueKind.Binary, B | L | S, 8);
        Add(OF, DicomVRKind.Binary, ValueKind.Binary, B | L | S, 4);
        Add(OL, DicomVRKind.Binary, ValueKind.Binary, B | L | S, 4);
        Add(OV, DicomVRKind.Binary, ValueKind.Binary, B | L | S, 8);
        Add(OW, DicomVRKind.Binary, ValueKind.Binary, B | L | S, 2);
        Add(PN, DicomVRKind.Text, ValueKind.PersonName, W | C);
        Add(SH, DicomVRKind.Text, ValueKind.Text, W | C);
        Add(SL, DicomVRKind.Number, ValueKind.Integer, B, 4);
        Add(SQ, DicomVRKind.Sequence, ValueKind.Sequence, L | S);
        Add(SS, DicomVRKind.Number, ValueKind.Integer, B, 2);
        Add(ST, DicomVRKind.Text, ValueKind.Text, W | B | C | S);
        Add(SV, DicomVRKind.Number, ValueKind.VeryLong, B | L, 8);
        Add(TM, DicomVRKind.Text, ValueKind.Text, 0);
        Add(UC, DicomVRKind.Text, ValueKind.Text, W | B | C | L);
        Add(UI, DicomVRKind.Text, ValueKind.Text, 0);
        Add(UL, DicomVRKind.Number, ValueKind.Integer, B, 4);
        Add(UN, DicomVRKind.Binary, ValueKind.Binary, B | L | S, 1);
        Add(UR, DicomVRKind.Text, ValueKind.Text, W | L | S);
        Add(US, DicomVRKind.Number, ValueKind.Integer, B, 2);
        Add(UT, DicomVRKind.Text, ValueKind.Text, W | B | C | L | S);
        Add(UV, DicomVRKind.Number, ValueKind.VeryLong, B | L, 8);
        return rows;
    }

    private readonly record struct Facts(string? Code, DicomVRKind Kind, ValueKind Json, Traits Traits, byte ValueSize, byte Padding);

    [Flags]
    private enum Traits : byte
    {
        Wildcard = 1,
        BulkData = 2,
        LongLength = 4,
        SpecificCharacterSet = 8,
        SingleValue = 16,
    }

    /// <summary>Reads a two-letter VR code (upper case, as PS3.5 and PS3.18 write them).</summary>
    public static bool TryParse(ReadOnlySpan<char> code, out DicomVR vr)
    {
        vr = code.Length == 2 ? new DicomVR(code[0], code[1]) : default;
        return vr.Row.Code is not null;
    }

    /// <summary>Reads a two-letter VR code given as UTF-8 bytes, as in DICOM JSON and Part 10 files.</summary>
    public static bool TryParse(ReadOnlySpan<byte> code, out DicomVR vr)
    {
        vr = code.Length == 2 ? new DicomVR((char)code[0], (char)code[1]) : default;
        return vr.Row.Code is not null;
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
