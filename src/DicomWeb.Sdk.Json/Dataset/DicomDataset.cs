using System.Collections;
using System.Numerics;
using System.Text.Json;
using DicomWeb.Json;

namespace DicomWeb;

/// <summary>
/// A DICOM data set: elements ordered by tag, read and written through typed tags. The getter
/// is chosen by the tag's type, so <c>Get(PatientName)</c> gives a <see cref="PersonName"/> and
/// <c>Get(StudyDate)</c> a <see cref="DicomDate"/>. Values read from DICOM JSON stay in their
/// UTF-8 form until asked for.
/// </summary>
/// <example><code>
/// var study = new DicomDataset()
///     .Set(PatientName, PersonName.Parse("Doe^Jane"))
///     .Set(StudyDate, new DicomDate(new DateOnly(2025, 1, 15)))
///     .Set(ModalitiesInStudy, "CT", "PT");
/// PersonName? name = study.Get(PatientName);               // Doe^Jane
/// IReadOnlyList&lt;string&gt; modalities = study.GetAll(ModalitiesInStudy);
/// </code></example>
public sealed partial class DicomDataset : IEnumerable<DicomElement>, IEquatable<DicomDataset>
{
    private ElementSlot[] _slots;
    private int _count;

    /// <summary>An empty data set.</summary>
    public DicomDataset() => _slots = [];

    /// <summary>The number of elements.</summary>
    public int Count => _count;

    /// <summary>Whether the data set has an element with this tag (empty or not).</summary>
    public bool Contains(DicomTag tag) => IndexOf(tag.Value) >= 0;

    /// <summary>The element with this tag, if present.</summary>
    public bool TryGetElement(DicomTag tag, out DicomElement element)
    {
        int index = IndexOf(tag.Value);
        element = index >= 0 ? new DicomElement(_slots[index]) : default;
        return index >= 0;
    }

    /// <summary>Removes the element with this tag; false when there was none.</summary>
    public bool Remove(DicomTag tag)
    {
        int index = IndexOf(tag.Value);
        if (index < 0)
            return false;
        Array.Copy(_slots, index + 1, _slots, index, _count - index - 1);
        _slots[--_count] = default;
        return true;
    }

    /// <summary>The elements in tag order.</summary>
    public IEnumerator<DicomElement> GetEnumerator()
    {
        for (int i = 0; i < _count; i++)
            yield return new DicomElement(_slots[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Whether both hold the same elements with the same values, compared in canonical DICOM JSON
    /// (docs/dicom-json.md): so DS "1.5" and "1.50" differ, as their text does, while a PN read
    /// from a plain string equals the same name read from an object.
    /// </summary>
    public bool Equals(DicomDataset? other)
    {
        if (other is null || other._count != _count)
            return false;
        if (ReferenceEquals(this, other))
            return true;
        for (int i = 0; i < _count; i++)
        {
            if (_slots[i].Tag != other._slots[i].Tag)
                return false;
        }
        return DicomJson.SerializeToUtf8Bytes(this).AsSpan().SequenceEqual(DicomJson.SerializeToUtf8Bytes(other));
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DicomDataset);

    /// <summary>A hash of the tags (equal data sets have the same tags).</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (int i = 0; i < _count; i++)
            hash.Add(_slots[i].Tag);
        return hash.ToHashCode();
    }

    /// <summary>The data set as canonical DICOM JSON.</summary>
    public override string ToString() => System.Text.Encoding.UTF8.GetString(DicomJson.SerializeToUtf8Bytes(this));

    internal ReadOnlySpan<ElementSlot> Slots => _slots.AsSpan(0, _count);

    private int IndexOf(uint tag)
    {
        int low = 0, high = _count - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            uint found = _slots[middle].Tag;
            if (found == tag)
                return middle;
            if (found < tag)
                low = middle + 1;
            else
                high = middle - 1;
        }
        return ~low;
    }

    /// <summary>Takes the elements a parser read, already in tag order without duplicates.</summary>
    internal void SetParsed(List<ElementSlot> slots)
    {
        _slots = slots.ToArray();
        _count = _slots.Length;
    }

    private void Store(in ElementSlot slot)
    {
        int index = IndexOf(slot.Tag);
        if (index >= 0)
            _slots[index] = slot;
        else
            Insert(~index, slot);
    }

    private void Insert(int index, in ElementSlot slot)
    {
        if (_count == _slots.Length)
            Array.Resize(ref _slots, Math.Max(8, _count * 2));
        if (index < _count)
            Array.Copy(_slots, index, _slots, index + 1, _count - index);
        _slots[index] = slot;
        _count++;
    }
}

/// <summary>One element of a <see cref="DicomDataset"/>: its tag, VR and how its value is held.</summary>
public readonly struct DicomElement
{
    internal DicomElement(in ElementSlot slot)
    {
        Tag = new DicomTag(slot.Tag);
        VR = slot.VR;
        Form = slot.Form;
    }

    /// <summary>The tag.</summary>
    public DicomTag Tag { get; }

    /// <summary>The VR.</summary>
    public DicomVR VR { get; }

    /// <summary>Whether the value is empty, values, inline bytes, a BulkDataURI or sequence items.</summary>
    public DicomValueForm Form { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Tag} {VR} {Form}";
}
