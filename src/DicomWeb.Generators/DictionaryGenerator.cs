using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using DicomWeb.Generators.Common;
using DicomWeb.Generators.Dictionary;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DicomWeb.Generators;

/// <summary>
/// Emits DicomTags, DicomDictionary, DicomUids and the transfer syntax list from the dictionary
/// files, into the one assembly that asks for them with the MSBuild property
/// <c>DicomWebEmitDictionary=true</c> (DicomWeb.Sdk.Json). The files come from AdditionalFiles
/// named elements.tsv, uids.tsv and transfer-syntaxes.tsv, or else from the copies embedded in
/// this assembly.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DictionaryGenerator : IIncrementalGenerator
{
    /// <summary>Names of the pipeline steps, for incremental-caching tests.</summary>
    public static class Steps
    {
        public const string DictionaryFiles = nameof(DictionaryFiles);
        public const string ParseDictionary = nameof(ParseDictionary);
        public const string DictionarySpec = nameof(DictionarySpec);
        public const string DictionaryDiagnostics = nameof(DictionaryDiagnostics);
        public const string EmitDictionary = nameof(EmitDictionary);
    }

    public const string EmitProperty = "build_property.DicomWebEmitDictionary";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<bool> emit = context.AnalyzerConfigOptionsProvider
            .Select((options, _) => options.GlobalOptions.TryGetValue(EmitProperty, out string? value)
                && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            .WithTrackingName(Steps.EmitDictionary);

        IncrementalValueProvider<ImmutableArray<DictionaryFile>> files = context.AdditionalTextsProvider
            .Where(text => IsDictionaryFile(Path.GetFileName(text.Path)))
            .Select((text, cancellationToken) => new DictionaryFile(
                Path.GetFileName(text.Path), text.Path, text.GetText(cancellationToken)?.ToString() ?? string.Empty))
            .WithTrackingName(Steps.DictionaryFiles)
            .Collect();

        IncrementalValueProvider<DictionaryParseResult?> parsed = files
            .Combine(emit)
            .Select((input, cancellationToken) => input.Right
                ? DictionaryParser.Parse(
                    FileOrEmbedded(input.Left, DictionaryParser.ElementsFile),
                    FileOrEmbedded(input.Left, DictionaryParser.UidsFile),
                    FileOrEmbedded(input.Left, DictionaryParser.TransferSyntaxesFile),
                    cancellationToken)
                : null)
            .WithTrackingName(Steps.ParseDictionary);

        // The spec and its diagnostics part here, so each output runs only when its own input
        // changed: the sources are not written again because a diagnostic moved, nor the reverse.
        IncrementalValueProvider<DictionarySpec?> spec = parsed
            .Select(static (result, _) => result?.Spec)
            .WithTrackingName(Steps.DictionarySpec);
        IncrementalValueProvider<EquatableArray<DiagnosticInfo>> diagnostics = parsed
            .Select(static (result, _) => result?.Diagnostics ?? EquatableArray<DiagnosticInfo>.Empty)
            .WithTrackingName(Steps.DictionaryDiagnostics);

        context.RegisterSourceOutput(diagnostics, static (output, diagnostics) =>
        {
            foreach (DiagnosticInfo diagnostic in diagnostics)
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
        context.RegisterSourceOutput(spec, static (output, spec) =>
        {
            if (spec is null)
                return;
            foreach (var (hintName, source) in DictionaryEmitter.Emit(spec))
                output.AddSource(hintName, SourceText.From(source, Encoding.UTF8));
        });
    }

    private static bool IsDictionaryFile(string name) =>
        name is DictionaryParser.ElementsFile or DictionaryParser.UidsFile or DictionaryParser.TransferSyntaxesFile;

    private static DictionaryFile FileOrEmbedded(ImmutableArray<DictionaryFile> files, string name) =>
        files.FirstOrDefault(f => f.Name == name) ?? EmbeddedDictionary.Get(name);
}
