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
/// Bulk data read from Part 10 or set from bytes is held as the bytes themselves
/// (<see cref="RawBytes"/>): base64 text is made only when DICOM JSON is written.
/// </summary>
internal struct ElementSlot
{
    public uint Tag;
    public DicomVR VR;
    public DicomValueForm Form;

    /// <summary>
    /// For InlineBinary: <see cref="Buffer"/> holds the value's bytes (little endian), not their
    /// base64 JSON string. The buffer may be shared (a file's bytes, an arena chunk): never written to.
    /// </summary>
    public bool RawBytes
    {
        readonly get => (_flags & SlotFlags.RawBytes) != 0;
        set => _flags = value ? _flags | SlotFlags.RawBytes : _flags & ~SlotFlags.RawBytes;
    }

    /// <summary>
    /// For Values: <see cref="Buffer"/> holds the array exactly as DicomJsonWriter writes it
    /// (compact, every entry in its canonical form), so it can be written as it is.
    /// </summary>
    public bool Canonical
    {
        readonly get => (_flags & SlotFlags.Canonical) != 0;
        set => _flags = value ? _flags | SlotFlags.Canonical : _flags & ~SlotFlags.Canonical;
    }

    // One byte for both flags keeps the slot at 24 bytes (a bool more would pad it to 32).
    private SlotFlags _flags;

    [Flags]
    private enum SlotFlags : byte { RawBytes = 1, Canonical = 2 }

    /// <summary>UTF-8 JSON: for Values the array "[...]", for InlineBinary and BulkDataURI the string token with its quotes (or the bytes, see <see cref="RawBytes"/>).</summary>
    public byte[]? Buffer
    {
        readonly get => _value as byte[];
        set => _value = value;
    }

    public int Start;
    public int Length;

    /// <summary>The items of a sequence.</summary>
    public DicomDataset[]? Items
    {
        readonly get => _value as DicomDataset[];
        set => _value = value;
    }

    // A slot holds either value bytes or items, never both: one field for them keeps the slot at 24
    // bytes rather than 32, which is a quarter of what a data set read from JSON allocates per element.
    private object? _value;

    /// <summary>The value in DICOM JSON form; for raw bytes their base64 string, made on each call (the JSON writer's path, not the getters').</summary>
    public readonly ReadOnlySpan<byte> Json => RawBytes ? Base64Json(Buffer.AsSpan(Start, Length)) : Buffer.AsSpan(Start, Length);

    /// <summary>The bytes of a raw InlineBinary value.</summary>
    public readonly ReadOnlyMemory<byte> Bytes => Buffer.AsMemory(Start, Length);

    /// <summary>A raw InlineBinary slot over <paramref name="length"/> bytes of <paramref name="buffer"/> from <paramref name="start"/>.</summary>
    public static ElementSlot Binary(uint tag, DicomVR vr, byte[] buffer, int start, int length) =>
        new() { Tag = tag, VR = vr, Form = DicomValueForm.InlineBinary, RawBytes = true, Buffer = buffer, Start = start, Length = length };

    private static byte[] Base64Json(ReadOnlySpan<byte> bytes)
    {
        int encoded = System.Buffers.Text.Base64.GetMaxEncodedToUtf8Length(bytes.Length);
        byte[] json = new byte[encoded + 2];
        json[0] = json[^1] = (byte)'"';
        System.Buffers.Text.Base64.EncodeToUtf8(bytes, json.AsSpan(1, encoded), out _, out _);
        return json;
    }
}
