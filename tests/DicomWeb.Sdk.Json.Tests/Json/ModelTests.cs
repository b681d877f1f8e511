using DicomWeb.Json;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Json;

[DicomJsonModel]
public partial record StudyRow
{
    public string? StudyInstanceUID { get; init; }
    public PersonName? PatientName { get; init; }
    public DicomDate? StudyDate { get; init; }
    public IReadOnlyList<string> ModalitiesInStudy { get; init; } = [];
}

[DicomJsonModel]
public partial class InstanceRow
{
    public string SOPInstanceUID { get; set; } = "";
    [DicomTag("InstanceNumber")] public int? Number { get; set; }
    public DateOnly? ContentDate { get; set; }
    public TimeOnly? ContentTime { get; set; }
    public ushort Rows { get; set; }
    public double[] ImagePositionPatient { get; set; } = [];
    public IReadOnlyList<double?> PixelSpacing { get; set; } = [];
    public int? SmallestImagePixelValue { get; set; }
    public float? RecommendedDisplayFrameRateInFloat { get; set; }
    public DicomTag? DimensionIndexPointer { get; set; }
    public DicomBulkData? PixelData { get; set; }
    public IReadOnlyList<ReferencedSeries> ReferencedSeriesSequence { get; set; } = [];
    public DicomDataset? ReferencedImageSequence { get; set; }
    [DicomTag(0x0009, 0x1001, VR = "LO")] public string? PrivateNote { get; set; }
    [DicomTag(0x0008, 0x0090)] public string? ReferringPhysician { get; set; }

    [DicomJsonModel]
    public partial record ReferencedSeries
    {
        public string? SeriesInstanceUID { get; init; }
    }
}

public class ModelTests
{
    private const string Study = """
        {"00080020":{"vr":"DA","Value":["20250115"]},"00080061":{"vr":"CS","Value":["CT","PT"]},
         "00081030":{"vr":"LO","Value":["not declared, skipped"]},
         "00081115":{"vr":"SQ","Value":[{"0020000E":{"vr":"UI","Value":["9.9"]}}]},
         "00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]},"0020000D":{"vr":"UI","Value":["1.2.3"]}}
        """;

    [Fact]
    public void The_design_contract_model_reads_only_its_tags()
    {
        StudyRow row = DicomJson.Deserialize<StudyRow>(System.Text.Encoding.UTF8.GetBytes(Study));
        Assert.Equal("1.2.3", row.StudyInstanceUID);
        Assert.Equal("Doe^Jane", row.PatientName?.ToString());
        Assert.Equal("20250115", row.StudyDate?.ToString());
        Assert.Equal(["CT", "PT"], row.ModalitiesInStudy);
        Assert.Equal([StudyDate, ModalitiesInStudy, (DicomTag)PatientName, StudyInstanceUID], ModelTags<StudyRow>());
    }

    [Fact]
    public void A_model_reads_the_same_values_as_the_data_set_and_writes_equal_json()
    {
        byte[] json = System.Text.Encoding.UTF8.GetBytes(Study);
        StudyRow row = DicomJson.Deserialize<StudyRow>(json);
        DicomDataset written = DicomJson.Deserialize(DicomJson.SerializeToUtf8Bytes(row));
        DicomDataset original = DicomJson.Deserialize(json);
        foreach (DicomTag tag in ModelTags<StudyRow>())
            Assert.Equal(original.GetStrings(tag), written.GetStrings(tag));
        Assert.Equal(4, written.Count);
    }

