using System.Buffers.Binary;
using System.Text;

namespace DicomWeb.Client;

/// <summary>
/// The UIDs a store needs from the head of a Part 10 file, read straight from its bytes: the file
/// meta information's SOP Class and Instance UIDs and transfer syntax, and the data set's own SOP
/// Instance UID (0008,0018), the elements before it walked over in ascending order. It builds no data set, so a
/// store of thousands of files leaves little garbage per file. Anything it does not expect (no
/// preamble, a deflated or big endian data set, a value of undefined length before (0008,0018),
/// no (0008,0018), the head ending first) answers false, and the caller reads the head with <see cref="DicomFile"/>,
/// which reads or names what is wrong.
/// </summary>
internal static class Part10Head
{
    public readonly record struct Uids(string? SopClassUid, string? SopInstanceUid, string TransferSyntaxUid, string? DatasetSopInstanceUid);

    private static readonly uint SopInstanceUidTag = DicomTags.SOPInstanceUID.Tag.Value;

    /// <summary>The UIDs, or false for a head left to DicomFile. <paramref name="sopClassUid"/>: a string the SOP Class UID is given as when equal (the class of the previous file), so a store of a series holds one.</summary>
    public static bool TryRead(ReadOnlySpan<byte> head, out Uids uids, string? sopClassUid = null)
    {
        uids = default;
        if (head.Length < 132 + 12 || !head.Slice(128, 4).SequenceEqual("DICM"u8))
            return false;
        string? sopClass = null, sopInstance = null, syntax = null;
        Range sopInstanceValue = default;
        int p = 132;
        uint previous = 0;
        bool first = true;
        // The meta group: explicit VR little endian, group 0002, tags ascending (else DicomFile names the disorder).
        while (p + 8 <= head.Length && BinaryPrimitives.ReadUInt16LittleEndian(head[p..]) == 0x0002)
        {
            if (!TryElement(head, ref p, explicitVR: true, out uint tag, out ReadOnlySpan<byte> value) || (!first && tag <= previous))
                return false;
            previous = tag;
            first = false;
            if (tag == DicomTags.MediaStorageSOPClassUID.Tag.Value)
            {
                ReadOnlySpan<byte> classValue = FirstValue(value);
                sopClass = sopClassUid is not null && Ascii.Equals(classValue, sopClassUid) ? sopClassUid : Text(classValue);
            }
            else if (tag == DicomTags.MediaStorageSOPInstanceUID.Tag.Value)
            {
                sopInstanceValue = new Range(p - value.Length, p); // TryElement has moved p past the value
                sopInstance = Text(FirstValue(value));
            }
            else if (tag == DicomTags.TransferSyntaxUID.Tag.Value)
                syntax = Text(FirstValue(value));
        }
        if (syntax is null)
            return false;
        // The data set up to (0008,0018), in the two little endian syntaxes every archive takes; the rest is DicomFile's.
        if (!DicomTransferSyntax.TryGet(syntax, out DicomTransferSyntax? transferSyntax) || transferSyntax.IsDeflated || transferSyntax.IsBigEndian)
            return false;
        bool explicitVR = transferSyntax.IsExplicitVR;
        string? datasetInstance = null;
        first = true;
        while (true)
        {
            // A head that ends before (0008,0018) or what follows it is a cut file: DicomFile names what is wrong.
            if (p + 8 > head.Length)
                return false;
            uint next = (uint)BinaryPrimitives.ReadUInt16LittleEndian(head[p..]) << 16 | BinaryPrimitives.ReadUInt16LittleEndian(head[(p + 2)..]);
            if (next > SopInstanceUidTag)
                return false; // no (0008,0018) where it belongs (or tags out of order): DicomFile looks further
            if (!TryElement(head, ref p, explicitVR, out uint tag, out ReadOnlySpan<byte> value) || (!first && tag <= previous))
                return false;
            previous = tag;
            first = false;
            if (tag == SopInstanceUidTag)
            {
                // The usual file repeats the meta group's UID: no second string for it.
                ReadOnlySpan<byte> instance = FirstValue(value);
                datasetInstance = sopInstance is not null && instance.SequenceEqual(FirstValue(head[sopInstanceValue])) ? sopInstance : Text(instance);
                break;
            }
        }
        uids = new Uids(sopClass, sopInstance, syntax, datasetInstance);
        return true;
    }

    /// <summary>One element at <paramref name="p"/>: its tag and value; false for an undefined length or a value past the head.</summary>
    private static bool TryElement(ReadOnlySpan<byte> head, ref int p, bool explicitVR, out uint tag, out ReadOnlySpan<byte> value)
    {
        value = default;
        tag = (uint)BinaryPrimitives.ReadUInt16LittleEndian(head[p..]) << 16 | BinaryPrimitives.ReadUInt16LittleEndian(head[(p + 2)..]);
        uint length;
        int header;
        if (!explicitVR)
        {
            length = BinaryPrimitives.ReadUInt32LittleEndian(head[(p + 4)..]);
            header = 8;
        }
        else if (!DicomVR.TryParse(head.Slice(p + 4, 2), out DicomVR vr))
        {
            return false;
        }
        else if (vr.HasLongLength)
        {
            if (p + 12 > head.Length)
                return false;
            length = BinaryPrimitives.ReadUInt32LittleEndian(head[(p + 8)..]);
            header = 12;
        }
        else
        {
            length = BinaryPrimitives.ReadUInt16LittleEndian(head[(p + 6)..]);
            header = 8;
        }
        if (length > (uint)(head.Length - p - header))
            return false; // undefined (0xFFFFFFFF) or past what was read
        value = head.Slice(p + header, (int)length);
        p += header + (int)length;
        return true;
    }

    // UIDs are ASCII padded with NUL (or, in the wild, a space); the first value is what DicomFile's getter gives.
    private static ReadOnlySpan<byte> FirstValue(ReadOnlySpan<byte> value)
    {
        int delimiter = value.IndexOf((byte)'\\');
        return (delimiter >= 0 ? value[..delimiter] : value).TrimEnd("\0 "u8);
    }

    // Bytes other than ASCII are taken as DicomFile takes them (Latin-1).
    private static string? Text(ReadOnlySpan<byte> value) => value.IsEmpty ? null : Encoding.Latin1.GetString(value);
}
