// Benchmarks: dotnet run -c Release --project tests/DicomWeb.Benchmarks -- --filter '*'
// (see docs/benchmarks.md). BenchmarkDotNet's switcher takes its usual arguments.
// --wado-memory / --stow-memory measure the peak working set growth of saving a study from
// Orthanc and storing one to it, for 300 and 600 instances (or the sizes given after the option).
using System.Globalization;
using BenchmarkDotNet.Running;
using DicomWeb.Benchmarks;

return args switch
{
    ["--wado-memory", .. var sizes] => await WorkingSet.RunAsync("wado", Sizes(sizes)),
    ["--stow-memory", .. var sizes] => await WorkingSet.RunAsync("stow", Sizes(sizes)),
    ["--child", string mode, string root, string instances, string folder] => await WorkingSet.ChildAsync(mode, root, int.Parse(instances, CultureInfo.InvariantCulture), folder),
    _ => Run(args),
};

static int[] Sizes(string[] sizes) => sizes.Length == 0 ? [300, 600] : [.. sizes.Select(s => int.Parse(s, CultureInfo.InvariantCulture))];

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Corpus).Assembly).Run(args);
    return 0;
}
