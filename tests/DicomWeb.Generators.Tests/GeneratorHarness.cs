using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using DicomWeb.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace DicomWeb.Generators.Tests;

/// <summary>Runs DictionaryGenerator through CSharpGeneratorDriver, the way the compiler does.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    public static string TestDictionaryFolder => RepositoryPaths.InRepository("tests", "DicomWeb.Generators.Tests", "TestDictionary");

    /// <summary>The three dictionary files of a folder as AdditionalFiles.</summary>
    public static ImmutableArray<AdditionalText> FilesOf(string folder) =>
        [.. new[] { "elements.tsv", "uids.tsv", "transfer-syntaxes.tsv" }
            .Select(name => (AdditionalText)new InMemoryText(Path.Combine(folder, name), File.ReadAllText(Path.Combine(folder, name))))];

    public static GeneratorDriver CreateDriver(ImmutableArray<AdditionalText> files, bool emitDictionary = true) =>
        CSharpGeneratorDriver.Create(
            [new DictionaryGenerator().AsSourceGenerator()],
            additionalTexts: files,
            parseOptions: ParseOptions,
            optionsProvider: Options(emitDictionary),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>The MSBuild properties a generator sees: DicomWebEmitDictionary=true, or none.</summary>
    public static AnalyzerConfigOptionsProvider Options(bool emitDictionary) =>
        new OptionsProvider(emitDictionary ? new() { [DictionaryGenerator.EmitProperty] = "true" } : new());

    public static CSharpCompilation EmptyCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "GeneratorTest",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            RuntimeReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>
    /// The generated sources compiled together with the hand-written halves of the types they
    /// complete (DicomWeb.Sdk.Json's Tags/, Dictionary/ and Uids/): the diagnostics of that
    /// compilation. The rest of Sdk.Json uses particular tags, which a test dictionary lacks.
    /// </summary>
    public static IReadOnlyList<Diagnostic> CompileWithModel(GeneratorDriverRunResult result) =>
        CompilationWithModel(result).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>The compilation <see cref="CompileWithModel"/> checks.</summary>
    public static CSharpCompilation CompilationWithModel(GeneratorDriverRunResult result)
    {
        var modelSources = new[] { "Tags", "Dictionary", "Uids" }
            .SelectMany(folder => Directory.EnumerateFiles(RepositoryPaths.InRepository("src", "DicomWeb.Sdk.Json", folder), "*.cs", SearchOption.AllDirectories))
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), ParseOptions, path));
        var generated = result.GeneratedTrees.Select(tree => tree.WithRootAndOptions(tree.GetRoot(), ParseOptions));
        var globalUsings = CSharpSyntaxTree.ParseText(
            "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Threading; global using System.Threading.Tasks; global using System.Net.Http;",
            ParseOptions);
        return CSharpCompilation.Create(
            "DicomWeb.Sdk.Json",
            [globalUsings, .. modelSources, .. generated],
            RuntimeReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
    }

    private static readonly ImmutableArray<MetadataReference> RuntimeReferences =
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];

    public sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class OptionsProvider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options([]);

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
