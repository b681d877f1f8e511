namespace DicomWeb;

/// <summary>
/// One hit of <see cref="DicomDictionary.Search"/>: a data element (a repeating one as its
/// pattern, e.g. (60xx,3000)) or a registered UID, with how well it matched.
/// </summary>
public sealed class DicomDictionaryMatch
{
    internal DicomDictionaryMatch(string key, int rank, DicomDictionaryEntry? element, DicomUidInfo? uid)
    {
        Key = key;
        Rank = rank;
        Element = element;
        Uid = uid;
    }

    /// <summary>
    /// What identifies the hit, as the tag-lookup site uses it for anchors: the tag's eight hex
    /// digits ("00100010", "60xx3000" for a repeating element) or the UID.
    /// </summary>
    public string Key { get; }

    /// <summary>How the query matched, best first: 0 keyword or exact tag/UID, 1 name or a tag of a repeating group, 2 VR, 3 keyword/tag/UID prefix, 4 words of the name, 5 part of keyword or name.</summary>
    public int Rank { get; }

    /// <summary>The element, or null for a UID. For a repeating element <see cref="DicomDictionaryEntry.Tag"/> has each x as 0.</summary>
    public DicomDictionaryEntry? Element { get; }

    /// <summary>The UID, or null for an element. <see cref="DicomTransferSyntax.TryGet"/> tells more about a transfer syntax.</summary>
    public DicomUidInfo? Uid { get; }

    /// <summary>The keyword; empty for the few retired entries without one.</summary>
    public string Keyword => Element?.Keyword ?? Uid?.Keyword ?? string.Empty;

    /// <summary>The name, e.g. "Patient's Name" or "Explicit VR Little Endian".</summary>
    public string Name => Element?.Name ?? Uid?.Name ?? string.Empty;

    /// <summary>Whether the element or UID is retired from the standard.</summary>
    public bool IsRetired => Element?.IsRetired ?? Uid?.IsRetired ?? false;

    /// <summary>The tag as PS3.6 writes it ("(0010,0010)", "(60xx,3000)") or the UID, then keyword and name.</summary>
    public override string ToString() =>
        Element is not null ? $"({Key[..4]},{Key[4..]}) {Keyword} {Name}" : $"{Key} {Keyword} {Name}";
}
