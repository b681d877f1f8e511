namespace DicomWeb;

/// <summary>
/// What the DICOM dictionary (PS3.6) says about one tag: keyword, name, VR(s), VM and whether it
/// is retired. Returned by <see cref="DicomDictionary.TryGetEntry"/>; a struct over literals, so a
/// lookup allocates nothing.
/// </summary>
public readonly struct DicomDictionaryEntry
{
    private readonly DicomVR[] _vrs;
    private readonly uint _fixedMask;

    internal DicomDictionaryEntry(uint tag, uint fixedMask, string keyword, string name, DicomVR[] vrs, string valueMultiplicity, bool isRetired, bool isPrivate = false)
    {
        Tag = new DicomTag(tag);
        _fixedMask = fixedMask;
        Keyword = keyword;
        Name = name;
        _vrs = vrs;
        ValueMultiplicity = valueMultiplicity;
        IsRetired = isRetired;
        IsPrivate = isPrivate;
    }

    /// <summary>The tag that was looked up (for a repeating element such as (6002,3000), that tag, not the pattern).</summary>
    public DicomTag Tag { get; }

    /// <summary>The keyword, e.g. "PatientName"; empty for private tags and the few retired elements without one.</summary>
    public string Keyword { get; }

    /// <summary>The name, e.g. "Patient's Name".</summary>
    public string Name { get; }

    /// <summary>The VR, or the first of several ("US or SS"); <c>default</c> for items and delimiters.</summary>
    public DicomVR VR => _vrs is { Length: > 0 } ? _vrs[0] : default;

    /// <summary>All VRs the dictionary allows: one, several ("OB or OW"), or none for items and delimiters.</summary>
    public ReadOnlySpan<DicomVR> VRs => _vrs;

    /// <summary>The value multiplicity as PS3.6 gives it: "1", "1-n", "2-2n", "3"...</summary>
    public string ValueMultiplicity { get; }

    /// <summary>Whether the element is retired from the standard.</summary>
    public bool IsRetired { get; }

    /// <summary>Whether this is a private tag (odd group), which the standard does not define.</summary>
    public bool IsPrivate { get; }

    /// <summary>Whether the entry is a repeating element such as (60xx,3000) Overlay Data.</summary>
    public bool IsRepeating => _fixedMask != 0xFFFFFFFFu;

    /// <summary>The entry as PS3.6 writes it, e.g. "(0010,0010) PatientName PN 1".</summary>
    public override string ToString() => $"{Tag} {Keyword} {string.Join(" or ", _vrs ?? [])} {ValueMultiplicity}".Trim();
}
