using DicomWeb;
using DicomWeb.Tests;

namespace DicomWeb.Benchmarks;

/// <summary>
/// 1,000 synthetic Part 10 files (fixed seed; 16-bit pixels, about 40 attributes and a sequence
/// each): 128×128 (<see cref="Name"/>) or 512×512, a CT series' usual size (<see cref="CtName"/>),
/// written once to a folder of the temp directory and reused by later runs.
/// </summary>
public static class Part10Corpus
{
    public const string Name = "1,000 Part 10 files";
    public const string CtName = "1,000 CT files 512x512";

    private static readonly Lazy<(string[] Files, long Bytes, int Elements)> Made = new(() => Make("dicomweb-bench-part10-v1", 128));
    private static readonly Lazy<(string[] Files, long Bytes, int Elements)> MadeCt = new(() => Make("dicomweb-bench-part10-ct512-v1", 512));

    public static (string[] Files, long Bytes, int Elements) Get(string name = Name) => name == CtName ? MadeCt.Value : Made.Value;

    private static (string[] Files, long Bytes, int Elements) Make(string name, int size)
    {
        string folder = Path.Combine(Path.GetTempPath(), name);
        Directory.CreateDirectory(folder);
        var random = new Random(20261125);
        string study = "1.2.826.0.1.3680043.8.498.20261125";
        var files = new string[1000];
        int elements = 0;
        for (int i = 0; i < files.Length; i++)
        {
            string series = $"{study}.{i / 100}";
            var dataset = SyntheticInstances.Create(study, series, $"{series}.{i}", patientName: $"Bench^Patient{i % 10}", modality: "CT",
                instanceNumber: i, rows: size, columns: size, customize: d =>
                {
                    d.Set(DicomTags.BitsAllocated, (ushort)16).Set(DicomTags.BitsStored, (ushort)12).Set(DicomTags.HighBit, (ushort)11)
                     .Set(DicomTags.ImagePositionPatient, -125.5, -90.25, i * 1.25)
                     .Set(DicomTags.ImageOrientationPatient, 1, 0, 0, 0, 1, 0)
                     .Set(DicomTags.PixelSpacing, 0.48828125, 0.48828125)
                     .Set(DicomTags.SliceThickness, 1.25)
                     .Set(DicomTags.WindowCenter, 40).Set(DicomTags.WindowWidth, 400)
                     .Set(DicomTags.RescaleIntercept, -1024).Set(DicomTags.RescaleSlope, 1)
                     .Set(DicomTags.StudyDescription, "Benchmark chest CT").Set(DicomTags.SeriesDescription, $"Series {i / 100}")
                     .Set(DicomTags.ReferencedImageSequence, new DicomDataset().Set(DicomTags.ReferencedSOPClassUID, DicomUids.CTImageStorage).Set(DicomTags.ReferencedSOPInstanceUID, $"{series}.{Math.Max(0, i - 1)}"));
                    byte[] pixels = new byte[size * size * 2];
                    random.NextBytes(pixels);
                    d.Set(new BinaryTag(DicomTags.PixelData.Tag, DicomVR.OW), DicomBulkData.FromBytes(pixels));
                });
            elements += Count(dataset);
            files[i] = Path.Combine(folder, $"{i:0000}.dcm");
            if (!File.Exists(files[i]))
                DicomFile.Create(dataset).SaveAsync(files[i]).GetAwaiter().GetResult();
        }
        return (files, files.Sum(f => new FileInfo(f).Length), elements);
    }

    private static int Count(DicomDataset dataset) =>
        dataset.Sum(e => 1 + (e.Form == DicomValueForm.Sequence ? dataset.Get(new SequenceTag(e.Tag, DicomVR.SQ)).Sum(Count) : 0));
}
