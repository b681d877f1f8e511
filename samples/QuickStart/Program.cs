// QuickStart: look up DICOM dictionary entries by keyword or tag.
//   dotnet run --project samples/QuickStart -- PatientName StudyDate "(0028,0010)" OverlayData
using DicomWeb;

string[] names = args.Length > 0 ? args : ["PatientName", "StudyDate"];
int unknown = 0;
Console.WriteLine($"{"Tag",-12} {"Keyword",-36} {"VR",-9} {"VM",-6} Name");
foreach (string name in names)
{
    if (!DicomTag.TryParse(name, out DicomTag tag) || !DicomDictionary.TryGetEntry(tag, out DicomDictionaryEntry entry))
    {
        Console.Error.WriteLine($"'{name}' is neither a dictionary keyword nor a tag such as (0010,0010).");
        unknown++;
        continue;
    }
    string vrs = entry.VRs.Length == 0 ? "-" : string.Join(" or ", entry.VRs.ToArray());
    string retired = entry.IsRetired ? " (retired)" : "";
    Console.WriteLine($"{entry.Tag,-12} {entry.Keyword,-36} {vrs,-9} {entry.ValueMultiplicity,-6} {entry.Name}{retired}");
}
return unknown == 0 ? 0 : 1;
