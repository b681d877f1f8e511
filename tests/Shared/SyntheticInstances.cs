using static DicomWeb.DicomTags;

namespace DicomWeb.Tests;

/// <summary>
/// Synthetic DICOM instances with chosen attributes, for tests that need files (integration
/// tests store them to a server; Part 10 tests read them back). Pixel data is a gradient, so the
/// image is valid and small.
/// </summary>
public static class SyntheticInstances
{
    /// <summary>A secondary-capture-like instance: patient, study, series and instance attributes, plus 8-bit pixels.</summary>
    public static DicomDataset Create(
        string studyInstanceUid,
        string seriesInstanceUid,
        string sopInstanceUid,
        string patientName = "Test^Patient",
        string patientId = "TEST-1",
        string modality = "OT",
        DateOnly? studyDate = null,
        int instanceNumber = 1,
        int rows = 16,
        int columns = 16,
        int frames = 1,
        Action<DicomDataset>? customize = null)
    {
        byte[] pixels = new byte[rows * columns * frames];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (byte)(i * 7);
        var dataset = new DicomDataset()
            .Set(SpecificCharacterSet, "ISO_IR 192")
            .Set(SOPClassUID, frames > 1 ? DicomUids.MultiFrameGrayscaleByteSecondaryCaptureImageStorage : DicomUids.SecondaryCaptureImageStorage)
            .Set(SOPInstanceUID, sopInstanceUid)
            .Set(StudyDate, new DicomDate(studyDate ?? new DateOnly(2025, 1, 15)))
            .Set(StudyTime, DicomTime.Parse("101500"))
            .Set(Modality, modality)
            .Set(PatientName, PersonName.Parse(patientName))
            .Set(PatientID, patientId)
            .Set(StudyInstanceUID, studyInstanceUid)
            .Set(SeriesInstanceUID, seriesInstanceUid)
            .Set(InstanceNumber, instanceNumber)
            .Set(SamplesPerPixel, (ushort)1)
            .Set(PhotometricInterpretation, "MONOCHROME2")
            .Set(Rows, (ushort)rows)
            .Set(Columns, (ushort)columns)
            .Set(BitsAllocated, (ushort)8)
            .Set(BitsStored, (ushort)8)
            .Set(HighBit, (ushort)7)
            .Set(PixelRepresentation, (ushort)0)
            .Set(new BinaryTag(PixelData.Tag, DicomVR.OB), DicomBulkData.FromBytes(pixels)); // 8-bit pixels: OB
        if (frames > 1)
            dataset.Set(NumberOfFrames, frames);
        customize?.Invoke(dataset);
        return dataset;
    }

    /// <summary>A new UID under the 2.25 root (PS3.5 B.2), unique per call.</summary>
    public static string NewUid() => DicomUid.Generate();

    /// <summary>The instance as Part 10 bytes (explicit VR little endian).</summary>
    public static byte[] Part10(DicomDataset dataset)
    {
        using var buffer = new MemoryStream();
        DicomFile.Create(dataset).SaveAsync(buffer).GetAwaiter().GetResult();
        return buffer.ToArray();
    }

    /// <summary>Writes the instance as a Part 10 file.</summary>
    public static async Task<string> WriteFileAsync(DicomDataset dataset, string folder, string? transferSyntaxUid = null)
    {
        string path = Path.Combine(folder, dataset.Get(SOPInstanceUID) + ".dcm");
        await DicomFile.Create(dataset, transferSyntaxUid ?? DicomUids.ExplicitVRLittleEndian).SaveAsync(path);
        return path;
    }
}
