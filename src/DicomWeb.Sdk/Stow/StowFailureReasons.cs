namespace DicomWeb.Client;

/// <summary>
/// What the FailureReason (0008,1197) and WarningReason (0008,1196) codes of a STOW-RS response
/// mean: the status codes of PS3.4 Annex B and PS3.18 Table I.2-1, and the codes known servers
/// use (Azure's DICOM service, Google Cloud Healthcare). Codes are US values; the standard writes
/// them in hex (0110H is 272, the code Google Cloud Healthcare sends with its private FailureDetail
/// (0009,0097), which the result's reason adds after the meaning).
/// </summary>
public static class StowFailureReasons
{
    /// <summary>0110H Processing failure (PS3.4 Table B.2-1): the store failed for a reason of its own.</summary>
    public const int ProcessingFailure = 0x0110;

    /// <summary>0111H Duplicate SOP Instance (PS3.7 C.4.2.1.4): a different instance with this SOP Instance UID is stored.</summary>
    public const int DuplicateSopInstance = 0x0111;

    /// <summary>A700H Refused: out of resources (PS3.18 Table I.2-2): the disk or a quota is full; A701H to A7FFH mean the same.</summary>
    public const int OutOfResources = 0xA700;

    /// <summary>A900H Error: data set does not match SOP Class (PS3.18 Table I.2-2), also what a store answers for an instance of another study than the request names.</summary>
    public const int DataSetDoesNotMatchSopClass = 0xA900;

    /// <summary>C000H Error: cannot understand (PS3.18 Table I.2-2): not a DICOM instance, or one without the UIDs a store needs; C001H to CFFFH mean the same.</summary>
    public const int CannotUnderstand = 0xC000;

    /// <summary>The meaning of a failure or warning code, e.g. "Processing failure (0110H)" for 272.</summary>
    public static string Describe(int code)
    {
        string meaning = code switch
        {
            ProcessingFailure => "Processing failure",
            DuplicateSopInstance => "Duplicate SOP Instance",
            0x0122 => "Refused: SOP Class not supported",
            0x0124 => "Refused: not authorized",
            0x0210 => "Duplicate invocation",
            0x0211 => "Unrecognized operation",
            0x0212 => "Mistyped argument",
            DataSetDoesNotMatchSopClass => "Error: data set does not match SOP Class (Azure: validation failed)",
            0xA901 => "Azure: the instance's Study Instance UID does not match the one in the request URL",
            0xB000 => "Warning: coercion of data elements",
            0xB006 => "Warning: elements discarded",
            0xB007 => "Warning: data set does not match SOP Class",
            0xB00E => "Azure: the instance already exists",
            0xB00F => "Azure: the instance is being created by another request",
            0xC122 => "Refused: transfer syntax not supported",
            >= OutOfResources and <= 0xA7FF => "Refused: out of resources",
            >= DataSetDoesNotMatchSopClass and <= 0xA9FF => "Error: data set does not match SOP Class",
            >= CannotUnderstand and <= 0xCFFF => "Error: cannot understand",
            _ => "Unknown code",
        };
        return $"{meaning} ({code:X4}H)";
    }
}
