using DicomWeb.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace DicomWeb.Generators.Tests;

public class IncrementalTests
{
    private static readonly string[] DictionarySteps =
        [DictionaryGenerator.Steps.DictionaryFiles, DictionaryGenerator.Steps.ParseDictionary, DictionaryGenerator.Steps.DictionarySpec,
         DictionaryGenerator.Steps.DictionaryDiagnostics, DictionaryGenerator.Steps.EmitDictionary];

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

    private const string ConsumerModel = """
        using DicomWeb;
        using DicomWeb.Json;

        namespace Consumer;

        [DicomJsonModel]
        public partial record StudyRow
        {
            public string? StudyInstanceUID { get; init; }
            public PersonName? PatientName { get; init; }
            public DicomDate? StudyDate { get; init; }
        }
        """;

    /// <summary>
    /// Both generators over the whole committed dictionary and a model type, as a consumer's build
    /// runs them (with the dictionary emitted, as in DicomWeb.Sdk.Json, or not, as in an app): after
    /// an edit to another file of the project every tracked step and every output is reused.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_edit_to_an_unrelated_file_of_a_consumer_reruns_no_step_of_either_generator(bool emitDictionary)
    {
        var compilation = GeneratorHarness.EmptyCompilation(ConsumerModel, "namespace Consumer; class Service { int Count => 1; }")
            .AddReferences(MetadataReference.CreateFromFile(typeof(DicomTag).Assembly.Location));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new DictionaryGenerator().AsSourceGenerator(), new ModelGenerator().AsSourceGenerator()],
            additionalTexts: GeneratorHarness.FilesOf(RepositoryPaths.Dictionary),
            parseOptions: GeneratorHarness.ParseOptions,
            optionsProvider: GeneratorHarness.Options(emitDictionary),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        var first = driver.GetRunResult();
        Assert.Empty(first.Diagnostics);
        Assert.Equal(emitDictionary ? 6 : 1, first.GeneratedTrees.Length); // the dictionary's five files and the model's

        SyntaxTree service = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(service,
            CSharpSyntaxTree.ParseText("namespace Consumer; class Service { int Count => 2; string Name => \"edited\"; }", GeneratorHarness.ParseOptions));
        var second = driver.RunGenerators(edited).GetRunResult();

        string[] steps = [.. DictionarySteps, ModelGenerator.ParseStep, ModelGenerator.ModelStep, ModelGenerator.DiagnosticsStep];
        foreach (GeneratorRunResult result in second.Results)
        {
            foreach (var (name, runs) in result.TrackedSteps.Where(s => steps.Contains(s.Key)))
            {
                var reasons = runs.SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();
                Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"{result.Generator.GetGeneratorType().Name}: {name} ran again: {reason}"));
            }
            Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
                output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        }
        var tracked = second.Results.SelectMany(r => r.TrackedSteps.Keys).ToHashSet();
        Assert.Contains(ModelGenerator.ModelStep, tracked);
        Assert.Contains(DictionaryGenerator.Steps.DictionarySpec, tracked);
        Assert.Equal(first.GeneratedTrees.Select(t => t.ToString()), second.GeneratedTrees.Select(t => t.ToString()));
    }

    // The consumer's model and, below it in the same file, one with a diagnostic.
    private const string MovableModels = ConsumerModel + """


        [DicomJsonModel]
        public partial record BrokenRow
        {
            public string? PatientNam { get; init; }
        }
        """;

    /// <summary>
    /// Lines added above two models, one with a diagnostic: every position in the file moves and
    /// nothing else. The specs hold no positions, so the step that writes sources reuses its
    /// output; the diagnostic is reported again, from its own step, on its new line.
    /// </summary>
    [Fact]
    public void Moving_models_writes_no_source_again_and_reports_their_diagnostics_where_they_now_are()
    {
        var compilation = GeneratorHarness.EmptyCompilation(MovableModels).AddReferences(MetadataReference.CreateFromFile(typeof(DicomTag).Assembly.Location));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ModelGenerator().AsSourceGenerator()],
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        var before = driver.GetRunResult();
        Diagnostic diagnosticBefore = Assert.Single(before.Diagnostics);
        Assert.Equal("DICOMWEB010", diagnosticBefore.Id);
        Assert.Single(before.GeneratedTrees);

        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SyntaxTree movedTree = tree.WithChangedText(tree.GetText().WithChanges(new TextChange(new TextSpan(0, 0), "// Models of the consumer.\n\n\n")));
        var after = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, movedTree)).GetRunResult();
        GeneratorRunResult result = after.Results.Single();

        Assert.Contains(result.TrackedSteps[ModelGenerator.ParseStep].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        var specs = result.TrackedSteps[ModelGenerator.ModelStep].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(2, specs.Count);
        Assert.All(specs, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"a model spec changed: {reason}"));

        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).ToList();
        var writes = outputs.Where(step => step.Inputs.Any(i => i.Source.Name == ModelGenerator.ModelStep)).SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, writes.Count);
        Assert.All(writes, output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        Assert.Contains(outputs.Where(step => step.Inputs.Any(i => i.Source.Name == ModelGenerator.DiagnosticsStep)).SelectMany(s => s.Outputs),
            output => output.Reason == IncrementalStepRunReason.Modified);

        Diagnostic diagnosticAfter = Assert.Single(after.Diagnostics);
        Assert.Equal("DICOMWEB010", diagnosticAfter.Id);
        Assert.Equal(diagnosticBefore.Location.GetLineSpan().StartLinePosition.Line + 3, diagnosticAfter.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal("PatientNam", movedTree.ToString().Substring(diagnosticAfter.Location.SourceSpan.Start, diagnosticAfter.Location.SourceSpan.Length));
        Assert.Equal(before.GeneratedTrees.Select(t => t.ToString()), after.GeneratedTrees.Select(t => t.ToString()));
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
