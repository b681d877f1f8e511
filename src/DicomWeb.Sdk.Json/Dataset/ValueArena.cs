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
        if (bytes.Length > 16 * 1024)
        {
            // A large value (InlineBinary, usually) gets an array of its own rather than a fresh chunk.
            // Not zeroed first: every byte is written at once (tens of KB per InlineBinary value).
            buffer = GC.AllocateUninitializedArray<byte>(bytes.Length);
            bytes.CopyTo(buffer);
            return 0;
        }
        if (_chunk.Length - _used < bytes.Length)
        {
            _chunk = new byte[Math.Max(bytes.Length, _nextChunk)];
            _nextChunk = Math.Min(_nextChunk * 2, 64 * 1024);
            _used = 0;
        }
        bytes.CopyTo(_chunk.AsSpan(_used));
        buffer = _chunk;
        int start = _used;
        _used += bytes.Length;
        return start;
    }
}