    [Fact]
    public void Every_supported_property_type_round_trips()
    {
        var instance = new InstanceRow
        {
            SOPInstanceUID = "1.2.3.4",
            Number = 7,
            ContentDate = new DateOnly(2025, 1, 15),
            ContentTime = new TimeOnly(14, 30, 5),
            Rows = 512,
            ImagePositionPatient = [1.5, -2, 1e-7],
            PixelSpacing = [0.5, null],
            SmallestImagePixelValue = -1024,
            RecommendedDisplayFrameRateInFloat = 29.97f,
            DimensionIndexPointer = PatientName,
            PixelData = DicomBulkData.FromBytes(new byte[] { 1, 2, 3 }),
            ReferencedSeriesSequence = [new() { SeriesInstanceUID = "5.6" }, new()],
            ReferencedImageSequence = new DicomDataset().Set(ReferencedSOPInstanceUID, "7.8"),
            PrivateNote = "note",
            ReferringPhysician = "Who^Dr",
        };
        byte[] json = DicomJson.SerializeToUtf8Bytes(instance);
        var back = DicomJson.Deserialize<InstanceRow>(json);
        Assert.Equal("1.2.3.4", back.SOPInstanceUID);
        Assert.Equal(7, back.Number);
        Assert.Equal(new DateOnly(2025, 1, 15), back.ContentDate);
        Assert.Equal(new TimeOnly(14, 30, 5), back.ContentTime);
        Assert.Equal((ushort)512, back.Rows);
        Assert.Equal([1.5, -2, 1e-7], back.ImagePositionPatient);
        Assert.Equal([0.5, null], back.PixelSpacing);
        Assert.Equal(-1024, back.SmallestImagePixelValue);
        Assert.Equal(29.97f, back.RecommendedDisplayFrameRateInFloat);
        Assert.Equal(PatientName, back.DimensionIndexPointer);
        Assert.Equal([1, 2, 3], back.PixelData!.Bytes!.Value.ToArray());
        Assert.Equal(["5.6", null], back.ReferencedSeriesSequence.Select(s => s.SeriesInstanceUID));
        Assert.Equal("7.8", back.ReferencedImageSequence!.Get(ReferencedSOPInstanceUID));
        Assert.Equal("note", back.PrivateNote);
        Assert.Equal("Who^Dr", back.ReferringPhysician);

        // What the model wrote is valid DICOM JSON that the strict reader accepts, with the VRs of the dictionary.
        DicomDataset dataset = DicomJson.Deserialize(json);
        Assert.Equal(DicomVR.SS, dataset.Single(e => e.Tag == SmallestImagePixelValue).VR); // "US or SS", negative: SS
        Assert.Equal(DicomVR.LO, dataset.Single(e => e.Tag == new DicomTag(0x0009, 0x1001)).VR);
        Assert.Equal(15, dataset.Count);
    }

    [Fact]
    public void Absent_attributes_leave_defaults_and_arrays_of_models_read()
    {
        var rows = DicomJson.DeserializeArray<StudyRow>("""[{"0020000D":{"vr":"UI","Value":["1"]}},{}]"""u8);
        Assert.Equal(2, rows.Count);
        Assert.Equal("1", rows[0].StudyInstanceUID);
        Assert.Empty(rows[0].ModalitiesInStudy);
        Assert.Null(rows[1].PatientName);
        Assert.Single(DicomJson.DeserializeArray<StudyRow>(System.Text.Encoding.UTF8.GetBytes(Study)));
    }

    [Fact]
    public void Wrong_values_and_broken_json_raise_DicomJsonException_naming_the_tag()
    {
        var wrong = Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize<InstanceRow>("""{"00200013":{"vr":"IS","Value":[{"x":1}]}}"""u8));
        Assert.Equal("$.00200013.Value[0]", wrong.Path); // checked by the generic rules first, which name the value
        var nullInList = Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize<InstanceRow>("""{"00200032":{"vr":"DS","Value":[1,null,3]}}"""u8));
        Assert.Contains("use Double?", nullInList.Message, StringComparison.Ordinal);
        var truncated = Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize<StudyRow>("""{"0020000D":{"vr":"UI","Value":["1"""u8));
        Assert.Contains("truncated", truncated.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<DicomTag> ModelTags<T>() where T : IDicomJsonModel<T> => T.DicomTags;
}
