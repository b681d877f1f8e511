// Benchmarks: dotnet run -c Release --project tests/DicomWeb.Benchmarks -- --filter '*'
// (see docs/benchmarks.md). BenchmarkDotNet's switcher takes its usual arguments.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(DicomWeb.Benchmarks.Corpus).Assembly).Run(args);
