using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using DicomWeb.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace DicomWeb.Benchmarks;

/// <summary>
/// The source generators over the whole committed dictionary (data/dictionary, 5,278 elements and
/// 490 UIDs) and a [DicomJsonModel] type, run by a CSharpGeneratorDriver as the compiler runs them
/// in DicomWeb.Sdk.Json's build. Floors in the same run: splitting the TSV files into fields (the
/// least any reader of them does; the baseline) and parsing the C# the generators emit (what the
/// compiler does with it next).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class GeneratorBenchmarks
{
    private string[] _tsv = [];
    private ImmutableArray<AdditionalText> _files;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _afterFirstRun = null!;
    private string[] _generated = [];

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1));
    }

    [GlobalSetup]
    public void Setup()
    {
        string folder = DictionaryFolder();
        string[] names = ["elements.tsv", "uids.tsv", "transfer-syntaxes.tsv"];
        _tsv = [.. names.Select(name => File.ReadAllText(Path.Combine(folder, name)))];
        _files = [.. names.Select((name, i) => (AdditionalText)new Text(Path.Combine(folder, name), _tsv[i]))];

        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        MetadataReference[] references =
        [
            .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
                .Select(path => MetadataReference.CreateFromFile(path)),
            MetadataReference.CreateFromFile(typeof(DicomTag).Assembly.Location),
        ];
        _compilation = CSharpCompilation.Create("Consumer",
            [
                CSharpSyntaxTree.ParseText("using DicomWeb; using DicomWeb.Json; namespace Consumer; [DicomJsonModel] public partial record StudyRow { public string? StudyInstanceUID { get; init; } public PersonName? PatientName { get; init; } }", parse),
                CSharpSyntaxTree.ParseText("namespace Consumer; class Service { int Count => 1; }", parse),
            ],
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        _edited = _compilation.ReplaceSyntaxTree(_compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Consumer; class Service { int Count => 2; }", parse));
        _afterFirstRun = Driver().RunGenerators(_compilation);
        var result = _afterFirstRun.GetRunResult();
        if (result.Diagnostics.Length > 0 || result.GeneratedTrees.Length != 6)
            throw new InvalidOperationException($"the generators did not run as expected: {result.GeneratedTrees.Length} files, {string.Join("; ", result.Diagnostics)}");
        _generated = [.. result.GeneratedTrees.Select(tree => tree.ToString())];
    }

    [Benchmark(Baseline = true, Description = "floor: split the dictionary TSVs into fields")]
    public int SplitTsv()
    {
        int fields = 0;
        foreach (string text in _tsv)
            foreach (string line in text.Split('\n'))
                fields += line.Split('\t').Length;
        return fields;
    }

    [Benchmark(Description = "floor: parse the emitted C# (CSharpSyntaxTree.ParseText)")]
    public int ParseGenerated()
    {
        int nodes = 0;
        foreach (string source in _generated)
            nodes += CSharpSyntaxTree.ParseText(source).GetRoot().FullSpan.Length;
        return nodes;
    }

    [Benchmark(Description = "both generators, whole dictionary, first run")]
    public int FirstRun() => Driver().RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "both generators, again after an edit to an unrelated file")]
    public int AfterUnrelatedEdit() => _afterFirstRun.RunGenerators(_edited).GetRunResult().GeneratedTrees.Length;

    private GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
        [new DictionaryGenerator().AsSourceGenerator(), new ModelGenerator().AsSourceGenerator()],
        additionalTexts: _files,
        parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
        optionsProvider: new EmitDictionary(),
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static string DictionaryFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "data", "dictionary");
            if (File.Exists(Path.Combine(candidate, "elements.tsv")))
                return candidate;
        }
        throw new DirectoryNotFoundException("data/dictionary not found above " + AppContext.BaseDirectory);
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    // DicomWebEmitDictionary=true, as DicomWeb.Sdk.Json's project sets it.
    private sealed class EmitDictionary : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(true);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(false);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(false);

        private sealed class Options(bool emit) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            {
                value = emit && key == DictionaryGenerator.EmitProperty ? "true" : null;
                return value is not null;
            }
        }
    }
}
