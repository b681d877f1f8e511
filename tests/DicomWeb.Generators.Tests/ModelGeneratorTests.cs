using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DicomWeb.Generators.Tests;

public class ModelGeneratorTests
{
    private static readonly MetadataReference SdkJson = MetadataReference.CreateFromFile(typeof(DicomWeb.DicomTag).Assembly.Location);

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) Run(string source)
    {
        var compilation = GeneratorHarness.EmptyCompilation(source).AddReferences(SdkJson);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ModelGenerator().AsSourceGenerator()],
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        return (driver.RunGenerators(compilation), compilation);
    }

    internal const string StudyRow = """
        using System.Collections.Generic;
        using DicomWeb;
        using DicomWeb.Json;

        namespace Sample;

        [DicomJsonModel]
        public partial record StudyRow
        {
            public string? StudyInstanceUID { get; init; }
            public PersonName? PatientName { get; init; }
            public DicomDate? StudyDate { get; init; }
            public IReadOnlyList<string> ModalitiesInStudy { get; init; } = [];
            [DicomTag("NumberOfStudyRelatedInstances")] public int? Instances { get; init; }
            public int[] ReferencedFrameNumber { get; init; } = [];
            public IReadOnlyList<Series> ReferencedSeriesSequence { get; init; } = [];
            public DicomBulkData? PixelData { get; init; }
            public int? SmallestImagePixelValue { get; init; }
            [DicomTag(0x0009, 0x1001, VR = "LO")] public string? PrivateNote { get; init; }

            [DicomJsonModel]
            public partial class Series { public string SeriesInstanceUID { get; set; } = ""; }
        }
        """;

    [Fact]
    public void Model_output_matches_the_approved_snapshot_and_compiles_cleanly()
    {
        var (driver, compilation) = Run(StudyRow);
        var result = driver.GetRunResult();
        Assert.Empty(result.Diagnostics);
        var sources = result.Results.Single().GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal).ToList();
        Assert.Equal(["Sample.StudyRow.DicomJson.g.cs", "Sample.StudyRow.Series.DicomJson.g.cs"], sources.Select(s => s.HintName));
        SnapshotAssert.Matches("Model.StudyRow", sources[0].SourceText.ToString());
        SnapshotAssert.Matches("Model.StudyRow.Series", sources[1].SourceText.ToString());

        AssertCompilesCleanly(compilation, result);
    }

    // Errors anywhere; warnings in the generated code (the sample source itself has no XML docs).
    private static void AssertCompilesCleanly(CSharpCompilation compilation, GeneratorDriverRunResult result)
    {
        var problems = compilation.AddSyntaxTrees(result.GeneratedTrees).GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && result.GeneratedTrees.Contains(tree)))
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("public string? PatientNam { get; init; }", "DICOMWEB010", "PatientNam", "The property name PatientNam is not a DICOM keyword")]
    [InlineData("[DicomTag(\"NoSuchKeyword\")] public string? X { get; init; }", "DICOMWEB010", "X", "\"NoSuchKeyword\" is not a DICOM keyword")]
    [InlineData("[DicomTag(0x0009, 0x1001)] public string? Note { get; init; }", "DICOMWEB010", "Note", "give its VR")]
    [InlineData("public int? PatientName { get; init; }", "DICOMWEB011", "PatientName", "(0010,0010) PatientName, VR PN; a int? property cannot hold it. Use string, PersonName")]
    [InlineData("public DateOnly? StudyTime { get; init; }", "DICOMWEB011", "StudyTime", "VR TM")]
    [InlineData("public string? ReferencedSeriesSequence { get; init; }", "DICOMWEB011", "ReferencedSeriesSequence", "a [DicomJsonModel] type, DicomDataset")]
    [InlineData("public System.Uri? RetrieveURL { get; init; }", "DICOMWEB011", "RetrieveURL", "is not one DicomWeb can read")]
    [InlineData("public string? StudyInstanceUID { get; }", "DICOMWEB013", "StudyInstanceUID", "needs a public set or init accessor")]
    public void Property_problems_are_reported_at_the_property(string member, string id, string at, string messagePart)
    {
        string source = $$"""
            using System;
            using DicomWeb;
            using DicomWeb.Json;
            [DicomJsonModel]
            public partial record Row
            {
                {{member}}
            }
            """;
        var (driver, _) = Run(source);
        var diagnostic = Assert.Single(driver.GetRunResult().Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(messagePart, diagnostic.GetMessage(), StringComparison.Ordinal);
        int position = source.IndexOf(member, StringComparison.Ordinal);
        Assert.InRange(diagnostic.Location.SourceSpan.Start, position, position + member.Length);
        Assert.Equal(at, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Empty(driver.GetRunResult().GeneratedTrees);
    }

    [Fact]
    public void A_type_that_is_not_partial_is_reported_at_its_name()
    {
        const string source = "using DicomWeb.Json; [DicomJsonModel] public record Row { public string? PatientID { get; init; } }";
        var (driver, _) = Run(source);
        var diagnostic = Assert.Single(driver.GetRunResult().Diagnostics);
        Assert.Equal("DICOMWEB012", diagnostic.Id);
        Assert.Equal("Row", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public void A_type_without_a_parameterless_constructor_is_reported()
    {
        var (driver, _) = Run("using DicomWeb.Json; [DicomJsonModel] public partial record Row(string PatientID);");
        Assert.Contains(driver.GetRunResult().Diagnostics, d => d.Id == "DICOMWEB013" && d.GetMessage().Contains("parameterless constructor", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[DicomJsonModel] public partial record Row<T> { public string? PatientID { get; init; } }", "Row<T> is generic")]
    [InlineData("public partial class Outer<TKey> { [DicomJsonModel] public partial record Row { public string? PatientID { get; init; } } }", "Row is nested in the generic type Outer<TKey>")]
    public void A_generic_model_is_refused_at_its_name(string declaration, string messagePart)
    {
        string source = "using DicomWeb.Json; " + declaration;
        var (driver, _) = Run(source);
        var diagnostic = Assert.Single(driver.GetRunResult().Diagnostics);
        Assert.Equal("DICOMWEB014", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(messagePart, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("Row", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Empty(driver.GetRunResult().GeneratedTrees);
    }

    [Fact]
    public void A_type_that_only_prints_like_a_DicomWeb_type_is_not_read_as_one()
    {
        // The consumer's own DicomWeb.PersonName: same name as DicomWeb.Sdk.Json's, another type.
        const string source = """
            using DicomWeb.Json;
            namespace DicomWeb { public sealed class PersonName { } }
            [DicomJsonModel]
            public partial record Row
            {
                public DicomWeb.PersonName? PatientName { get; init; }
            }
            """;
        var (driver, _) = Run(source);
        var diagnostic = Assert.Single(driver.GetRunResult().Diagnostics);
        Assert.Equal("DICOMWEB011", diagnostic.Id);
        Assert.Contains("is not one DicomWeb can read", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("PatientName", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Empty(driver.GetRunResult().GeneratedTrees);
    }

    /// <summary>Each codec's name is the name of a reader and a writer entry: a model with every property type compiles.</summary>
    [Fact]
    public void A_model_with_every_property_type_compiles_against_the_reader_and_writer_entries()
    {
        const string source = """
            using System;
            using DicomWeb;
            using DicomWeb.Json;
            [DicomJsonModel]
            public partial record EveryType
            {
                public string? PatientID { get; init; }
                public PersonName? PatientName { get; init; }
                public DicomDate? StudyDate { get; init; }
                public DateOnly SeriesDate { get; init; }
                public DicomTime? StudyTime { get; init; }
                public TimeOnly? SeriesTime { get; init; }
                public DicomDateTime? AcquisitionDateTime { get; init; }
                public DateTimeOffset? FrameReferenceDateTime { get; init; }
                public int InstanceNumber { get; init; }
                public uint[] SimpleFrameList { get; init; } = [];
                public long? ReferencePixelX0 { get; init; }
                public ulong? Columns { get; init; }
                public short? TagAngleSecondAxis { get; init; }
                public ushort Rows { get; init; }
                public double? SliceThickness { get; init; }
                public float? RecommendedDisplayFrameRateInFloat { get; init; }
                public DicomTag[] FrameIncrementPointer { get; init; } = [];
                public DicomDataset? ReferencedSeriesSequence { get; init; }
                public DicomBulkData? PixelData { get; init; }
            }
            """;
        var (driver, compilation) = Run(source);
        var result = driver.GetRunResult();
        Assert.Empty(result.Diagnostics);
        AssertCompilesCleanly(compilation, result);
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_model_step_cached()
    {
        var (driver, compilation) = Run(StudyRow);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        var reasons = result.TrackedSteps[ModelGenerator.ModelStep].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(2, reasons.Count);
        Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }
}
