using System.Runtime.CompilerServices;
using static DicomWeb.Json.JsonBytes;

namespace DicomWeb.Json;

/// <summary>
/// Reads DICOM JSON in the shapes servers write straight from the bytes, without a general JSON
/// tokenizer: keys of eight hex digits, the members of an attribute in any order ("Value",
/// "InlineBinary" or "BulkDataURI" before "vr", as Orthanc writes them), strings with escapes
/// (decoded once, into the data set's storage), any JSON whitespace between tokens. It accepts a
/// subset of what <see cref="DicomJsonParser"/> accepts and builds the same data sets: at the
/// first byte outside that subset it gives up (returns false, never throws), and the caller reads
/// the current top-level object again with <see cref="DicomJsonParser"/>, which tolerates or
/// refuses it with the usual message, path and offset. So hostile input costs at most one more
/// pass over one object, and is judged by one set of rules.
/// </summary>
internal static partial class DicomJsonFastReader
{
    /// <summary>An array of data sets read by the fast reader alone (whitespace around it allowed); false at the first thing it gives up, a single object or an empty input included.</summary>
    public static bool TryReadArray(ReadOnlySpan<byte> input, ParseContext context, out List<DicomDataset> datasets)
    {
        datasets = [];
        int p = 0;
        if (!TryStartArray(input, ref p, out bool more))
            return false;
        while (more)
        {
            if (!TryReadDataset(input, ref p, context, out DicomDataset? dataset))
                return false;
            datasets.Add(dataset!);
            if (!TryNextElement(input, ref p, out more))
                return false;
        }
        return AtEnd(input, p);
    }

    /// <summary>The start of the top-level array: true with <paramref name="more"/> when an element follows at <paramref name="p"/>, without when the array is empty.</summary>
    public static bool TryStartArray(ReadOnlySpan<byte> s, ref int p, out bool more)
    {
        more = false;
        SkipSpace(s, ref p);
        if (!Take(s, ref p, (byte)'['))
            return false;
        SkipSpace(s, ref p);
        more = !Take(s, ref p, (byte)']');
        return true;
    }

    /// <summary>After an element of the top-level array: ',' (another follows at <paramref name="p"/>) or ']'.</summary>
    public static bool TryNextElement(ReadOnlySpan<byte> s, ref int p, out bool more)
    {
        more = false;
        SkipSpace(s, ref p);
        if (Take(s, ref p, (byte)']'))
            return true;
        if (!Take(s, ref p, (byte)','))
            return false;
        SkipSpace(s, ref p);
        more = true;
        return true;
    }

    /// <summary>Only whitespace from <paramref name="p"/> to the end.</summary>
    public static bool AtEnd(ReadOnlySpan<byte> s, int p)
    {
        SkipSpace(s, ref p);
        return p == s.Length;
    }

    /// <summary>One data set, the whole input (whitespace around it allowed).</summary>
    public static bool TryReadObject(ReadOnlySpan<byte> input, ParseContext context, out DicomDataset? dataset)
    {
        int p = 0;
        dataset = null;
        SkipSpace(input, ref p);
        return At(input, p, (byte)'{') && TryDataset(input, ref p, context, out dataset) && AtEnd(input, p);
    }

    /// <summary>One data set at <paramref name="p"/> (on its '{'), which moves past it; an element of an array or of a stream.</summary>
    public static bool TryReadDataset(ReadOnlySpan<byte> input, ref int p, ParseContext context, out DicomDataset? dataset)
    {
        dataset = null;
        return At(input, p, (byte)'{') && TryDataset(input, ref p, context, out dataset);
    }

    /// <summary>
    /// Checks one data set for a typed model (the context validates only) at <paramref name="p"/>,
    /// and lists its attributes in <paramref name="attributes"/>, each with <see cref="ElementSlot.Start"/>
    /// and <see cref="ElementSlot.Length"/> spanning the attribute's object, for the model to decode.
    /// </summary>
    public static bool TryCheckModelObject(ReadOnlySpan<byte> input, ref int p, ParseContext context, List<ElementSlot> attributes)
    {
        attributes.Clear();
        SkipSpace(input, ref p);
        return At(input, p, (byte)'{') && TryAttributes(input, ref p, context, attributes);
    }

