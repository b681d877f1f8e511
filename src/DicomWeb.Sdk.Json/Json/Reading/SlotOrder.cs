using System.Runtime.InteropServices;

namespace DicomWeb.Json;

/// <summary>
/// The order of a data set's attributes: PS3.18 F.2.2 asks for ascending tags, real input may
/// have any (a hostile object 200,000 keys in reverse), and a key may not appear twice. One sort
/// and one duplicate check for every reader.
/// </summary>
internal static class SlotOrder
{
    /// <summary>
    /// Sorts <paramref name="slots"/> by tag in O(n log n) whatever their order, carrying
    /// <paramref name="keyStarts"/> along when given (the general parser names a duplicate by its place).
    /// Returns the index, in the sorted order, of the second of two equal tags, or -1.
    /// </summary>
    public static int Sort(List<ElementSlot> slots, List<long>? keyStarts)
    {
        Span<ElementSlot> span = CollectionsMarshal.AsSpan(slots);
        if (keyStarts is null)
            span.Sort(static (a, b) => a.Tag.CompareTo(b.Tag));
        else
            KeysSort(span, CollectionsMarshal.AsSpan(keyStarts));
        for (int i = 1; i < span.Length; i++)
        {
            if (span[i].Tag == span[i - 1].Tag)
                return i;
        }
        return -1;
    }

    private static void KeysSort(Span<ElementSlot> slots, Span<long> keyStarts)
    {
        // Sorted by tag through an index, so the key positions follow their slots.
        var tags = new uint[slots.Length];
        var order = new int[slots.Length];
        for (int i = 0; i < tags.Length; i++)
        {
            tags[i] = slots[i].Tag;
            order[i] = i;
        }
        Array.Sort(tags, order);
        ElementSlot[] sorted = new ElementSlot[slots.Length];
        long[] starts = new long[slots.Length];
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = slots[order[i]];
            starts[i] = keyStarts[order[i]];
        }
        sorted.CopyTo(slots);
        starts.CopyTo(keyStarts);
    }
}
