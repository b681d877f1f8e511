using System.Text.Json;

namespace DicomWeb.Json;

/// <summary>
/// DICOM JSON that cannot be read: malformed or truncated JSON, a key that is not a tag, an
/// unknown VR, a value of the wrong JSON type, bad base64, a limit of <see cref="DicomJsonReadOptions"/>
/// passed... The message names the JSON path (e.g. "$[3].00081199.Value[0].00081150") and the
/// byte position in the input (in a stream: from the stream's first byte).
/// </summary>
public sealed class DicomJsonException : JsonException
{
    /// <summary>An error at a path and byte position.</summary>
    public DicomJsonException(string message, string path, long bytePosition, Exception? innerException = null)
        : base($"{message} (at {path}, byte {bytePosition})", path, lineNumber: null, bytePositionInLine: null, innerException)
    {
        BytePosition = bytePosition;
        Reason = message;
    }

    /// <summary>The offset in the UTF-8 input where the offending token starts.</summary>
    public long BytePosition { get; }

    /// <summary>The message without the path and position.</summary>
    internal string Reason { get; }

    /// <summary>Whether the path and position are final (the parser placed it in the whole input), so no caller rebases it.</summary>
    internal bool Placed { get; init; }

    /// <summary>The same error for an object read out of a larger input: at <paramref name="offset"/> bytes, item <paramref name="topIndex"/> of the top-level array (-1: none).</summary>
    internal DicomJsonException Rebase(long offset, int topIndex)
    {
        if (Placed || (offset == 0 && topIndex < 0))
            return this;
        string path = Path ?? "$";
        if (topIndex >= 0)
            path = $"$[{topIndex}]{path[1..]}";
        return new DicomJsonException(Reason, path, offset + Math.Max(0, BytePosition), InnerException);
    }
}
