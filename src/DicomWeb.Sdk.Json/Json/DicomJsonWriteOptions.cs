namespace DicomWeb.Json;

/// <summary>
/// How bulk data is written to DICOM JSON: inline up to a size, else as a BulkDataURI the caller
/// supplies (for a data set read from a Part 10 file, say, whose pixel data a server will serve).
/// </summary>
/// <example><code>
/// var options = new DicomJsonWriteOptions
/// {
///     InlineBinaryMaxBytes = 4096,
///     BulkDataUri = tag => $"https://pacs.example/studies/{study}/series/{series}/instances/{sop}/bulk/{tag:J}",
/// };
/// byte[] json = DicomJson.SerializeToUtf8Bytes(file.Dataset, options);
/// </code></example>
public sealed record DicomJsonWriteOptions
{
    /// <summary>The defaults: every value inline.</summary>
    public static DicomJsonWriteOptions Default { get; } = new();

    /// <summary>
    /// Binary values larger than this many bytes are written as a BulkDataURI (<see cref="BulkDataUri"/>
    /// says which), the others inline. Default <see cref="int.MaxValue"/>: every value inline.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int InlineBinaryMaxBytes
    {
        get => _inlineBinaryMaxBytes;
        init => _inlineBinaryMaxBytes = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(InlineBinaryMaxBytes), value, "the threshold cannot be negative");
    }

    private readonly int _inlineBinaryMaxBytes = int.MaxValue;

    /// <summary>
    /// How deep sequences may nest in what is written: default <see cref="DicomLimits.DefaultMaxSequenceDepth"/>
    /// (128), as for reading, so whatever the readers accept can be written. A deeper data set (built
    /// in code) is a <see cref="DicomJsonException"/> naming the path, not a stack overflow.
    /// </summary>
    public int MaxSequenceDepth { get; init; } = DicomLimits.DefaultMaxSequenceDepth;

    /// <summary>The BulkDataURI for the value of a tag that is too large to write inline. Required when a value is larger than <see cref="InlineBinaryMaxBytes"/>.</summary>
    public Func<DicomTag, string>? BulkDataUri { get; init; }
}