    /// <summary>At '{': the attributes of one data set, into a data set (none when only validating).</summary>
    private static bool TryDataset(ReadOnlySpan<byte> s, ref int p, ParseContext context, out DicomDataset? dataset)
    {
        dataset = null;
        List<ElementSlot> slots = context.RentSlots();
        bool read = TryAttributes(s, ref p, context, slots);
        if (read && !context.ValidateOnly)
        {
            dataset = new DicomDataset();
            dataset.SetParsed(slots);
        }
        context.ReturnSlots(slots);
        return read;
    }

    // Not inlined: compiled on its own, it has the JIT's whole inlining budget for the small readers
    // it calls per key (inlined into its callers, it called them, and a read took 15 % longer).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryAttributes(ReadOnlySpan<byte> s, ref int p, ParseContext context, List<ElementSlot> slots)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            return false;
        p++; // '{'
        SkipSpace(s, ref p);
        if (Take(s, ref p, (byte)'}'))
            return true;
        bool ordered = true;
        bool strict = context.Options.Strict;
        while (true)
        {
            // Lowercase hex is tolerated unless strict; a keyword or an escaped key is the general parser's.
            if (!TagKeys.TryReadKey(s, ref p, out uint tag, out bool lowercase) || (lowercase && strict) || !TakeSpaced(s, ref p, (byte)':'))
                return false;
            if (!At(s, p, (byte)'{') || !TryAttribute(s, ref p, tag, context, out ElementSlot slot))
                return false;
            if (slots.Count > 0 && slots[^1].Tag >= tag)
            {
                if (slots[^1].Tag == tag)
                    return false;
                ordered = false; // F.2.2 asks for ascending order; tolerated, sorted below.
            }
            slots.Add(slot);
            SkipSpace(s, ref p);
            if (Take(s, ref p, (byte)'}'))
                break;
            if (!Take(s, ref p, (byte)','))
                return false;
            SkipSpace(s, ref p);
        }
        return ordered || SlotOrder.Sort(slots, keyStarts: null) < 0;
    }

    private enum Member : byte { None, Vr, Value, InlineBinary, BulkDataUri }

    private static Member TakeMember(ReadOnlySpan<byte> s, ref int p) =>
        TakeLiteral(s, ref p, "\"vr\""u8) ? Member.Vr
        : TakeLiteral(s, ref p, "\"Value\""u8) ? Member.Value
        : TakeLiteral(s, ref p, "\"BulkDataURI\""u8) ? Member.BulkDataUri
        : TakeLiteral(s, ref p, "\"InlineBinary\""u8) ? Member.InlineBinary
        : Member.None;

    /// <summary>
    /// At '{': one attribute, "vr" and at most one of "Value", "InlineBinary", "BulkDataURI", in any
    /// order. A value before "vr" is passed over and read at its place once the VR is known.
    /// </summary>
    private static bool TryAttribute(ReadOnlySpan<byte> s, ref int p, uint tag, ParseContext context, out ElementSlot slot)
    {
        slot = new ElementSlot { Tag = tag };
        int attributeStart = p;
        p++;
        SkipSpace(s, ref p);
        bool hasVR = false, hasForm = false, guessed = false;
        Member pending = Member.None;
        int pendingAt = 0;
        while (true)
        {
            Member member = TakeMember(s, ref p);
            if (member == Member.None || !TakeSpaced(s, ref p, (byte)':'))
                return false; // no "vr" at all (taken from the dictionary), "keyword", escapes in a name: the general parser's
            if (member == Member.Vr)
            {
                if (hasVR || p + 4 > s.Length || s[p] != '"' || s[p + 3] != '"' || !VRCodes.TryGet(s[p + 1], s[p + 2], out DicomVR vr))
                    return false;
                p += 4;
                hasVR = true;
                if (guessed && vr == slot.VR)
                {
                    // Read already, with the right VR.
                }
                else if (pending != Member.None)
                {
                    // The value came first and was passed over, or read with another VR: read it at its place now.
                    slot = new ElementSlot { Tag = tag, VR = vr };
                    int at = pendingAt;
                    if (!TryForm(s, ref at, pending, context, ref slot))
                        return false;
                }
                else
                {
                    slot.VR = vr;
                }
                // Remembered for the next value that comes before its "vr" (Orthanc's layout); input
                // that puts "vr" first has nothing to guess, and its readers no table to write.
                if (pending != Member.None)
                    VRCodes.Learn(tag, vr);
            }
            else
            {
                if (hasForm)
                    return false;
                hasForm = true;
                if (hasVR)
                {
                    if (!TryForm(s, ref p, member, context, ref slot))
                        return false;
                }
                else
                {
                    // Before "vr": read with the VR this tag had last time (checked when "vr" comes), or passed over
                    // and read at its place once the VR is known. Objects in the value (a sequence's items, or
                    // a person name) are not passed over on a guess the dictionary can give: nested sequences
                    // passed over at every level would be read once per level.
                    pending = member;
                    pendingAt = p;
                    slot.VR = VRCodes.Expected(tag, objectsInValue: member == Member.Value && StartsWithObject(s, p));
                    int q = p;
                    guessed = slot.VR != default && TryForm(s, ref q, member, context, ref slot);
                    if (guessed)
                        p = q;
                    else if (!TrySkipValue(s, p, out p))
                        return false;
                }
            }
            SkipSpace(s, ref p);
            if (Take(s, ref p, (byte)'}'))
                break;
            if (!Take(s, ref p, (byte)','))
                return false;
            SkipSpace(s, ref p);
        }
        if (!hasVR)
            return false;
        if (context.ValidateOnly)
        {
            // A typed model decodes the declared attributes from their objects.
            slot.Start = attributeStart;
            slot.Length = p - attributeStart;
        }
        return true;
    }

    // At '[': whether its first element is an object ('[' then '{', whitespace between).
    private static bool StartsWithObject(ReadOnlySpan<byte> s, int p)
    {
        if (!At(s, p, (byte)'['))
            return false;
        p++;
        SkipSpace(s, ref p);
        return At(s, p, (byte)'{');
    }

    /// <summary>At the value of "Value", "InlineBinary" or "BulkDataURI", the VR known: reads it into <paramref name="slot"/>.</summary>
    private static bool TryForm(ReadOnlySpan<byte> s, ref int p, Member member, ParseContext context, ref ElementSlot slot)
    {
        ValueKind kind = slot.VR.JsonKind;
        switch (member)
        {
            case Member.Value when kind == ValueKind.Sequence:
                if (!At(s, p, (byte)'[') || !TryItems(s, ref p, context, out DicomDataset[]? items))
                    return false;
                slot.Items = items;
                // As DicomJsonParser: an empty sequence is Empty in a data set, and Sequence when only validating.
                slot.Form = slot.Items is { Length: > 0 } || context.ValidateOnly ? DicomValueForm.Sequence : DicomValueForm.Empty;
                return true;
            case Member.Value:
                return kind != ValueKind.Binary && At(s, p, (byte)'[') && TryValueArray(s, ref p, slot.VR, kind, context, ref slot);
            case Member.InlineBinary:
                return kind == ValueKind.Binary && TryInlineBinary(s, ref p, context, ref slot);
            default:
                return slot.VR.AllowsBulkData && TryBulkDataUri(s, ref p, context, ref slot);
        }
    }

    /// <summary>At '[': the items of a sequence, each an object (a null item or a lone item without the array is left to the general parser).</summary>
    private static bool TryItems(ReadOnlySpan<byte> s, ref int p, ParseContext context, out DicomDataset[]? items)
    {
        items = null;
        if (context.Depth + 1 > context.Options.MaxSequenceDepth)
            return false;
        context.Depth++;
        p++;
        SkipSpace(s, ref p);
        List<DicomDataset> list = context.RentItems();
        bool read = true;
        if (!Take(s, ref p, (byte)']'))
        {
            while (true)
            {
                if (!At(s, p, (byte)'{') || !TryDataset(s, ref p, context, out DicomDataset? item))
                {
                    read = false;
                    break;
                }
                if (item is not null)
                    list.Add(item);
                SkipSpace(s, ref p);
                if (Take(s, ref p, (byte)']'))
                    break;
                if (!Take(s, ref p, (byte)','))
                {
                    read = false;
                    break;
                }
                SkipSpace(s, ref p);
            }
        }
        items = context.ValidateOnly ? null : context.ReturnItems(list);
        if (context.ValidateOnly)
            context.ReturnItems(list);
        context.Depth--;
        return read;
    }
}
