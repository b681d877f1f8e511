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

    /// <summary>The whole input the reader reads (attributes with "vr" after "Value" are checked again from it).</summary>
    internal ReadOnlySpan<byte> Input { get; }

    /// <summary>The parse being checked; null when reading without the generic checks.</summary>
    internal ParseContext? Context { get; }

    /// <summary>
    /// The object was checked already by <see cref="DicomJsonFastReader"/>, which listed its
    /// attributes in <see cref="ParseContext.ModelAttributes"/>: the reader goes from one to the
    /// next of them and decodes what the model declares, nothing else.
    /// </summary>
    internal bool CheckedAlready { get; }

    /// <summary>
    /// With <see cref="CheckedAlready"/>: moves to the next attribute. The reader is made only for an
    /// attribute the model declares (<see cref="AttributeReader"/>): most of a metadata object is skipped.
    /// </summary>
    internal bool NextCheckedAttribute(out uint tag)
    {
        ParseContext context = Context!;
        if (context.ModelCursor == context.ModelAttributes.Count)
        {
            tag = 0;
            return false;
        }
        tag = context.ModelAttributes[context.ModelCursor++].Tag;
        return true;
    }

    /// <summary>With <see cref="CheckedAlready"/>: the attribute the model is on, its span in <see cref="Input"/> and its form (as the checks normalized it: [null] and [""] are Empty).</summary>
    internal ElementSlot CurrentAttribute => Context!.ModelAttributes[Context.ModelCursor - 1];

    /// <summary>With <see cref="CheckedAlready"/>: a reader on the StartObject of <paramref name="attribute"/>.</summary>
    internal Utf8JsonReader AttributeReader(in ElementSlot attribute)
    {
        var reader = new Utf8JsonReader(Input.Slice(attribute.Start, attribute.Length));
        reader.Read();
        return reader;
    }

    /// <summary>
    /// With <see cref="CheckedAlready"/>: for an attribute with values, a reader on the StartArray
    /// of its "Value", without reading "vr" and the rest around it again.
    /// </summary>
    internal Utf8JsonReader ValueArrayReader(in ElementSlot attribute)
    {
        var reader = new Utf8JsonReader(ValueArray(attribute));
        reader.Read();
        return reader;
    }

    /// <summary>With <see cref="CheckedAlready"/>: for an attribute with values, its JSON from the '[' of its "Value" on.</summary>
    internal ReadOnlySpan<byte> ValueArray(in ElementSlot attribute)
    {
        // Checked already: the attribute holds "vr" (two letters) and "Value", in either order, so the first '[' opens the Value array.
        ReadOnlySpan<byte> json = Input.Slice(attribute.Start, attribute.Length);
        return json[json.IndexOf((byte)'[')..];
    }
}
