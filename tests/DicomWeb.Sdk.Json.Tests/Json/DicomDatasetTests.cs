using DicomWeb.Json;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Json;

public class DicomDatasetTests
{
    [Fact]
    public void The_design_contract_for_getters_holds()
    {
        var study = DicomJson.Deserialize("""
            {"00080020":{"vr":"DA","Value":["20250115"]},"00080061":{"vr":"CS","Value":["CT","PT"]},
             "00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]},"0020000D":{"vr":"UI","Value":["1.2.3"]},
             "00201208":{"vr":"IS","Value":[42]}}
            """);
        string? uid = study.Get(StudyInstanceUID);
        PersonName? name = study.Get(PatientName);
        DicomDate? date = study.Get(StudyDate);
        int? count = study.Get(NumberOfStudyRelatedInstances);
        IReadOnlyList<string> modalities = study.GetAll(ModalitiesInStudy);
        Assert.Equal("1.2.3", uid);
        Assert.Equal("Doe^Jane", name?.ToString());
        Assert.Equal("20250115", date?.ToString());
        Assert.Equal(new DateOnly(2025, 1, 15), date?.ToDateOnly());
        Assert.Equal(42, count);
        Assert.Equal(["CT", "PT"], modalities);
    }

    [Fact]
    public void Set_replaces_remove_deletes_and_elements_stay_in_tag_order()
    {
        var dataset = new DicomDataset()
            .Set(PixelData, DicomBulkData.FromBytes(new byte[] { 1, 2 }))
            .Set(PatientID, "A")
            .Set(StudyDate, new DicomDate(new DateOnly(2024, 2, 29)))
            .Set(PatientID, "B", "C");
        Assert.Equal([StudyDate, (DicomTag)PatientID, PixelData], dataset.Select(e => e.Tag));
        Assert.Equal(["B", "C"], dataset.GetAll(PatientID));
        Assert.True(dataset.Remove(PatientID));
        Assert.False(dataset.Remove(PatientID));
        Assert.Equal(2, dataset.Count);
        Assert.Null(dataset.Get(PatientID));
    }

    [Fact]
    public void Values_set_through_the_API_read_back_unchanged()
    {
        var item = new DicomDataset().Set(ReferencedSOPInstanceUID, "1.2.3.4");
        var dataset = new DicomDataset()
            .Set(PatientName, new PersonName("Doe^Jane", "ドウ"))
            .Set(StudyTime, DicomTime.Parse("143005.25"))
            .Set(SliceThickness, 0.1 + 0.2)
            .Set(SmallestImagePixelValue, -5)
            .Set(DiffusionGradientOrientation, 1.0, -0.5, 0.25)
            .Set(ReferencedImageSequence, item, new DicomDataset())
            .Set(DimensionIndexPointer, PatientName);
        var back = DicomJson.Deserialize(DicomJson.SerializeToUtf8Bytes(dataset));
        Assert.Equal("ドウ", back.Get(PatientName)!.Ideographic);
        Assert.Equal(new TimeOnly(14, 30, 5, 250), back.Get(StudyTime)!.Value.ToTimeOnly());
        Assert.Equal(0.1 + 0.2, back.Get(SliceThickness));
        Assert.Equal(-5, back.Get(SmallestImagePixelValue));
        Assert.Equal([1.0, -0.5, 0.25], back.GetAll(DiffusionGradientOrientation));
        Assert.Equal("1.2.3.4", back.Get(ReferencedImageSequence)[0].Get(ReferencedSOPInstanceUID));
        Assert.Equal(0, back.Get(ReferencedImageSequence)[1].Count);
        Assert.Equal(PatientName, back.Get(DimensionIndexPointer));
        Assert.Equal(dataset, back);
    }

    [Fact]
    public void Decimal_strings_cannot_be_set_to_NaN_or_infinity()
    {
        Assert.Throws<ArgumentException>(() => new DicomDataset().Set(SliceThickness, double.NaN));
        Assert.Throws<ArgumentException>(() => new DicomDataset().SetBulkData(PatientName, DicomVR.PN, DicomBulkData.FromUri("x")));
        Assert.Throws<ArgumentException>(() => new DicomDataset().SetBulkData(Rows, DicomVR.US, DicomBulkData.FromBytes(new byte[2])));
    }

    [Fact]
    public void Equality_is_by_canonical_content()
    {
        var a = DicomJson.Deserialize("""{"00100010":{"vr":"PN","Value":["Doe^Jane"]},"00200013":{"vr":"IS","Value":["5"]}}""");
        var b = DicomJson.Deserialize("""{ "00100010" : { "Value":[{"Alphabetic":"Doe^Jane"}], "vr":"PN" }, "00200013":{"vr":"IS","Value":[5]} }""");
        var c = DicomJson.Deserialize("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^John"}]},"00200013":{"vr":"IS","Value":[5]}}""");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, new DicomDataset());
    }

    [Fact]
    public void GetStrings_gives_any_element_in_DICOM_text_form()
    {
        var dataset = DicomJson.Deserialize("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"A","Ideographic":"B"},null]},"00280010":{"vr":"US","Value":[512]},"00209165":{"vr":"AT","Value":["00100010"]}}""");
        Assert.Equal(["A=B", ""], dataset.GetStrings(PatientName));
        Assert.Equal(["512"], dataset.GetStrings(Rows));
        Assert.Equal(["00100010"], dataset.GetStrings(DimensionIndexPointer));
        Assert.Empty(dataset.GetStrings(StudyDate));
    }
}

public class DicomDatasetTryGetTests
{
    [Fact]
    public void TryGet_is_true_exactly_when_a_value_is_there()
    {
        var dataset = DicomJson.Deserialize("""{"00080020":{"vr":"DA","Value":["20250115"]},"00100010":{"vr":"PN"},"00200013":{"vr":"IS","Value":[null]},"00280010":{"vr":"US","Value":[512]}}""");
        Assert.True(dataset.TryGet(StudyDate, out DicomDate date));
        Assert.Equal("20250115", date.ToString());
        Assert.False(dataset.TryGet(PatientName, out PersonName? name));
        Assert.Null(name);
        Assert.False(dataset.TryGet(InstanceNumber, out int number));
        Assert.Equal(0, number);
        Assert.True(dataset.TryGet(Rows, out ushort rows));
        Assert.Equal((ushort)512, rows);
        Assert.False(dataset.TryGet(StudyInstanceUID, out string? uid));
        Assert.Null(uid);
    }
}
