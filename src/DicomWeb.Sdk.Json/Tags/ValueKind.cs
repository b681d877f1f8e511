namespace DicomWeb.Json;

/// <summary>
/// The JSON shape of a VR's values (PS3.18 Table F.2.3-1): a column of the VR table (<see cref="DicomVR.JsonKind"/>),
/// so it lives beside DicomVR; the JSON readers and writers switch on it.
/// </summary>
internal enum ValueKind : byte
{
    /// <summary>JSON strings: AE AS CS DA DT LO LT SH ST TM UC UI UR UT.</summary>
    Text,
    PersonName,
    AttributeTag,
    /// <summary>DS: a number, or a string holding DS text.</summary>
    DecimalString,
    /// <summary>IS: an integer, or a string holding IS text.</summary>
    IntegerString,
    /// <summary>US SS UL SL: JSON numbers in the VR's range.</summary>
    Integer,
    /// <summary>SV UV: JSON numbers, or strings where a number would lose precision.</summary>
    VeryLong,
    /// <summary>FL FD: JSON numbers.</summary>
    Float,
    Sequence,
    /// <summary>OB OD OF OL OV OW UN: InlineBinary or BulkDataURI only.</summary>
    Binary,
}
