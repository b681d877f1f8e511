namespace DicomWeb;

/// <summary>
/// The DICOM data dictionary (PS3.6, PS3.7): tag to entry, keyword to tag and back. The tables are
/// generated from data/dictionary as static data (sorted tag and keyword tables searched by
/// halving), so nothing is parsed at run time and a lookup allocates nothing.
/// </summary>
/// <example><code>
/// DicomDictionary.TryGetTag("StudyDate", out DicomTag tag);          // (0008,0020)
/// DicomDictionary.TryGetEntry(tag, out var entry);                    // entry.Name == "Study Date"
/// string? keyword = DicomDictionary.GetKeyword(new DicomTag(0x6002, 0x3000)); // "OverlayData"
/// </code></example>
public static partial class DicomDictionary
{
    private static readonly DicomVR[] PrivateCreatorVRs = [DicomVR.LO];
    private static readonly DicomVR[] PrivateDataVRs = [DicomVR.UN];

    /// <summary>
    /// The entry for a tag: an element of the standard (repeating groups such as (60xx,3000)
    /// included), or for a private tag an entry with <see cref="DicomDictionaryEntry.IsPrivate"/>
    /// set: "Private Creator" (VR LO) for (gggg,0010-00FF), else "Private Data" (VR UN, as the
    /// standard's dictionary cannot know it).
    /// </summary>
    public static bool TryGetEntry(DicomTag tag, out DicomDictionaryEntry entry)
    {
        int index = Array.BinarySearch(EntryTags, 0, ExactCount, tag.Value);
        if (index >= 0)
        {
            entry = EntryAt(index, tag.Value);
            return true;
        }
        if (tag.IsPrivate)
        {
            entry = tag.IsPrivateCreator
                ? new DicomDictionaryEntry(tag.Value, 0xFFFFFFFFu, string.Empty, "Private Creator", PrivateCreatorVRs, "1", isRetired: false, isPrivate: true)
                : new DicomDictionaryEntry(tag.Value, 0xFFFFFFFFu, string.Empty, "Private Data", PrivateDataVRs, "1", isRetired: false, isPrivate: true);
            return true;
        }
        ReadOnlySpan<uint> patterns = EntryTags.AsSpan(ExactCount);
        ReadOnlySpan<uint> masks = RepeatingMasks;
        for (int i = 0; i < patterns.Length; i++)
        {
            if ((tag.Value & masks[i]) == patterns[i])
            {
                entry = EntryAt(ExactCount + i, tag.Value);
                return true;
            }
        }
        entry = default;
        return false;
    }

    /// <summary>The keyword of a tag of the standard, e.g. "PatientName"; null for private and unknown tags.</summary>
    public static string? GetKeyword(DicomTag tag) =>
        TryGetEntry(tag, out DicomDictionaryEntry entry) && entry.Keyword.Length > 0 ? entry.Keyword : null;

    /// <summary>
    /// The tag of a keyword (case-sensitive, as PS3.6 spells it). A repeating element gives the
    /// first tag that fits its pattern and is not another element: "OverlayData" gives (6000,3000),
    /// "RowsForNthOrderCoefficients" (0028,04x0) gives (0028,0410).
    /// </summary>
    public static bool TryGetTag(ReadOnlySpan<char> keyword, out DicomTag tag)
    {
        ushort[] order = KeywordOrder;
        int low = 0, high = order.Length - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            int comparison = EntryKeywords[order[middle]].AsSpan().SequenceCompareTo(keyword);
            if (comparison == 0)
            {
                int index = order[middle];
                tag = new DicomTag(index < ExactCount ? EntryTags[index] : RepeatingFirstTags[index - ExactCount]);
                return true;
            }
            if (comparison < 0)
                low = middle + 1;
            else
                high = middle - 1;
        }
        tag = default;
        return false;
    }

    /// <inheritdoc cref="TryGetTag(ReadOnlySpan{char}, out DicomTag)"/>
    public static bool TryGetTag(string keyword, out DicomTag tag) => TryGetTag(keyword.AsSpan(), out tag);

    private static DicomDictionaryEntry EntryAt(int index, uint tag)
    {
        byte flags = EntryFlags[index];
        return new DicomDictionaryEntry(
            tag,
            index < ExactCount ? 0xFFFFFFFFu : RepeatingMasks[index - ExactCount],
            EntryKeywords[index],
            EntryNames[index],
            VRSets[flags >> 1],
            ValueMultiplicities[EntryVMs[index]],
            isRetired: (flags & 1) != 0);
    }
}
