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
    /// <summary>Names of the pipeline steps, for incremental-caching tests.</summary>
    public const string ModelStep = "DicomJsonModels";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ModelSpec> models = context.SyntaxProvider.ForAttributeWithMetadataName(
                "DicomWeb.Json.DicomJsonModelAttribute",
                static (node, _) => node is TypeDeclarationSyntax,
                ModelParser.Parse)
            .WithTrackingName(ModelStep);

        context.RegisterSourceOutput(models, static (output, model) =>
        {
            foreach (DiagnosticInfo diagnostic in model.Diagnostics)
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (model.CanEmit)
                output.AddSource(ModelEmitter.HintName(model), SourceText.From(ModelEmitter.Emit(model), Encoding.UTF8));
        });
    }
}
