using static DicomWeb.DicomTags;

namespace DicomWeb.QuickStart;

/// <summary>
/// The three instances of the well-known DICOMweb tutorial, made here in code with the tutorial's
/// own UIDs: a green square and a red triangle in one series, a blue circle in another, as
/// Secondary Capture RGB images of 100x100 pixels.
/// </summary>
public static class TutorialInstances
{
    public const string StudyInstanceUid = "1.2.826.0.1.3680043.8.498.13230779778012324449356534479549187420";
    public const string ShapesASeriesUid = "1.2.826.0.1.3680043.8.498.45787841905473114233124723359129632652";
    public const string ShapesBSeriesUid = "1.2.826.0.1.3680043.8.498.77033797676425927098669402985243398207";
    public const string GreenSquareUid = "1.2.826.0.1.3680043.8.498.12714725698140337137334606354172323212";
    public const string RedTriangleUid = "1.2.826.0.1.3680043.8.498.47359123102728459884412887463296905395";
    public const string BlueCircleUid = "1.2.826.0.1.3680043.8.498.13273713909719068980354078852867170114";
    public const int Size = 100;

    /// <summary>The three instances, in the tutorial's order.</summary>
    public static IReadOnlyList<DicomDataset> Create() =>
    [
        Instance(ShapesASeriesUid, GreenSquareUid, "Shapes A", 1, 1, (0, 255, 0), (x, y) => x is >= 25 and < 75 && y is >= 25 and < 75),
        Instance(ShapesASeriesUid, RedTriangleUid, "Shapes A", 1, 2, (255, 0, 0), (x, y) => y is >= 20 and < 80 && Math.Abs(x - 50) <= (y - 20) / 2),
        Instance(ShapesBSeriesUid, BlueCircleUid, "Shapes B", 2, 3, (0, 0, 255), (x, y) => (x - 50) * (x - 50) + (y - 50) * (y - 50) <= 30 * 30),
    ];

    private static DicomDataset Instance(string series, string sop, string seriesDescription, int seriesNumber, int instanceNumber,
        (byte R, byte G, byte B) color, Func<int, int, bool> inside)
    {
        byte[] pixels = new byte[Size * Size * 3];
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                if (!inside(x, y))
                    continue;
                int at = (y * Size + x) * 3;
                (pixels[at], pixels[at + 1], pixels[at + 2]) = color;
            }
        }
        return new DicomDataset()
            .Set(SpecificCharacterSet, "ISO_IR 100")
            .Set(ImageType, "DERIVED", "SECONDARY")
            .Set(SOPClassUID, DicomUids.SecondaryCaptureImageStorage)
            .Set(SOPInstanceUID, sop)
            .Set(StudyDate, new DicomDate(new DateOnly(2024, 3, 15)))
            .Set(SeriesDate, new DicomDate(new DateOnly(2024, 3, 15)))
            .Set(StudyTime, DicomTime.Parse("120000"))
            .Set(SeriesTime, DicomTime.Parse("120000"))
            .Set(AccessionNumber, "TUTORIAL1")
            .Set(Modality, "OT")
            .Set(ConversionType, "WSD")
            .Set(StudyDescription, "DICOMweb tutorial shapes")
            .Set(SeriesDescription, seriesDescription)
            .Set(PatientName, PersonName.Parse("Tutorial^Shapes"))
            .Set(PatientID, "TUTORIAL-001")
            .Set(PatientBirthDate, new DicomDate(new DateOnly(1980, 1, 1)))
            .Set(PatientSex, "O")
            .Set(StudyInstanceUID, StudyInstanceUid)
            .Set(SeriesInstanceUID, series)
            .Set(StudyID, "TUT1")
            .Set(SeriesNumber, seriesNumber)
            .Set(InstanceNumber, instanceNumber)
            .Set(SamplesPerPixel, (ushort)3)
            .Set(PhotometricInterpretation, "RGB")
            .Set(PlanarConfiguration, (ushort)0)
            .Set(Rows, (ushort)Size)
            .Set(Columns, (ushort)Size)
            .Set(BitsAllocated, (ushort)8)
            .Set(BitsStored, (ushort)8)
            .Set(HighBit, (ushort)7)
            .Set(PixelRepresentation, (ushort)0)
            .Set(new BinaryTag(PixelData.Tag, DicomVR.OB), DicomBulkData.FromBytes(pixels));
    }
}
