// Writes N instances of one study (512 KiB of pixels each, like tests/DicomWeb.Benchmarks/WadoStudy.cs)
// into a folder, for cli-vs-curl.sh:  dotnet run make-study.cs -- FOLDER N
#:project ../../../src/DicomWeb.Sdk.Json/DicomWeb.Sdk.Json.csproj
using DicomWeb;
using static DicomWeb.DicomTags;

string folder = args[0];
int count = int.Parse(args[1]);
Directory.CreateDirectory(folder);
string study = "1.2.826.0.1.3680043.8.498.77." + count;
byte[] pixels = new byte[512 * 1024];
for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7);
for (int i = 0; i < count; i++)
{
    string series = study + "." + (i / 100 + 1);
    var dataset = new DicomDataset()
        .Set(SOPClassUID, DicomUids.SecondaryCaptureImageStorage)
        .Set(SOPInstanceUID, series + "." + i)
        .Set(StudyDate, new DicomDate(new DateOnly(2025, 1, 15)))
        .Set(Modality, "OT")
        .Set(PatientName, DicomWeb.PersonName.Parse("Bench^Cli"))
        .Set(PatientID, "BENCH-CLI")
        .Set(StudyInstanceUID, study)
        .Set(SeriesInstanceUID, series)
        .Set(InstanceNumber, i + 1)
        .Set(SamplesPerPixel, (ushort)1)
        .Set(PhotometricInterpretation, "MONOCHROME2")
        .Set(Rows, (ushort)512)
        .Set(Columns, (ushort)1024)
        .Set(BitsAllocated, (ushort)8)
        .Set(BitsStored, (ushort)8)
        .Set(HighBit, (ushort)7)
        .Set(PixelRepresentation, (ushort)0)
        .Set(new BinaryTag(PixelData.Tag, DicomVR.OB), DicomBulkData.FromBytes(pixels));
    await DicomFile.Create(dataset).SaveAsync(Path.Combine(folder, $"{i:D5}.dcm"));
}
Console.WriteLine(study);
