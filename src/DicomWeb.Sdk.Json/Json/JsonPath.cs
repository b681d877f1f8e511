using System.Globalization;
using System.Text;

namespace DicomWeb.Json;

/// <summary>
/// Where the reader is, kept as a small stack so that an error can name its JSON path without
/// building strings on the way.
/// </summary>
internal sealed class JsonPath
{
    // An array rather than a List: pushed, set and popped for every element and value read.
    private (uint Tag, int Index)[] _frames = [];
    private int _count;

    /// <summary>Index in the top-level array, or -1 for a single object.</summary>
    public int TopIndex { get; set; } = -1;

    public void PushTag(uint tag)
    {
        if (_count == _frames.Length)
            Array.Resize(ref _frames, Math.Max(8, _count * 2));
        _frames[_count++] = (tag, -1);
    }

    public void SetIndex(int index) => _frames[_count - 1].Index = index;

    public void Pop() => _count--;

    public override string ToString()
    {
        var text = new StringBuilder("$");
        if (TopIndex >= 0)
            text.Append('[').Append(TopIndex.ToString(CultureInfo.InvariantCulture)).Append(']');
        foreach (var (tag, index) in _frames.AsSpan(0, _count))
        {
            text.Append('.').Append(tag.ToString("X8", CultureInfo.InvariantCulture));
            if (index >= 0)
                text.Append(".Value[").Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
        }
        return text.ToString();
    }
}
