using Microsoft.CodeAnalysis;

namespace DicomWeb.Generators.Tests;

public class DictionaryGeneratorSnapshotTests
{
    private static GeneratorDriverRunResult RunOnTestDictionary() =>
        GeneratorHarness.CreateDriver(GeneratorHarness.FilesOf(GeneratorHarness.TestDictionaryFolder))
            .RunGenerators(GeneratorHarness.EmptyCompilation())
            .GetRunResult();

    [Theory]
    [InlineData("TagKinds")]
    [InlineData("DicomTags")]
    [InlineData("DicomDictionary")]
    [InlineData("DicomUids")]
    [InlineData("DicomTransferSyntax")]
    public void Generated_source_matches_the_approved_snapshot(string name)
    {
        var result = RunOnTestDictionary();
        var source = result.Results.Single().GeneratedSources.Single(s => s.HintName == name + ".g.cs");
        SnapshotAssert.Matches(name, source.SourceText.ToString());
    }

    [Fact]
    public void Test_dictionary_yields_exactly_the_five_sources_and_no_diagnostics()
    {
        var result = RunOnTestDictionary();
        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            ["DicomDictionary.g.cs", "DicomTags.g.cs", "DicomTransferSyntax.g.cs", "DicomUids.g.cs", "TagKinds.g.cs"],
            result.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Generated_code_compiles_with_the_hand_written_model_without_warnings()
    {
        var diagnostics = GeneratorHarness.CompileWithModel(RunOnTestDictionary());
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
    }

    [Fact]
    public void Nothing_is_emitted_unless_the_project_asks_for_the_dictionary()
    {
        // Package consumers get the generator as an analyzer; they must not get a second DicomTags.
        var result = GeneratorHarness.CreateDriver(GeneratorHarness.FilesOf(GeneratorHarness.TestDictionaryFolder), emitDictionary: false)
            .RunGenerators(GeneratorHarness.EmptyCompilation())
            .GetRunResult();
        Assert.Empty(result.GeneratedTrees);
        Assert.Empty(result.Diagnostics);
    }
}
