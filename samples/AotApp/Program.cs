// Reads and writes DICOM JSON in a Native AOT binary and prints what it read; exit code 1 if anything differs.
//   dotnet publish samples/AotApp -c Release -r linux-x64 -o /tmp/aot && /tmp/aot/AotApp
using System.Text;
using System.Text.Json;
using DicomWeb;
using DicomWeb.Json;
using static DicomWeb.DicomTags;

const string json = """
    [{"00080020":{"vr":"DA","Value":["20250115"]},"00080061":{"vr":"CS","Value":["CT","PT"]},
      "00081115":{"vr":"SQ","Value":[{"0020000E":{"vr":"UI","Value":["1.2.3.4"]}}]},
      "00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane","Ideographic":"ドウ"}]},
      "0020000D":{"vr":"UI","Value":["1.2.3"]},"00201208":{"vr":"IS","Value":[42]},
      "00280106":{"vr":"US","Value":[0]},"7FE00010":{"vr":"OW","InlineBinary":"AAECAw=="}}]
    """;

int failures = 0;
void Check(string what, object? actual, object? expected)
{
    bool same = Equals(actual, expected) || (actual is System.Collections.IEnumerable a && expected is System.Collections.IEnumerable b && a.Cast<object>().SequenceEqual(b.Cast<object>()));
    Console.WriteLine($"{(same ? "ok" : "FAIL")} {what}: {actual}");
    if (!same) failures++;
}

DicomDataset study = DicomJson.DeserializeArray(Encoding.UTF8.GetBytes(json))[0];
Check("PatientName", study.Get(PatientName)?.ToDicomString(), "Doe^Jane=ドウ");
Check("StudyDate", study.Get(StudyDate)?.ToDateOnly(), new DateOnly(2025, 1, 15));
Check("ModalitiesInStudy", study.GetAll(ModalitiesInStudy), new[] { "CT", "PT" });
Check("NumberOfStudyRelatedInstances", study.Get(NumberOfStudyRelatedInstances), 42);
Check("SmallestImagePixelValue", study.Get(SmallestImagePixelValue), 0);
Check("series in sequence", study.Get(ReferencedSeriesSequence)[0].Get(SeriesInstanceUID), "1.2.3.4");
Check("PixelData bytes", study.Get(PixelData)?.Bytes?.Length, 4);

study.Set(StudyDescription, "Chest CT").Set(ImagePositionPatient, 1.5, -2.25, 3);
DicomDataset again = DicomJson.Deserialize(DicomJson.SerializeToUtf8Bytes(study));
Check("round trip", again.Equals(study), true);
Check("JsonSerializer with type info", JsonSerializer.Deserialize(JsonSerializer.Serialize(study, DicomJson.DatasetTypeInfo), DicomJson.DatasetTypeInfo)?.Equals(study), true);

Study row = DicomJson.DeserializeArray<Study>(Encoding.UTF8.GetBytes(json))[0];
Check("model StudyInstanceUID", row.StudyInstanceUID, "1.2.3");
Check("model PatientName", row.PatientName?.ToString(), "Doe^Jane");
Check("model StudyDate", row.StudyDate, new DateOnly(2025, 1, 15));
Check("model series", row.ReferencedSeriesSequence.Select(s => s.SeriesInstanceUID), new[] { "1.2.3.4" });
Study back = DicomJson.Deserialize<Study>(DicomJson.SerializeToUtf8Bytes(row));
Check("model round trip", back.ModalitiesInStudy, new[] { "CT", "PT" });

Console.WriteLine(failures == 0 ? "all checks passed" : $"{failures} checks failed");
return failures == 0 ? 0 : 1;

[DicomJsonModel]
public partial record Study
{
    public string? StudyInstanceUID { get; init; }
    public PersonName? PatientName { get; init; }
    public DateOnly? StudyDate { get; init; }
    public IReadOnlyList<string> ModalitiesInStudy { get; init; } = [];
    public IReadOnlyList<Series> ReferencedSeriesSequence { get; init; } = [];

    [DicomJsonModel]
    public partial record Series
    {
        public string? SeriesInstanceUID { get; init; }
    }
}
