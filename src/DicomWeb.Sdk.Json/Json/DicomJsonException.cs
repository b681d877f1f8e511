using System.Text.Json;

namespace DicomWeb.Json;

/// <summary>
/// DICOM JSON that cannot be read: malformed or truncated JSON, a key that is not a tag, an
/// unknown VR, a value of the wrong JSON type, bad base64... The message names the JSON path
/// (e.g. "$[3].00081199.Value[0].00081150") and the byte position in the input.
/// </summary>
public sealed class DicomJsonException : JsonException
{
    /// <summary>An error at a path and byte position.</summary>
    public DicomJsonException(string message, string path, long bytePosition, Exception? innerException = null)
        : base($"{message} (at {path}, byte {bytePosition})", path, lineNumber: null, bytePositionInLine: null, innerException)
    {
        BytePosition = bytePosition;
    }

    /// <summary>The offset in the UTF-8 input where the offending token starts.</summary>
    public long BytePosition { get; }
}
