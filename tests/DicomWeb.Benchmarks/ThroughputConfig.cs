using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace DicomWeb.Benchmarks;

/// <summary>A short job (2-core machine), and columns for MB/s and bytes allocated per DICOM element.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1));
        AddColumn(new CorpusColumn("MB/s", (corpus, nanoseconds, _) => corpus.Bytes / (nanoseconds / 1e9) / 1e6));
        AddColumn(new CorpusColumn("B/element", (corpus, _, allocated) => allocated / corpus.Elements));
        AddColumn(new CorpusColumn("corpus MB", (corpus, _, _) => corpus.Bytes / 1e6));
        AddColumn(new CorpusColumn("elements", (corpus, _, _) => corpus.Elements));
    }

    // The size and element count of a corpus, made again in the host process (it is deterministic).
    private static (double Bytes, int Elements) Measure(string corpus)
    {
        if (corpus == QidoBenchmarks.Name)
            return (double.NaN, 1000); // the response size is Orthanc's; elements here are the study results
        if (corpus == StowBenchmarks.Name)
            return (WadoStudy.FileBytes * StowBenchmarks.Instances, StowBenchmarks.Instances); // elements here are instances
        if (corpus is WadoBenchmarks.Name or WadoBenchmarks.LoopbackName)
            return (WadoStudy.FileBytes * WadoBenchmarks.Instances, WadoBenchmarks.Instances); // elements here are instances
        if (corpus is Part10Corpus.Name or Part10Corpus.CtName)
        {
            var files = Part10Corpus.Get(corpus);
            return (files.Bytes, files.Elements);
        }
        var json = Corpus.Get(corpus);
        return (json.Json.Length, json.Elements);
    }

    private sealed class CorpusColumn(string name, Func<(double Bytes, int Elements), double, double, double> value) : IColumn
    {
        public string Id => name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => name;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is null)
                return "-";
            string corpusName = (string)benchmarkCase.Parameters["Corpus"];
            double allocated = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) ?? 0;
            return value(Measure(corpusName), report.ResultStatistics.Mean, allocated).ToString("N1", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
