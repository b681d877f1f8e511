// QuickStart.
//   Dictionary lookup:   dotnet run --project samples/QuickStart -- PatientName StudyDate "(0028,0010)"
//   Search a server:     dotnet run --project samples/QuickStart -- --url http://127.0.0.1:8042/dicom-web/ [--all]
//                        (or set DICOMWEB_URL). Runs the DESIGN contract query (or, with --all, every study).
using DicomWeb;
using DicomWeb.Client;
using static DicomWeb.DicomTags;

string? url = Environment.GetEnvironmentVariable("DICOMWEB_URL");
int urlIndex = Array.IndexOf(args, "--url");
if (urlIndex >= 0)
{
    if (urlIndex + 1 >= args.Length)
    {
        Console.Error.WriteLine("--url needs the DICOMweb root, e.g. --url http://127.0.0.1:8042/dicom-web/");
        return 2;
    }
    url = args[urlIndex + 1];
}
return url is null ? LookUp(args) : await Search(url, all: args.Contains("--all"));

static int LookUp(string[] args)
{
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
}

static async Task<int> Search(string url, bool all)
{
    QidoQuery query = all
        ? Qido.Studies().Include(StudyDescription, NumberOfStudyRelatedInstances).Limit(25)
        : Qido.Studies()
            .Where(PatientName.Like("Smith*"))
            .Where(StudyDate.Between(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31)))
            .Where(ModalitiesInStudy.Is("CT"))
            .Include(StudyDescription, NumberOfStudyRelatedInstances)
            .Limit(25)
            .Offset(0);
    using var http = new HttpClient { BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/") };
    var client = new DicomWebClient(http);
    Console.WriteLine($"GET {query}");
    Console.WriteLine($"{"Date",-10} {"Patient",-24} {"Modalities",-10} {"Instances",9}  {"Description",-28} Study Instance UID");
    int count = 0;
    try
    {
        await foreach (DicomDataset study in client.SearchAsync(query))
        {
            count++;
            Console.WriteLine($"{study.Get(StudyDate),-10} {study.Get(PatientName),-24} {string.Join('\\', study.GetAll(ModalitiesInStudy)),-10} {study.Get(NumberOfStudyRelatedInstances),9}  {study.Get(StudyDescription),-28} {study.Get(StudyInstanceUID)}");
        }
    }
    catch (Exception e) when (e is DicomWebException or HttpRequestException)
    {
        Console.Error.WriteLine(e.Message);
        return 1;
    }
    Console.WriteLine($"{count} studies");
    return 0;
}
