namespace DicomWeb;

/// <summary>How a Part 10 file is read.</summary>
public sealed record DicomReadOptions
{
    /// <summary>The defaults: read everything.</summary>
    public static DicomReadOptions Default { get; } = new();

    /// <summary>
    /// Stop at Pixel Data (7FE0,0010) and leave it and what follows unread: for indexing, where
    /// only the attributes matter. <see cref="DicomFile.IsComplete"/> is then false.
    /// </summary>
    public bool StopBeforePixelData { get; init; }
}
