using DicomWeb.Tests;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace DicomWeb.Generators.Tests;

public class RealDictionaryTests(ITestOutputHelper output)
{
    [Fact]
    public void The_committed_dictionary_generates_without_diagnostics_and_reports_its_timing()
    {
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.FilesOf(RepositoryPaths.Dictionary))
            .RunGenerators(GeneratorHarness.EmptyCompilation());
        var result = driver.GetRunResult();
        var timing = driver.GetTimingInfo();

        Assert.Empty(result.Diagnostics);
        Assert.Equal(5, result.GeneratedTrees.Length);
        long bytes = result.Results.Single().GeneratedSources.Sum(s => (long)System.Text.Encoding.UTF8.GetByteCount(s.SourceText.ToString()));
        output.WriteLine($"generator: {timing.ElapsedTime.TotalMilliseconds:F0} ms for the whole dictionary; generated source {bytes / 1024.0:F0} KiB in {result.GeneratedTrees.Length} files");
        foreach (var source in result.Results.Single().GeneratedSources)
            output.WriteLine($"  {source.HintName}: {source.SourceText.Length / 1024.0:F0} KiB");
    }

    [Fact]
    public void Without_additional_files_the_embedded_dictionary_is_used()
    {
        var embedded = GeneratorHarness.CreateDriver([]).RunGenerators(GeneratorHarness.EmptyCompilation()).GetRunResult();
        var fromFiles = GeneratorHarness.CreateDriver(GeneratorHarness.FilesOf(RepositoryPaths.Dictionary)).RunGenerators(GeneratorHarness.EmptyCompilation()).GetRunResult();

        Assert.Empty(embedded.Diagnostics);
        Assert.Equal(
            fromFiles.GeneratedTrees.Select(t => t.ToString()),
            embedded.GeneratedTrees.Select(t => t.ToString()));
    }
}
