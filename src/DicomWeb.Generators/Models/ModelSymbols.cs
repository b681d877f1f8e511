using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DicomWeb.Generators.Models;

/// <summary>
/// The symbols a model is checked against, looked up once per model in the compilation being
/// built, and compared with <see cref="SymbolEqualityComparer"/>: a type is the runtime's own
/// DateOnly or DicomWeb's own PersonName, not anything whose name prints the same.
/// </summary>
internal sealed class ModelSymbols
{
    private readonly List<(ITypeSymbol Type, ModelCodecEntry Entry)> _codecs = [];

    /// <param name="modelAttribute">The [DicomJsonModel] attribute class the generator was asked about; DicomWeb's types are looked up in its assembly.</param>
    public ModelSymbols(INamedTypeSymbol modelAttribute, Compilation compilation)
    {
        ModelAttribute = modelAttribute;
        IAssemblySymbol dicomWeb = modelAttribute.ContainingAssembly;
        // The assembly that defines object defines the other base types too (System.Runtime in
        // reference packs, System.Private.CoreLib at run time); asking it, not the compilation,
        // cannot be confused by a second assembly defining System.DateOnly.
        IAssemblySymbol core = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
        TagAttribute = dicomWeb.GetTypeByMetadataName("DicomWeb.Json.DicomTagAttribute");
        foreach (ModelCodecEntry entry in ModelCodecs.All)
        {
            if ((entry.InDicomWeb ? dicomWeb : core).GetTypeByMetadataName(entry.MetadataName) is { } type)
                _codecs.Add((type, entry));
        }
    }

    public INamedTypeSymbol ModelAttribute { get; }

    public INamedTypeSymbol? TagAttribute { get; }

    /// <summary>The codec entry for a property's element type, or null when DicomWeb cannot read that type.</summary>
    public ModelCodecEntry? CodecFor(ITypeSymbol type) =>
        _codecs.FirstOrDefault(c => SymbolEqualityComparer.Default.Equals(c.Type, type)).Entry;

    /// <summary>Whether a type is itself a [DicomJsonModel] (a sequence item).</summary>
    public bool IsModel(ITypeSymbol type) => type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, ModelAttribute));

    /// <summary>The [DicomTag] on a property, if any.</summary>
    public AttributeData? TagAttributeOf(IPropertySymbol property) =>
        TagAttribute is null ? null : property.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, TagAttribute));
}
