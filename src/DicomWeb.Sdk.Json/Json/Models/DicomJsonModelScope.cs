using System.ComponentModel;

namespace DicomWeb.Json;

/// <summary>
/// What a generated <see cref="IDicomJsonModel{TSelf}"/> reader carries through one object: the
/// input and the checks of <see cref="DicomJson"/>, so that the object is checked by the generic
/// rules in the same pass that reads the declared attributes. The default value reads without
/// those checks (a reader positioned by hand). Not meant to be used by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct DicomJsonModelScope
{
    internal DicomJsonModelScope(ReadOnlySpan<byte> input, ParseContext context)
    {
        Input = input;
        Context = context;
    }

    /// <summary>The whole input the reader reads (attributes with "vr" after "Value" are checked again from it).</summary>
    internal ReadOnlySpan<byte> Input { get; }

    /// <summary>The parse being checked; null when reading without the generic checks.</summary>
    internal ParseContext? Context { get; }
}
