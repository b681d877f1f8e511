// Benchmarks: dotnet run -c Release --project tests/DicomWeb.Benchmarks -- --filter '*'
// (see docs/benchmarks.md). BenchmarkDotNet's switcher takes its usual arguments.
// --wado-memory measures the peak working set growth of saving studies of 300 and 600 instances.
using System.Globalization;
using BenchmarkDotNet.Running;
using DicomWeb.Benchmarks;

return args switch
{
    ["--wado-memory", ..] => await WadoWorkingSet.RunAsync([300, 600]),
    ["--wado-retrieve", string root, string instances, string folder] => await WadoWorkingSet.RetrieveAsync(root, int.Parse(instances, CultureInfo.InvariantCulture), folder),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Corpus).Assembly).Run(args);
    return 0;
}
