using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DicomWeb.Generators.Tests;

public class IncrementalTests
{
    private static readonly string[] DictionarySteps =
        [DictionaryGenerator.Steps.DictionaryFiles, DictionaryGenerator.Steps.DictionarySpec, DictionaryGenerator.Steps.EmitDictionary];

    [Fact]
    public void An_unrelated_source_edit_leaves_every_dictionary_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.EmptyCompilation("class Before { }");
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.FilesOf(GeneratorHarness.TestDictionaryFolder)).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { int X => 1; }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in DictionarySteps)
        {
            var reasons = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} ran again: {reason}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_the_dictionary_reruns_the_parser_and_changes_the_output()
    {
        var files = GeneratorHarness.FilesOf(GeneratorHarness.TestDictionaryFolder);
        var compilation = GeneratorHarness.EmptyCompilation();
        var driver = GeneratorHarness.CreateDriver(files).RunGenerators(compilation);

        var elements = files.Single(f => f.Path.EndsWith("elements.tsv", StringComparison.Ordinal));
        string edited = elements.GetText()!.ToString() + "(0010,0020)\tPatientID\tLO\t1\tcurrent\tPatient ID\n";
        driver = driver.ReplaceAdditionalText(elements, new GeneratorHarness.InMemoryText(elements.Path, edited)).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[DictionaryGenerator.Steps.DictionarySpec].SelectMany(s => s.Outputs),
            o => o.Reason == IncrementalStepRunReason.Modified);
        string tags = result.GeneratedSources.Single(s => s.HintName == "DicomTags.g.cs").SourceText.ToString();
        Assert.Contains("public static StringTag PatientID => new(0x00100020u, DicomVR.LO);", tags);
    }
}
