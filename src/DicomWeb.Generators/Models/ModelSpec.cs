using DicomWeb.Generators.Common;

namespace DicomWeb.Generators.Models;

/// <summary>
/// A [DicomJsonModel] type, as the emitter needs it: values only, nothing that says where in the
/// source the type is, so moving it (an edit above it) leaves the spec equal and its code unwritten.
/// </summary>
internal sealed record ModelSpec(
    string? Namespace,
    string TypeName,
    string Declaration,
    EquatableArray<string> ContainingTypes,
    EquatableArray<PropertySpec> Properties);

/// <summary>What the parser made of a [DicomJsonModel] type: its spec, or null when it cannot be emitted, and the diagnostics (which carry positions).</summary>
internal sealed record ModelParseResult(ModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>One property bound to a DICOM attribute.</summary>
/// <param name="TypeDisplay">The property type, fully qualified.</param>
/// <param name="Codec">How one value is read and written.</param>
/// <param name="ElementTypeDisplay">For Model: the model type, fully qualified.</param>
/// <param name="Many">Whether the property holds all values (T[] or IReadOnlyList&lt;T&gt;).</param>
/// <param name="ElementNullable">Whether one value may be null (T? elements, or a nullable single value).</param>
/// <param name="IsValueType">Whether the element type is a value type.</param>
/// <param name="UsOrSs">Whether the dictionary says "US or SS": the VR written then follows the sign of the values.</param>
internal sealed record PropertySpec(
    string Name,
    string TypeDisplay,
    uint Tag,
    string VR,
    ModelCodec Codec,
    string ElementTypeDisplay,
    bool Many,
    bool ElementNullable,
    bool IsValueType,
    bool UsOrSs = false);
