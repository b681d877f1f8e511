using System.Diagnostics.CodeAnalysis;

namespace DicomWeb.Json;

/// <summary>
/// The state of one parse: the options, the JSON path and offsets an error message needs, and
/// the arena the value bytes are kept in.
/// </summary>
internal sealed class ParseContext(int inputLength, DicomJsonReadOptions options, bool validateOnly = false)
{
    private readonly ValueArena? _arena = validateOnly ? null : new(inputLength);

    /// <summary>The length of the input being read (for messages about truncation); set again for each object of a stream.</summary>
    public int InputLength { get; set; } = inputLength;

    public DicomJsonReadOptions Options { get; } = options;

    /// <summary>Whether values are only checked (for typed models), with no data sets built.</summary>
    public bool ValidateOnly { get; } = validateOnly;

    /// <summary>Copies value bytes into the arena, so the data sets hold only their values, not the keys and syntax around them.</summary>
    public int Keep(ReadOnlySpan<byte> bytes, out byte[] buffer) => _arena!.Keep(bytes, out buffer);

    /// <summary>Copies checked JSON with whitespace or escapes into the arena in its storage form (see <see cref="JsonEscapes.Compact"/>).</summary>
    public int KeepCompact(ReadOnlySpan<byte> json, out byte[] buffer, out int length) => _arena!.KeepCompact(json, out buffer, out length);

    /// <summary>Room for <paramref name="length"/> bytes in the arena, for the caller to fill (decoded InlineBinary).</summary>
    public int KeepUninitialized(int length, out byte[] buffer) => _arena!.Reserve(length, out buffer);

    public JsonPath Path { get; } = new();

    /// <summary>Offset of the current reader's first byte in the input (non-zero when re-reading a slice).</summary>
    public int BaseOffset { get; set; }

    /// <summary>Offset of the input's first byte in the whole stream (non-zero for an object of a streamed array), for error positions.</summary>
    public long StreamOffset { get; set; }

    /// <summary>The bytes read again by the general parser after the fast reader gave up (tests check that only the current object is).</summary>
    public long FallbackBytes { get; set; }

    /// <summary>Sequences entered so far on the way to the current data set.</summary>
    public int Depth { get; set; }

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

    private readonly Stack<List<long>> _spareKeyStarts = new();

    /// <summary>A scratch list for the key positions of one data set being read, to name a duplicate found after sorting.</summary>
    public List<long> RentKeyStarts() => _spareKeyStarts.TryPop(out List<long>? starts) ? starts : new List<long>(64);

    public void ReturnKeyStarts(List<long> starts)
    {
        starts.Clear();
        _spareKeyStarts.Push(starts);
    }

    /// <summary>The attributes of the object a typed model reads after <see cref="DicomJsonFastReader"/> checked it, and the next one to read.</summary>
    public List<ElementSlot> ModelAttributes { get; } = [];

    public int ModelCursor { get; set; }

    /// <summary>The state of one data set a typed model is reading: its keys so far, to refuse duplicates.</summary>
    public sealed class ModelFrame
    {
        public List<ElementSlot> Slots = null!;
        public List<long> KeyStarts = null!;
        public long KeyStart;
        public bool Ordered;
    }

    private readonly List<ModelFrame> _modelFrames = [];
    private int _modelDepth;

    public ModelFrame CurrentModelFrame => _modelFrames[_modelDepth - 1];

    public void PushModelFrame()
    {
        if (_modelDepth == _modelFrames.Count)
            _modelFrames.Add(new ModelFrame());
        ModelFrame frame = _modelFrames[_modelDepth++];
        frame.Slots = RentSlots();
        frame.KeyStarts = RentKeyStarts();
        frame.Ordered = true;
    }

    public void PopModelFrame()
    {
        ModelFrame frame = _modelFrames[--_modelDepth];
        ReturnSlots(frame.Slots);
        ReturnKeyStarts(frame.KeyStarts);
    }

    [DoesNotReturn]
    public void Fail(string message, long tokenStart, Exception? inner = null) =>
        throw new DicomJsonException(message, Path.ToString(), StreamOffset + BaseOffset + tokenStart, inner) { Placed = true };
}
