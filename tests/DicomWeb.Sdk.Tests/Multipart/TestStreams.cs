namespace DicomWeb.Sdk.Tests.Multipart;

/// <summary>
/// A server's body as a stream: a head, then a unit repeated until a total length (or without end),
/// delivered synchronously like a socket with data ready, so allocations stay on the test's thread.
/// </summary>
internal sealed class RepeatingStream(byte[] head, byte[] unit, long total = long.MaxValue) : Stream
{
    /// <summary>Bytes handed out so far.</summary>
    public long Delivered { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = (int)Math.Min(buffer.Length, total - Delivered);
        for (int i = 0; i < n; i++)
        {
            long at = Delivered + i;
            buffer[i] = at < head.Length ? head[at] : unit[(at - head.Length) % unit.Length];
        }
        Delivered += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Delivered; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Endless numbered header lines ("X-Header-1: aaa...\r\n", ...) after a head, synchronously, up to a total length.</summary>
internal sealed class HeaderLinesStream(byte[] head, long total) : Stream
{
    private MemoryStream _pending = new(head.ToArray(), 0, head.Length, writable: false);
    private long _line;

    /// <summary>Bytes handed out so far.</summary>
    public long Delivered { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_pending.Position == _pending.Length)
            _pending = new MemoryStream(System.Text.Encoding.ASCII.GetBytes($"X-Header-{++_line}: {new string('a', 100)}\r\n"));
        int n = _pending.Read(buffer[..(int)Math.Min(buffer.Length, total - Delivered)]);
        Delivered += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Delivered; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// A stream that hands out its bytes in the chunk sizes given (cycled), synchronously; after its
/// bytes it either ends or waits for the read's token, like a server gone silent.
/// </summary>
internal sealed class ChunkedStream(byte[] data, int[] chunks, bool silentAtEnd = false, Func<IOException>? failAtEnd = null) : Stream
{
    private int _position, _chunk;

    /// <summary>Reads asked of the stream so far.</summary>
    public int Reads { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Reads++;
        if (_position == data.Length)
        {
            if (failAtEnd is not null)
                throw failAtEnd();
            if (silentAtEnd)
                return new(Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => 0, cancellationToken, TaskContinuationOptions.None, TaskScheduler.Default));
        }
        int n = Math.Min(Math.Min(buffer.Length, chunks[_chunk++ % chunks.Length]), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer.Span);
        _position += n;
        return new(n);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => data.Length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
