namespace DicomWeb;

/// <summary>How an element's value is held.</summary>
public enum DicomValueForm : byte
{
    /// <summary>No value (zero length): DICOM JSON without Value, InlineBinary or BulkDataURI.</summary>
    Empty,

    /// <summary>One or more values (DICOM JSON "Value").</summary>
    Values,

    /// <summary>Bytes inline (DICOM JSON "InlineBinary").</summary>
    InlineBinary,

    /// <summary>A reference to the bytes (DICOM JSON "BulkDataURI").</summary>
    BulkDataUri,

    /// <summary>Sequence items.</summary>
    Sequence,
}

/// <summary>
/// One element of a <see cref="DicomDataset"/>. Values stay in their DICOM JSON form (UTF-8) until
/// a getter asks for them: reading a data set costs a pass over the bytes, not a decode of every value.
/// </summary>
internal struct ElementSlot
{
    public uint Tag;
    public DicomVR VR;
    public DicomValueForm Form;

    /// <summary>UTF-8 JSON: for Values the array "[...]", for InlineBinary and BulkDataURI the string token with its quotes.</summary>
    public byte[]? Buffer;
    public int Start;
    public int Length;

    /// <summary>The items of a sequence.</summary>
    public DicomDataset[]? Items;

    public readonly ReadOnlySpan<byte> Json => Buffer.AsSpan(Start, Length);
}
