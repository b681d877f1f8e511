using System.ComponentModel;
using System.Text.Json;

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
    internal DicomJsonModelScope(ReadOnlySpan<byte> input, ParseContext context, bool checkedAlready = false)
    {
        Input = input;
        Context = context;
        CheckedAlready = checkedAlready;
    }

    /// <summary>
    /// The object was checked already by <see cref="DicomJsonFastReader"/>, which listed its
    /// attributes in <see cref="ParseContext.ModelAttributes"/>: the reader goes from one to the
    /// next of them and decodes what the model declares, nothing else.
    /// </summary>
    internal bool CheckedAlready { get; }

    /// <summary>With <see cref="CheckedAlready"/>: puts <paramref name="reader"/> on the next attribute's StartObject.</summary>
    internal bool NextCheckedAttribute(ref Utf8JsonReader reader, out uint tag)
    {
        ParseContext context = Context!;
        if (context.ModelCursor == context.ModelAttributes.Count)
        {
            tag = 0;
            return false;
        }
        ElementSlot attribute = context.ModelAttributes[context.ModelCursor++];
        reader = new Utf8JsonReader(Input.Slice(attribute.Start, attribute.Length));
        reader.Read();
        tag = attribute.Tag;
        return true;
    }

    /// <summary>With <see cref="CheckedAlready"/>: whether the attribute the reader is on has no value (as the checks normalized it: [null] and [""] included).</summary>
    internal bool CurrentIsEmpty => Context!.ModelAttributes[Context.ModelCursor - 1].Form == DicomValueForm.Empty;

    /// <summary>The whole input the reader reads (attributes with "vr" after "Value" are checked again from it).</summary>
    internal ReadOnlySpan<byte> Input { get; }

    /// <summary>The parse being checked; null when reading without the generic checks.</summary>
    internal ParseContext? Context { get; }
}
