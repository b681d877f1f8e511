using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DicomWeb.Sdk.Tests.Query;

/// <summary>Matches the VR does not allow do not compile: checked by compiling snippets with Roslyn against the real assemblies.</summary>
public class MatcherCompileTests
{
    private static IReadOnlyList<Diagnostic> Compile(string statement)
    {
        string source = $$"""
            using System;
            using DicomWeb;
            using DicomWeb.Client;
            using static DicomWeb.DicomTags;
            public static class Snippet { public static object Run() => {{statement}}; }
            """;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll")
            .Append(typeof(DicomTag).Assembly.Location)
            .Append(typeof(DicomWeb.Client.Qido).Assembly.Location)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("Snippet", [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }

    [Theory]
    [InlineData("StudyInstanceUID.Like(\"1.2*\")")]
    [InlineData("StudyDate.Like(\"2025*\")")]
    [InlineData("Rows.Like(\"5*\")")]
    [InlineData("PatientName.Between(DateOnly.MinValue, DateOnly.MaxValue)")]
    [InlineData("Modality.In(\"CT\", \"MR\")")]
    public void Invalid_matches_do_not_compile(string match)
    {
        var errors = Compile(match);
        Assert.Contains(errors, e => e.Id is "CS1929" or "CS1061" or "CS1503");
    }

    [Theory]
    [InlineData("PatientName.Like(\"Smith*\")")]
    [InlineData("StudyDate.Between(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31))")]
    [InlineData("StudyInstanceUID.In(\"1.2.3\", \"1.2.4\")")]
    [InlineData("Qido.Studies().Where(ModalitiesInStudy.Is(\"CT\")).Include(StudyDescription, NumberOfStudyRelatedInstances)")]
    public void Valid_matches_compile(string match) => Assert.Empty(Compile(match));
}
