using System.Diagnostics.CodeAnalysis;

namespace DicomWeb.Json;

/// <summary>The state an error message needs: the JSON path, and where the bytes being read start in the input.</summary>
internal sealed class ParseContext(byte[] buffer)
{
    public byte[] Buffer { get; } = buffer;

    public JsonPath Path { get; } = new();

    /// <summary>Offset of the current reader's first byte in <see cref="Buffer"/> (non-zero when re-reading a slice).</summary>
    public int BaseOffset { get; set; }

    [DoesNotReturn]
    public void Fail(string message, long tokenStart, Exception? inner = null) =>
        throw new DicomJsonException(message, Path.ToString(), BaseOffset + tokenStart, inner);
}
