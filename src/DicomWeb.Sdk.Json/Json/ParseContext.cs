using System.Diagnostics.CodeAnalysis;

namespace DicomWeb.Json;

/// <summary>
/// The state of one parse: the JSON path and offsets an error message needs, and the arena the
/// value bytes are kept in.
/// </summary>
internal sealed class ParseContext(int inputLength)
{
    private readonly ValueArena _arena = new(inputLength);

    public int InputLength { get; } = inputLength;

    /// <summary>Copies value bytes into the arena, so the data sets hold only their values, not the keys and syntax around them.</summary>
    public int Keep(ReadOnlySpan<byte> bytes, out byte[] buffer) => _arena.Keep(bytes, out buffer);

    public JsonPath Path { get; } = new();

    /// <summary>Offset of the current reader's first byte in <see cref="Buffer"/> (non-zero when re-reading a slice).</summary>
    public int BaseOffset { get; set; }

    private readonly Stack<List<ElementSlot>> _spareSlots = new();

    /// <summary>A scratch list for the elements of one data set being read.</summary>
    public List<ElementSlot> RentSlots() => _spareSlots.TryPop(out List<ElementSlot>? slots) ? slots : new List<ElementSlot>(64);

    public void ReturnSlots(List<ElementSlot> slots)
    {
        slots.Clear();
        _spareSlots.Push(slots);
    }

    private readonly Stack<List<DicomDataset>> _spareItems = new();

    /// <summary>A scratch list for the items of one sequence being read.</summary>
    public List<DicomDataset> RentItems() => _spareItems.TryPop(out List<DicomDataset>? items) ? items : new List<DicomDataset>(8);

    public DicomDataset[] ReturnItems(List<DicomDataset> items)
    {
        DicomDataset[] result = items.ToArray();
        items.Clear();
        _spareItems.Push(items);
        return result;
    }

    [DoesNotReturn]
    public void Fail(string message, long tokenStart, Exception? inner = null) =>
        throw new DicomJsonException(message, Path.ToString(), BaseOffset + tokenStart, inner);
}
