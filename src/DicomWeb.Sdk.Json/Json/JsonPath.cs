using System.Globalization;
using System.Text;

namespace DicomWeb.Json;

/// <summary>
/// Where the reader is, kept as a small stack so that an error can name its JSON path without
/// building strings on the way.
/// </summary>
internal sealed class JsonPath
{
    private readonly List<(uint Tag, int Index)> _frames = [];

    /// <summary>Index in the top-level array, or -1 for a single object.</summary>
    public int TopIndex { get; set; } = -1;

    public void PushTag(uint tag) => _frames.Add((tag, -1));

    public void SetIndex(int index) => _frames[^1] = (_frames[^1].Tag, index);

    public void Pop() => _frames.RemoveAt(_frames.Count - 1);

    public override string ToString()
    {
        var text = new StringBuilder("$");
        if (TopIndex >= 0)
            text.Append('[').Append(TopIndex.ToString(CultureInfo.InvariantCulture)).Append(']');
        foreach (var (tag, index) in _frames)
        {
            text.Append('.').Append(tag.ToString("X8", CultureInfo.InvariantCulture));
            if (index >= 0)
                text.Append(".Value[").Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
        }
        return text.ToString();
    }
}
