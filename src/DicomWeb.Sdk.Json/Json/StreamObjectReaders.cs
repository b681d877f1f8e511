namespace DicomWeb.Json;

/// <summary>Reads the objects a <see cref="DicomJsonStreamScanner"/> finds into data sets: the fast reader where they lie, else the general parser.</summary>
internal sealed class StreamDatasetReader(ParseContext context) : DicomJsonStreamScanner.IObjectReader<DicomDataset>
{
    /// <summary>The data set read last.</summary>
    public DicomDataset Current { get; private set; } = null!;

    public bool TryRead(ReadOnlySpan<byte> buffer, ref int p)
    {
        context.Depth = 0;
        if (!DicomJsonFastReader.TryReadDataset(buffer, ref p, context, out DicomDataset? dataset))
            return false;
        Current = dataset!;
        return true;
    }

    public void ReadGeneral(ReadOnlySpan<byte> json, long offset, int topIndex) =>
        Current = DicomJsonParser.ParseObjectGeneral(json, context, offset, topIndex);
}

/// <summary>Reads the objects a <see cref="DicomJsonStreamScanner"/> finds into a typed model, checked as the generic reader checks them.</summary>
internal sealed class StreamModelReader<T>(ParseContext context) : DicomJsonStreamScanner.IObjectReader<T> where T : IDicomJsonModel<T>
{
    /// <summary>The model read last.</summary>
    public T Current { get; private set; } = default!;

    public bool TryRead(ReadOnlySpan<byte> buffer, ref int p)
    {
        context.Depth = 0;
        if (!DicomJson.TryReadCheckedModel(buffer, ref p, context, out T? model))
            return false;
        Current = model;
        return true;
    }

    public void ReadGeneral(ReadOnlySpan<byte> json, long offset, int topIndex) =>
        Current = DicomJson.ReadModelGeneral<T>(json, context, offset, topIndex);
}
