namespace DicomWeb.Client;

/// <summary>
/// A byte range cut from a whole body, for servers that answer a Range request with 200 and all
/// the bytes (or refuse ranges): the caller still gets exactly the range it asked for.
/// </summary>
internal sealed class RangeSliceStream(Stream inner, ByteRange range) : ReadOnlyStream
{
    private long _position;   // in the whole body

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        byte[]? skip = null;
        while (_position < range.First)
        {
            skip ??= new byte[8192];
            int skipped = await inner.ReadAsync(skip.AsMemory(0, (int)Math.Min(skip.Length, range.First - _position)), cancellationToken).ConfigureAwait(false);
            if (skipped == 0)
                return 0; // the body is shorter than the range's start: an empty range
            _position += skipped;
        }
        long left = range.Last is long last ? last + 1 - _position : long.MaxValue;
        if (left <= 0 || destination.Length == 0)
            return 0;
        int read = await inner.ReadAsync(destination[..(int)Math.Min(destination.Length, left)], cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }
}
