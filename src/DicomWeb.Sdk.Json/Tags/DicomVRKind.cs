namespace DicomWeb;

/// <summary>What a value of a VR is (PS3.5 Table 6.2-1): see <see cref="DicomVR.Kind"/>.</summary>
public enum DicomVRKind
{
    /// <summary>No VR (<c>default(DicomVR)</c>: items and delimiters).</summary>
    None,

    /// <summary>Character strings: AE AS CS DA DS DT IS LO LT PN SH ST TM UC UI UR UT.</summary>
    Text,

    /// <summary>Binary numbers of a fixed size: FD FL SL SS SV UL US UV.</summary>
    Number,

    /// <summary>Bytes read as a whole (the "Other" VRs and UN): in DICOM JSON always InlineBinary or a BulkDataURI.</summary>
    Binary,

    /// <summary>Tags of other attributes: AT.</summary>
    AttributeTag,

    /// <summary>Items of data sets: SQ.</summary>
    Sequence,
}
