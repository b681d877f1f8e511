namespace DicomWeb.Generators.Models;

/// <summary>
/// How a model property's values are read and written. The members from <see cref="String"/> to
/// <see cref="Tag"/> are named after the DicomJsonModelReader and DicomJsonModelWriter entries
/// that read and write one value (the emitter writes the name); the last three have calls of
/// their own.
/// </summary>
internal enum ModelCodec
{
    String,
    PersonName,
    DicomDate,
    DateOnly,
    DicomTime,
    TimeOnly,
    DicomDateTime,
    DateTimeOffset,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Int16,
    UInt16,
    Double,
    Single,
    Tag,

    /// <summary>Sequence items as a [DicomJsonModel] type.</summary>
    Model,

    /// <summary>Sequence items as DicomDataset.</summary>
    Dataset,

    /// <summary>The whole value as one DicomBulkData (InlineBinary or BulkDataURI).</summary>
    BulkData,
}
