namespace DicomWeb;

/// <summary>
/// A Part 10 file (or stream) that cannot be read or written: truncated, malformed, or using an
/// encoding DicomWeb does not read. The message names the file (when known), the byte offset and
/// the tag being read or written (with its keyword when the dictionary knows it); nothing is returned in its place.
/// </summary>
public sealed class DicomFileException : Exception
{
    /// <summary>An error at an offset, while reading a tag.</summary>
    public DicomFileException(string message, string? fileName, long offset, DicomTag? tag, Exception? innerException = null)
        : base(Describe(message, fileName, offset, tag), innerException)
    {
        FileName = fileName;
        Offset = offset;
        Tag = tag;
    }

    /// <summary>The file, when the data came from one.</summary>
    public string? FileName { get; }

    /// <summary>The byte offset where the problem was found (in the data set after inflation, for a deflated file).</summary>
    public long Offset { get; }

    /// <summary>The tag being read, when there was one.</summary>
    public DicomTag? Tag { get; }

    private static string Describe(string message, string? fileName, long offset, DicomTag? tag) =>
        $"{message} ({(fileName is null ? "" : fileName + ", ")}offset {offset}{(tag is { } t ? $", tag {t}{(t.Keyword is { } keyword ? " " + keyword : "")}" : "")})";
}
