namespace DicomWeb;

/// <summary>
/// Where the values of data sets read together live: chunks of up to 64 KiB shared by many
/// elements, so a data set holds its values and not one small array per element.
/// </summary>
internal sealed class ValueArena(int expectedBytes)
{
    private byte[] _chunk = [];
    private int _used;

    // Chunks start small and double up to 64 KiB: a small data set wastes little, a large one few allocations.
    private int _nextChunk = Math.Clamp(expectedBytes / 8, 256, 4096);

    /// <summary>Copies <paramref name="bytes"/> in; returns the array and the offset they are at.</summary>
    public int Keep(ReadOnlySpan<byte> bytes, out byte[] buffer)
    {
        int start = Reserve(bytes.Length, out buffer);
        bytes.CopyTo(buffer.AsSpan(start));
        return start;
    }

    /// <summary>
    /// Copies <paramref name="json"/> in its storage form (<see cref="Json.JsonEscapes.Compact"/>: no
    /// whitespace, escapes decoded), which is never longer; returns the array, the offset and the length.
    /// </summary>
    public int KeepCompact(ReadOnlySpan<byte> json, out byte[] buffer, out int length)
    {
        int start = Reserve(json.Length, out buffer);
        length = Json.JsonEscapes.Compact(json, buffer.AsSpan(start, json.Length));
        if (buffer == _chunk && start + json.Length == _used)
            _used = start + length; // what compaction saved goes back to the chunk
        return start;
    }

    /// <summary>Room for <paramref name="length"/> bytes, not cleared: the caller writes every one of them.</summary>
    public int Reserve(int length, out byte[] buffer)
    {
        if (length > 16 * 1024)
        {
            // A large value (InlineBinary, usually) gets an array of its own rather than a fresh chunk.
            // Not zeroed first: every byte is written at once (tens of KB per InlineBinary value).
            buffer = GC.AllocateUninitializedArray<byte>(length);
            return 0;
        }
        if (_chunk.Length - _used < length)
        {
            _chunk = new byte[Math.Max(length, _nextChunk)];
            _nextChunk = Math.Min(_nextChunk * 2, 64 * 1024);
            _used = 0;
        }
        buffer = _chunk;
        int start = _used;
        _used += length;
        return start;
    }
}
