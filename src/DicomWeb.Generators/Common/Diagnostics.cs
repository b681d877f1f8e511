using System;
using Microsoft.CodeAnalysis;

namespace DicomWeb.Generators.Common;

/// <summary>Every diagnostic the DicomWeb generators report.</summary>
internal static class Diagnostics
{
    private const string Category = "DicomWeb.Dictionary";

    public static readonly DiagnosticDescriptor MalformedRow = new(
        "DICOMWEB001", "Malformed dictionary row", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A row of a dictionary file (elements.tsv, uids.tsv, transfer-syntaxes.tsv) cannot be read. The row is left out of the generated code.");

    public static readonly DiagnosticDescriptor DuplicateKeyword = new(
        "DICOMWEB002", "Duplicate dictionary keyword", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Two rows of a dictionary file use the same keyword; the later row is left out so the generated code still compiles.");

    public static readonly DiagnosticDescriptor DuplicateEntry = new(
        "DICOMWEB003", "Duplicate dictionary entry", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Two rows of a dictionary file describe the same tag or UID; the later row is left out.");

    public static readonly DiagnosticDescriptor TransferSyntaxWithoutProperties = new(
        "DICOMWEB004", "Transfer syntax without properties", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "uids.tsv lists a transfer syntax that transfer-syntaxes.tsv does not describe; it gets a UID constant but no DicomTransferSyntax.");

    private const string ModelCategory = "DicomWeb.Json";

    public static readonly DiagnosticDescriptor ModelUnknownAttribute = new(
        "DICOMWEB010", "Unknown DICOM attribute", "{0}", ModelCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A [DicomJsonModel] property names no attribute of the DICOM dictionary.");

    public static readonly DiagnosticDescriptor ModelTypeMismatch = new(
        "DICOMWEB011", "Property type does not fit the VR", "{0}", ModelCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A [DicomJsonModel] property's type cannot hold values of the attribute's VR.");

    public static readonly DiagnosticDescriptor ModelNotPartial = new(
        "DICOMWEB012", "[DicomJsonModel] type is not partial", "{0}", ModelCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The generator adds the reader and writer to the type, so it must be declared partial.");

    public static readonly DiagnosticDescriptor ModelUnsupportedMember = new(
        "DICOMWEB013", "[DicomJsonModel] type cannot be filled", "{0}", ModelCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The type needs a parameterless constructor, settable properties and one property per attribute.");

    public static readonly DiagnosticDescriptor ModelGeneric = new(
        "DICOMWEB014", "[DicomJsonModel] type is generic", "{0}", ModelCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The reader creates the model type itself, so the type and the types it is nested in must not be generic; declare one non-generic model per use.");

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "DICOMWEB010" => ModelUnknownAttribute,
        "DICOMWEB011" => ModelTypeMismatch,
        "DICOMWEB012" => ModelNotPartial,
        "DICOMWEB013" => ModelUnsupportedMember,
        "DICOMWEB014" => ModelGeneric,
        "DICOMWEB001" => MalformedRow,
        "DICOMWEB002" => DuplicateKeyword,
        "DICOMWEB003" => DuplicateEntry,
        "DICOMWEB004" => TransferSyntaxWithoutProperties,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "unknown diagnostic id"),
    };
}
