// Benchmarks: dotnet run -c Release --project tests/DicomWeb.Benchmarks -- --filter '*'
// (see docs/benchmarks.md). BenchmarkDotNet's switcher takes its usual arguments.
// --wado-memory / --stow-memory measure the peak working set growth of saving a study from
// Orthanc and storing one to it, for 300 and 600 instances (or the sizes given after the option).
// --folder-store opens and indexes a folder store of 1,000 and 10,000 instances (first and second
// open) and times a wildcard PatientName search on it and on Orthanc with the same files.
// --server DICOMWEB [N] compares `dicomweb serve` (DICOMWEB: a Native AOT binary or dicomweb.dll)
// with Orthanc: STOW and WADO of a 300-instance study, QIDO over N (10,000) instances, peak
// working set growth of each server, and the start time of `dicomweb serve`.
// --hostile-memory runs each hostile case of issue #12 in a fresh child process and prints its
// outcome and peak working set (or only the cases whose names contain the words given after it).
// --study-service [FOLDER] publishes samples/StudyService with Native AOT (or takes the binary in
// FOLDER) and reports its size, start to first 200, resident set and throughput against Orthanc.
// --tag-lookup builds the tag-lookup site and times it in headless Chromium (interactive, per keystroke).
// --json-ratios: the DICOM JSON readers against the Utf8JsonReader floor, a quick look for development.
using System.Globalization;
using BenchmarkDotNet.Running;
using DicomWeb.Benchmarks;
using DicomWeb.Benchmarks.Hostile;

return args switch
{
    ["--wado-memory", .. var sizes] => await WorkingSet.RunAsync("wado", Sizes(sizes)),
    ["--stow-memory", .. var sizes] => await WorkingSet.RunAsync("stow", Sizes(sizes)),
    ["--folder-store", .. var sizes] => await FolderStoreMeasure.RunAsync(sizes.Length == 0 ? [1000, 10000] : [.. sizes.Select(s => int.Parse(s, CultureInfo.InvariantCulture))]),
    ["--server", string serve, .. var rest] => await ServerSideBySide.RunAsync(serve, rest.Length == 0 ? 10000 : int.Parse(rest[0], CultureInfo.InvariantCulture)),
    ["--hostile-memory", .. var cases] => await HostileMemory.RunAsync(cases),
    ["--study-service", .. var folder] => await StudyServiceMeasure.RunAsync(folder.FirstOrDefault()),
    ["--tag-lookup"] => await TagLookupMeasure.RunAsync(),
    ["--json-ratios", .. var corpora] => await JsonRatios.RunAsync(corpora),
    ["--hostile-child", string name, string address, string folder] => await HostileMemory.ChildAsync(name, address, folder),
    ["--child", string mode, string root, string instances, string folder] => await WorkingSet.ChildAsync(mode, root, int.Parse(instances, CultureInfo.InvariantCulture), folder),
    _ => Run(args),
};

static int[] Sizes(string[] sizes) => sizes.Length == 0 ? [300, 600] : [.. sizes.Select(s => int.Parse(s, CultureInfo.InvariantCulture))];

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Corpus).Assembly).Run(args);
    return 0;
}
