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

    // The VR each tag was last read with (or the dictionary's, for values holding objects): a guess for a value that comes before its "vr"
    // (Orthanc writes every attribute so). Entries are one 64-bit word (tag, code), written and read whole, so
    // threads may share the table without a lock; a wrong guess costs a second look at the value, never a wrong read.
    // 16,384 entries (128 KiB): a data set's tags, and those of many kinds of data set, rarely share a slot.
    private static readonly ulong[] Seen = new ulong[16384];

    private static int SlotOf(uint tag) => (int)((tag * 2654435761u) >> 18);

    /// <summary>
    /// The VR a tag was last read with; else, for a value holding objects (sequence items or a person
    /// name), the dictionary's; else default. The dictionary is not asked for other values: a binary
    /// search per attribute costs more than passing over a short value and reading it again once its
    /// "vr" comes, and after the first object of a response the tags are mostly ones read before.
    /// </summary>
    public static DicomVR Expected(uint tag, bool objectsInValue)
    {
        ulong entry = Volatile.Read(ref Seen[SlotOf(tag)]);
        if (entry != 0 && (uint)(entry >> 16) == tag && TryGet((byte)(entry >> 8), (byte)entry, out DicomVR seen))
            return seen;
        var dicomTag = new DicomTag(tag);
        if (!objectsInValue || dicomTag.IsPrivate || !DicomDictionary.TryGetEntry(dicomTag, out DicomDictionaryEntry known) || known.VR == default)
            return default;
        Learn(tag, known.VR);
        return known.VR;
    }

    /// <summary>Remembers the VR a tag was read with.</summary>
    public static void Learn(uint tag, DicomVR vr)
    {
        ulong entry = (ulong)tag << 16 | vr.Value;
        ref ulong seen = ref Seen[SlotOf(tag)];
        if (Volatile.Read(ref seen) != entry)
            Volatile.Write(ref seen, entry);
    }

    /// <summary>The VR of a code (its text, escapes decoded).</summary>
    public static bool TryParse(ReadOnlySpan<byte> code, out DicomVR vr)
    {
        vr = default;
        return code.Length == 2 && TryGet(code[0], code[1], out vr);
    }
}
