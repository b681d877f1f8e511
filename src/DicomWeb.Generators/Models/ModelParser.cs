using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using DicomWeb.Generators.Common;
using DicomWeb.Generators.Dictionary;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DicomWeb.Generators.Models;

/// <summary>Turns a [DicomJsonModel] type symbol into a <see cref="ModelSpec"/>, with diagnostics at the offending property.</summary>
internal static class ModelParser
{
    public static ModelParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var symbols = new ModelSymbols(context.Attributes[0].AttributeClass!, context.SemanticModel.Compilation);
        var diagnostics = new List<DiagnosticInfo>();
        bool canEmit = true;

        // The reader creates the type, so it must be closed: a Row<T> is created for no T.
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (t.TypeParameters.Length == 0)
                continue;
            string generic = $"{t.Name}<{string.Join(", ", t.TypeParameters.Select(p => p.Name))}>";
            diagnostics.Add(At(Diagnostics.ModelGeneric, syntax.Identifier.GetLocation(), SymbolEqualityComparer.Default.Equals(t, type)
                ? $"{generic} is generic; a [DicomJsonModel] type cannot be: declare one non-generic model per use"
                : $"{type.Name} is nested in the generic type {generic}; a [DicomJsonModel] type cannot be: declare it outside {t.Name}"));
            canEmit = false;
            break;
        }

        if (!IsPartial(type))
        {
            diagnostics.Add(At(Diagnostics.ModelNotPartial, syntax.Identifier.GetLocation(), $"{type.Name} must be partial (and so must the types it is nested in) for [DicomJsonModel] to add its reader and writer"));
            canEmit = false;
        }
        if (!type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal))
        {
            diagnostics.Add(At(Diagnostics.ModelUnsupportedMember, syntax.Identifier.GetLocation(), $"{type.Name} needs a parameterless constructor: the reader creates it and sets its properties"));
            canEmit = false;
        }

        var properties = new List<PropertySpec>();
        var seen = new Dictionary<uint, string>();
        foreach (IPropertySymbol property in type.GetMembers().OfType<IPropertySymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal) || property.IsImplicitlyDeclared)
                continue;
            if (property.Name == "EqualityContract")
                continue;
            Location location = property.Locations.FirstOrDefault() ?? Location.None;
            PropertySpec? spec = ParseProperty(property, location, symbols, diagnostics);
            if (spec is null)
            {
                canEmit = false;
                continue;
            }
            if (property.SetMethod is null || property.SetMethod.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
            {
                diagnostics.Add(At(Diagnostics.ModelUnsupportedMember, location, $"{property.Name} needs a public set or init accessor for the reader to fill it"));
                canEmit = false;
                continue;
            }
            if (seen.TryGetValue(spec.Tag, out string? other))
            {
                diagnostics.Add(At(Diagnostics.ModelUnsupportedMember, location, $"{property.Name} and {other} both hold ({spec.Tag >> 16:X4},{spec.Tag & 0xFFFF:X4})"));
                canEmit = false;
                continue;
            }
            seen[spec.Tag] = property.Name;
            properties.Add(spec);
        }

        var containing = new List<string>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            containing.Insert(0, $"partial {Keyword(outer)} {outer.Name}");

        ModelSpec? model = canEmit
            ? new ModelSpec(
                type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                $"partial {Keyword(type)} {type.Name}",
                new EquatableArray<string>(containing),
                new EquatableArray<PropertySpec>(properties.OrderBy(p => p.Tag)))
            : null;
        return new ModelParseResult(model, new EquatableArray<DiagnosticInfo>(diagnostics));
    }

    private static PropertySpec? ParseProperty(IPropertySymbol property, Location location, ModelSymbols symbols, List<DiagnosticInfo> diagnostics)
    {
        // The attribute: by name = keyword unless [DicomTag] says otherwise.
        AttributeData? tagAttribute = symbols.TagAttributeOf(property);
        string keyword = property.Name;
        uint? tag = null;
        string? explicitVR = tagAttribute?.NamedArguments.FirstOrDefault(a => a.Key == "VR").Value.Value as string;
        if (tagAttribute is { ConstructorArguments.Length: 1 } && tagAttribute.ConstructorArguments[0].Value is string named)
            keyword = named;
        else if (tagAttribute is { ConstructorArguments.Length: 2 })
            tag = ((uint)(ushort)tagAttribute.ConstructorArguments[0].Value! << 16) | (ushort)tagAttribute.ConstructorArguments[1].Value!;

        string vr;
        bool usOrSs = false;
        if (tag is uint number)
        {
            if (DictionaryLookup.Instance.TryGetByTag(number, out ElementSpec known))
            {
                vr = explicitVR ?? StoredVR(known.VRs);
            }
            else if (explicitVR is { Length: 2 })
            {
                vr = explicitVR;
            }
            else
            {
                diagnostics.Add(At(Diagnostics.ModelUnknownAttribute, location, $"({number >> 16:X4},{number & 0xFFFF:X4}) is not in the DICOM dictionary: give its VR, as in [DicomTag(0x{number >> 16:X4}, 0x{number & 0xFFFF:X4}, VR = \"LO\")]"));
                return null;
            }
        }
        else if (DictionaryLookup.Instance.TryGetByKeyword(keyword, out ElementSpec element) && !element.IsRepeating)
        {
            tag = element.Tag;
            vr = explicitVR ?? StoredVR(element.VRs);
            usOrSs = explicitVR is null && element.VRs.Count == 2 && element.VRs[0] == "US" && element.VRs[1] == "SS";
        }
        else
        {
            string what = tagAttribute is null ? $"The property name {keyword}" : $"\"{keyword}\"";
            diagnostics.Add(At(Diagnostics.ModelUnknownAttribute, location, $"{what} is not a DICOM keyword; name the property after one (e.g. PatientName) or use [DicomTag(\"Keyword\")] or [DicomTag(group, element)]"));
            return null;
        }

        // The type: T, T?, T[] or IReadOnlyList<T>.
        ITypeSymbol type = property.Type;
        bool many = false;
        if (type is IArrayTypeSymbol array)
        {
            many = true;
            type = array.ElementType;
        }
        else if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IReadOnlyList_T } generic)
        {
            many = true;
            type = generic.TypeArguments[0];
        }
        bool elementNullable = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            elementNullable = true;
            type = nullable.TypeArguments[0];
        }
        else if (!type.IsValueType && (many ? type.NullableAnnotation == NullableAnnotation.Annotated : property.Type.NullableAnnotation != NullableAnnotation.NotAnnotated))
        {
            elementNullable = true;
        }

        string elementDisplay = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        ModelCodec codec;
        if (symbols.IsModel(type))
        {
            codec = ModelCodec.Model;
            if (vr != "SQ")
            {
                diagnostics.Add(At(Diagnostics.ModelTypeMismatch, location, $"{property.Name} is {Describe(tag.Value, vr)}; a [DicomJsonModel] type holds a sequence (SQ) item. Use {ModelCodecs.Suggest(vr)}"));
                return null;
            }
        }
        else if (symbols.CodecFor(type) is { } entry)
        {
            codec = entry.Codec;
            if (!entry.VRs.Contains(vr))
            {
                diagnostics.Add(At(Diagnostics.ModelTypeMismatch, location, $"{property.Name} is {Describe(tag.Value, vr)}; a {property.Type.ToDisplayString()} property cannot hold it. Use {ModelCodecs.Suggest(vr)}"));
                return null;
            }
            if (codec == ModelCodec.BulkData && many)
            {
                diagnostics.Add(At(Diagnostics.ModelTypeMismatch, location, $"{property.Name}: bulk data is one DicomBulkData, not a list"));
                return null;
            }
        }
        else
        {
            diagnostics.Add(At(Diagnostics.ModelTypeMismatch, location, $"{property.Name} is {Describe(tag.Value, vr)}; the type {property.Type.ToDisplayString()} is not one DicomWeb can read. Use {ModelCodecs.Suggest(vr)}"));
            return null;
        }

        return new PropertySpec(
            property.Name,
            property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier | SymbolDisplayMiscellaneousOptions.UseSpecialTypes)),
            tag.Value, vr, codec, elementDisplay, many, elementNullable, type.IsValueType, usOrSs);
    }

    // As DicomTags does; an item or delimitation tag, which has no VR, reads as UN.
    private static string StoredVR(EquatableArray<string> vrs) => vrs.Count == 0 ? "UN" : VRFacts.StoredVR(vrs);

    private static string Describe(uint tag, string vr)
    {
        string keyword = DictionaryLookup.Instance.TryGetByTag(tag, out ElementSpec element) ? " " + element.Keyword : "";
        return $"({tag >> 16:X4},{tag & 0xFFFF:X4}){keyword}, VR {vr}";
    }

    private static bool IsPartial(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (!t.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax d && d.Modifiers.Any(SyntaxKind.PartialKeyword)))
                return false;
        }
        return true;
    }

    private static string Keyword(INamedTypeSymbol type) => (type.IsRecord, type.IsValueType) switch
    {
        (true, true) => "record struct",
        (true, false) => "record",
        (false, true) => "struct",
        _ => "class",
    };

    private static DiagnosticInfo At(DiagnosticDescriptor descriptor, Location location, string message)
    {
        FileLinePositionSpan span = location.GetLineSpan();
        return new DiagnosticInfo(descriptor.Id, message, span.Path, location.SourceSpan.Start, location.SourceSpan.Length,
            span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character);
    }
}
