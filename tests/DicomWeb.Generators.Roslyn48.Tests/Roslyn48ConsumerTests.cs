using System.Reflection;
using System.Runtime.Loader;
using DicomWeb.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DicomWeb.Generators.Roslyn48.Tests;

/// <summary>
/// A .NET 8 user's build: their [DicomJsonModel] type compiled by Roslyn 4.8 in C# 12 with the
/// generator loaded into it, emitted to an assembly, loaded and run on DICOM JSON.
/// </summary>
public sealed class Roslyn48ConsumerTests
{
    private const string Consumer = """
        using System;
        using System.Collections.Generic;
        using DicomWeb;
        using DicomWeb.Json;

        namespace Consumer;

        [DicomJsonModel]
        public partial record StudyRow
        {
            public string? StudyInstanceUID { get; init; }
            public PersonName? PatientName { get; init; }
            public DicomDate? StudyDate { get; init; }
            public IReadOnlyList<string> ModalitiesInStudy { get; init; } = [];
            [DicomTag("NumberOfStudyRelatedInstances")] public int? Instances { get; init; }
        }

        public static class Probe
        {
            public static string Run(byte[] json)
            {
                IReadOnlyList<StudyRow> rows = DicomJson.DeserializeArray<StudyRow>(json);
                StudyRow row = rows[0];
                return string.Join("|", rows.Count, row.StudyInstanceUID, row.PatientName?.ToString(), row.StudyDate?.ToString(), string.Join("\\", row.ModalitiesInStudy), row.Instances);
            }
        }
        """;

    private const string Json = """
        [{
          "0020000D": { "vr": "UI", "Value": ["1.2.840.113619.2.1"] },
          "00100010": { "vr": "PN", "Value": [{ "Alphabetic": "Doe^Jane" }] },
          "00080020": { "vr": "DA", "Value": ["20240131"] },
          "00080061": { "vr": "CS", "Value": ["CT", "SR"] },
          "00201208": { "vr": "IS", "Value": [42] },
          "00081030": { "vr": "LO", "Value": ["not in the model"] }
        }]
        """;

    [Fact]
    public void The_test_runs_on_the_Roslyn_of_the_NET_8_SDK()
    {
        Version version = typeof(CSharpCompilation).Assembly.GetName().Version!;
        Assert.Equal(new Version(4, 8, 0, 0), version);
    }

    [Fact]
    public void A_consumer_model_compiled_by_Roslyn_4_8_reads_DICOM_JSON()
    {
        var parse = new CSharpParseOptions(LanguageVersion.CSharp12);
        var compilation = CSharpCompilation.Create(
            "Consumer",
            [CSharpSyntaxTree.ParseText(Consumer, parse)],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        GeneratorDriver driver = CSharpGeneratorDriver.Create([new ModelGenerator().AsSourceGenerator()], parseOptions: parse);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Contains(driver.GetRunResult().GeneratedTrees, tree => tree.FilePath.EndsWith("Consumer.StudyRow.DicomJson.g.cs", StringComparison.Ordinal));

        using var image = new MemoryStream();
        var emit = output.Emit(image);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        var warnings = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();
        Assert.True(warnings.Count == 0, string.Join("\n", warnings));

        // Loaded beside the test's own DicomWeb.Sdk.Json, so the consumer binds to that one.
        image.Position = 0;
        var context = new AssemblyLoadContext("Consumer", isCollectible: true);
        try
        {
            Assembly consumer = context.LoadFromStream(image);
            MethodInfo run = consumer.GetType("Consumer.Probe", throwOnError: true)!.GetMethod("Run")!;
            string result = (string)run.Invoke(null, [System.Text.Encoding.UTF8.GetBytes(Json)])!;
            Assert.Equal("1|1.2.840.113619.2.1|Doe^Jane|20240131|CT\\SR|42", result);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void A_generic_model_is_refused_by_Roslyn_4_8_at_its_name()
    {
        const string source = "using DicomWeb.Json; namespace Consumer; [DicomJsonModel] public partial record Page<TItem> { public string? StudyInstanceUID { get; init; } }";
        var parse = new CSharpParseOptions(LanguageVersion.CSharp12);
        var compilation = CSharpCompilation.Create("Consumer", [CSharpSyntaxTree.ParseText(source, parse)], References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        GeneratorDriver driver = CSharpGeneratorDriver.Create([new ModelGenerator().AsSourceGenerator()], parseOptions: parse).RunGenerators(compilation);
        GeneratorDriverRunResult result = driver.GetRunResult();

        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DICOMWEB014", diagnostic.Id);
        Assert.Contains("Page<TItem> is generic", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("Page", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Empty(result.GeneratedTrees);
    }

    private static MetadataReference[] References() =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(DicomWeb.Json.DicomJson).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
}
