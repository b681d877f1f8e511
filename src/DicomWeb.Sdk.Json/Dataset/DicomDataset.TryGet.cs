using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace DicomWeb;

public sealed partial class DicomDataset
{
    /// <summary>The first value, if the element is present and not empty.</summary>
    public bool TryGet(StringTag tag, [NotNullWhen(true)] out string? value) => (value = Get(tag)) is not null;

    /// <inheritdoc cref="TryGet(StringTag, out string?)"/>
    public bool TryGet(UidTag tag, [NotNullWhen(true)] out string? value) => (value = Get(tag)) is not null;

    /// <inheritdoc cref="TryGet(StringTag, out string?)"/>
    public bool TryGet(AgeStringTag tag, [NotNullWhen(true)] out string? value) => (value = Get(tag)) is not null;

    /// <inheritdoc cref="TryGet(StringTag, out string?)"/>
    public bool TryGet(PersonNameTag tag, [NotNullWhen(true)] out PersonName? value) => (value = Get(tag)) is not null;

    /// <inheritdoc cref="TryGet(StringTag, out string?)"/>
    public bool TryGet(DateTag tag, out DicomDate value) => Found(Get(tag), out value);

    /// <inheritdoc cref="TryGet(StringTag, out string?)"/>
    public bool TryGet(TimeTag tag, out DicomTime value) => Found(Get(tag), out value);

    /// <inheritdoc cref="TryGet(StringTag, out string?)"/>
    public bool TryGet(DateTimeTag tag, out DicomDateTime value) => Found(Get(tag), out value);

    /// <inheritdoc cref="TryGet(StringTag, out string?)"/>
    public bool TryGet(DecimalStringTag tag, out double value) => Found(Get(tag), out value);

    /// <inheritdoc cref="TryGet(StringTag, out string?)"/>
    public bool TryGet(IntegerStringTag tag, out int value) => Found(Get(tag), out value);

    /// <inheritdoc cref="TryGet(StringTag, out string?)"/>
    public bool TryGet<T>(NumberTag<T> tag, out T value) where T : struct, INumber<T> => Found(Get(tag), out value);

    /// <inheritdoc cref="TryGet(StringTag, out string?)"/>
    public bool TryGet(AttributeTagTag tag, out DicomTag value) => Found(Get(tag), out value);

    /// <summary>The bulk data, if the element is present and not empty.</summary>
    public bool TryGet(BinaryTag tag, [NotNullWhen(true)] out DicomBulkData? value) => (value = Get(tag)) is not null;

    private static bool Found<T>(T? found, out T value) where T : struct
    {
        value = found.GetValueOrDefault();
        return found.HasValue;
    }
}
