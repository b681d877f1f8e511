namespace DicomWeb.Json;

/// <summary>The 34 VRs by their two letters, as every reader looks them up ("vr" of every attribute).</summary>
internal static class VRCodes
{
    // 26 × 26 entries, default where there is none: one array read per attribute, no string, no switch.
    private static readonly DicomVR[] Table = MakeTable();

    private static DicomVR[] MakeTable()
    {
        var table = new DicomVR[26 * 26];
        for (int i = 0; i < table.Length; i++)
        {
            if (DicomVR.TryParse([(byte)('A' + i / 26), (byte)('A' + i % 26)], out DicomVR vr))
                table[i] = vr;
        }
        return table;
    }

    /// <summary>The VR of two uppercase letters.</summary>
    public static bool TryGet(byte first, byte second, out DicomVR vr)
    {
        uint a = (uint)(first - 'A'), b = (uint)(second - 'A');
        vr = a < 26 && b < 26 ? Table[a * 26 + b] : default;
        return vr != default;
    }

    /// <summary>The VR of a code (its text, escapes decoded).</summary>
    public static bool TryParse(ReadOnlySpan<byte> code, out DicomVR vr)
    {
        vr = default;
        return code.Length == 2 && TryGet(code[0], code[1], out vr);
    }
}
