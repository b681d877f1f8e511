namespace DicomWeb.Sdk.Json.Tests.Json.Streams;

/// <summary>
/// A stream that never ends: a prefix, then the same bytes over and over (e.g. "[" then "{...}," forever,
/// or an object whose string never closes). It counts the bytes handed out, so a test can show how
/// far a reader went without holding a copy of any of it.
/// </summary>
internal sealed class EndlessStream(byte[] prefix, byte[] repeated) : Stream
{
    private long _position;

    public long BytesRead => _position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int written = 0;
        while (written < buffer.Length)
        {
            long at = _position;
            ReadOnlySpan<byte> source = at < prefix.Length
                ? prefix.AsSpan((int)at)
                : repeated.AsSpan((int)((at - prefix.Length) % repeated.Length));
            int n = Math.Min(source.Length, buffer.Length - written);
            source[..n].CopyTo(buffer[written..]);
            written += n;
            _position += n;
        }
        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
