using System.Text;
using DicomWeb.Generators.Common;
using DicomWeb.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace DicomWeb.Generators;

/// <summary>
/// Makes every [DicomJsonModel] type an IDicomJsonModel: a DICOM JSON reader that decodes only
/// the declared tags, and a writer. Runs in any project that references DicomWeb.Sdk.Json.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    // Names of the pipeline steps, for incremental-caching tests.

    /// <summary>Each [DicomJsonModel] type read: its spec and its diagnostics.</summary>
    public const string ParseStep = "ParseDicomJsonModels";

    /// <summary>The specs alone, which the sources are written from.</summary>
    public const string ModelStep = "DicomJsonModels";

    /// <summary>The diagnostics alone, which are reported from here.</summary>
    public const string DiagnosticsStep = "DicomJsonModelDiagnostics";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ModelParseResult> parsed = context.SyntaxProvider.ForAttributeWithMetadataName(
                "DicomWeb.Json.DicomJsonModelAttribute",
                static (node, _) => node is TypeDeclarationSyntax,
                ModelParser.Parse)
            .WithTrackingName(ParseStep);

        // As System.Text.Json's generator does: the spec (values only) and the diagnostics (which
        // carry positions) go separate ways, so an edit that only moves a model re-reports its
        // diagnostics where they now are and writes no code again.
        IncrementalValuesProvider<ModelSpec?> models = parsed
            .Select(static (result, _) => result.Model)
            .WithTrackingName(ModelStep);
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(DiagnosticsStep);

        context.RegisterSourceOutput(diagnostics, static (output, diagnostics) =>
        {
            foreach (DiagnosticInfo diagnostic in diagnostics)
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
        context.RegisterSourceOutput(models, static (output, model) =>
        {
            if (model is not null)
                output.AddSource(ModelEmitter.HintName(model), SourceText.From(ModelEmitter.Emit(model), Encoding.UTF8));
        });
    }
}
