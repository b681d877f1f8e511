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

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "DICOMWEB001" => MalformedRow,
        "DICOMWEB002" => DuplicateKeyword,
        "DICOMWEB003" => DuplicateEntry,
        "DICOMWEB004" => TransferSyntaxWithoutProperties,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "unknown diagnostic id"),
    };
}
