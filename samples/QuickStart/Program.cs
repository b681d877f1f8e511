// QuickStart: the DICOMweb tutorial flow, on a local folder store (no server needed) or a server.
//   dotnet run --project samples/QuickStart                       folder store in a new temporary folder
//   dotnet run --project samples/QuickStart -- --folder ./store   folder store in ./store (kept)
//   dotnet run --project samples/QuickStart -- --url http://127.0.0.1:8042/dicom-web/   a server (or set DICOMWEB_URL)
//   dotnet run --project samples/QuickStart -- --all [--url URL | --folder DIR]        list every study
//   dotnet run --project samples/QuickStart -- tags PatientName StudyDate "(0028,0010)" the dictionary
//   --verbose: the stack trace of an error, which is otherwise one line
// Exit codes: 0 all passed, 1 a step failed or the server refused or could not be reached,
// 2 a wrong command line, 3 the folder store could not be opened or anything else went wrong.
using DicomWeb;
using DicomWeb.Client;
using DicomWeb.Folder;
using DicomWeb.QuickStart;
using static DicomWeb.DicomTags;

// Names, descriptions and error texts come from a server or from files: their control characters are shown, never obeyed.
Console.SetOut(new VisibleControlsWriter(Console.Out));
Console.SetError(new VisibleControlsWriter(Console.Error));
bool verbose = args.Contains("--verbose");
AppDomain.CurrentDomain.UnhandledException += (_, e) => Environment.Exit(Failed(e.ExceptionObject as Exception ?? new InvalidOperationException("an unknown error"), 3, "unexpected error"));

if (args.Length > 0 && args[0] == "tags")
    return LookUp(args[1..].Where(a => a != "--verbose").ToArray());

string? url = Option("--url") ?? Environment.GetEnvironmentVariable("DICOMWEB_URL");
string? folder = Option("--folder");
if (url is not null && folder is not null)
{
    Console.Error.WriteLine("Give --url or --folder, not both.");
    return 2;
}

string store = folder ?? Path.Combine(Path.GetTempPath(), "dicomweb-quickstart-" + Guid.NewGuid().ToString("N")[..8]);
IDicomWebClient client;
if (url is not null)
{
    if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out Uri? root) || root.Scheme is not ("http" or "https"))
    {
        Console.Error.WriteLine($"'{url}' is not an http or https URL, such as http://127.0.0.1:8042/dicom-web/.");
        return 2;
    }
    client = new DicomWebClient(root);
    Console.WriteLine($"DICOMweb server: {url}");
}
else
{
    try
    {
        client = DicomFolderClient.Open(store);
    }
    catch (Exception e) when (e is not ArgumentException)
    {
        // A read-only folder or disk, no permission, or an index (.dicomweb-index.sqlite) that is damaged or not a file.
        return Failed(e, 3, $"cannot open the folder store {Path.GetFullPath(store)} (give a folder you can write to; if its index .dicomweb-index.sqlite is damaged, delete it: it is rebuilt from the files)");
    }
    Console.WriteLine($"Folder store: {store} (a local folder behind the same IDicomWebClient interface as a server)");
}

try
{
    if (args.Contains("--all"))
        return await ListAll(client);
    string saved = Path.Combine(Path.GetTempPath(), "dicomweb-quickstart-saved-" + Guid.NewGuid().ToString("N")[..8]);
    return await new TutorialFlow(client, Console.Out).RunAsync(saved);
}
catch (Exception e) when (e is DicomWebException or HttpRequestException)
{
    return Failed(e, 1, "the server refused or could not be reached");
}
catch (Exception e)
{
    return Failed(e, 3, "unexpected error");
}
finally
{
    (client as IDisposable)?.Dispose();
}

// One line on stderr (what failed, then the exception's message); the stack trace only with --verbose.
int Failed(Exception e, int code, string what)
{
    Console.Error.WriteLine($"{what}: {e.Message} ({e.GetType().Name}{(verbose ? "" : "; --verbose shows the stack trace")})");
    for (Exception? inner = e; verbose && inner is not null; inner = inner.InnerException)
    {
        if (inner != e)
            Console.Error.WriteLine($"  ---> {inner.GetType().FullName}: {inner.Message}");
        foreach (string line in (inner.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Console.Error.WriteLine(line.TrimEnd('\r'));
    }
    return code;
}

string? Option(string name)
{
    int at = Array.IndexOf(args, name);
    if (at < 0)
        return null;
    if (at + 1 >= args.Length)
    {
        Console.Error.WriteLine($"{name} needs a value.");
        Environment.Exit(2);
    }
    return args[at + 1];
}

// Every study: no limit, the client follows pages until the store has no more.
static async Task<int> ListAll(IDicomWebClient client)
{
    Console.WriteLine($"{"Date",-10} {"Patient",-24} {"Modalities",-10} {"Instances",9}  {"Description",-28} Study Instance UID");
    int count = 0;
    await foreach (DicomDataset study in client.SearchAsync(Qido.Studies().Include(StudyDescription, NumberOfStudyRelatedInstances)))
    {
        count++;
        Console.WriteLine($"{study.Get(StudyDate),-10} {study.Get(PatientName),-24} {string.Join('\\', study.GetAll(ModalitiesInStudy)),-10} {study.Get(NumberOfStudyRelatedInstances),9}  {study.Get(StudyDescription),-28} {study.Get(StudyInstanceUID)}");
    }
    Console.WriteLine($"{count} studies");
    return 0;
}

static int LookUp(string[] names)
{
    if (names.Length == 0)
        names = ["PatientName", "StudyDate"];
    int unknown = 0;
    Console.WriteLine($"{"Tag",-12} {"Keyword",-36} {"VR",-9} {"VM",-6} Name");
    foreach (string name in names)
    {
        // An exact keyword or tag first; otherwise the closest entries of the dictionary.
        if (DicomTag.TryParse(name, out DicomTag tag) && DicomDictionary.TryGetEntry(tag, out DicomDictionaryEntry entry))
        {
            Print(entry);
            continue;
        }
        var matches = DicomDictionary.Search(name, 5).Where(m => m.Element is not null).ToList();
        if (matches.Count == 0)
        {
            Console.Error.WriteLine($"'{name}' is neither a dictionary keyword nor a tag such as (0010,0010), and nothing is like it.");
            unknown++;
            continue;
        }
        foreach (var match in matches)
        {
            if (match.Element is { } element)
                Print(element);
        }
    }
    return unknown == 0 ? 0 : 1;

    static void Print(DicomDictionaryEntry entry)
    {
        string vrs = entry.VRs.Length == 0 ? "-" : string.Join(" or ", entry.VRs.ToArray());
        string retired = entry.IsRetired ? " (retired)" : "";
        Console.WriteLine($"{entry.Tag,-12} {entry.Keyword,-36} {vrs,-9} {entry.ValueMultiplicity,-6} {entry.Name}{retired}");
    }
}
