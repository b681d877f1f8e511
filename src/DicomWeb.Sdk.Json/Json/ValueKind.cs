namespace DicomWeb.Json;

/// <summary>The JSON shape of a VR's values (PS3.18 Table F.2.3-1).</summary>
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

internal static class ValueKinds
{
    private const ushort PN = 'P' << 8 | 'N', AT = 'A' << 8 | 'T', DS = 'D' << 8 | 'S', IS = 'I' << 8 | 'S',
        US = 'U' << 8 | 'S', SS = 'S' << 8 | 'S', UL = 'U' << 8 | 'L', SL = 'S' << 8 | 'L', SV = 'S' << 8 | 'V',
        UV = 'U' << 8 | 'V', FL = 'F' << 8 | 'L', FD = 'F' << 8 | 'D', SQ = 'S' << 8 | 'Q', OB = 'O' << 8 | 'B',
        OD = 'O' << 8 | 'D', OF = 'O' << 8 | 'F', OL = 'O' << 8 | 'L', OV = 'O' << 8 | 'V', OW = 'O' << 8 | 'W',
        UN = 'U' << 8 | 'N', LT = 'L' << 8 | 'T', ST = 'S' << 8 | 'T', UC = 'U' << 8 | 'C', UT = 'U' << 8 | 'T';

    // Called for every element read: a switch on the VR's two letters, not on a string.
    public static ValueKind Of(DicomVR vr) => vr.Value switch
    {
        PN => ValueKind.PersonName,
        AT => ValueKind.AttributeTag,
        DS => ValueKind.DecimalString,
        IS => ValueKind.IntegerString,
        US or SS or UL or SL => ValueKind.Integer,
        SV or UV => ValueKind.VeryLong,
        FL or FD => ValueKind.Float,
        SQ => ValueKind.Sequence,
        OB or OD or OF or OL or OV or OW or UN => ValueKind.Binary,
        _ => ValueKind.Text,
    };

    /// <summary>VRs whose value may be a BulkDataURI (PS3.18 F.2.2).</summary>
    public static bool AllowsBulkDataUri(DicomVR vr) => vr.Value is
        DS or FL or FD or IS or LT or OB or OD or OF or OL or OV or OW or SL or SS or ST or SV or UC or UL or UN or US or UT or UV;
}
