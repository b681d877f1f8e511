using System.Net;

namespace DicomWeb.Client;

/// <summary>
/// A request body that reports each write, so that the wait for a response is measured from the
/// last byte sent: an upload of gigabytes is never cut by the idle timeout, a silent server is.
/// The inner content's headers (Content-Type exactly as set, Content-Length) are kept.
/// </summary>
internal sealed class ProgressContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly DicomWebOperation? _operation = DicomWebOperation.Current;   // counts the bytes sent

    public ProgressContent(HttpContent inner)
    {
        _inner = inner;
        foreach (var header in inner.Headers.NonValidated)
        {
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    /// <summary>Called after every write of the body (false), and once the whole body is sent (true).</summary>
    public Action<bool>? Progress { get; set; }

    public HttpContent Inner => _inner;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await _inner.CopyToAsync(new ReportingStream(stream, this), context, cancellationToken).ConfigureAwait(false);
        Progress?.Invoke(true);
    }

    protected override bool TryComputeLength(out long length)
    {
        long? inner = _inner.Headers.ContentLength;
        length = inner ?? 0;
        return inner is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _inner.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>The connection's stream, reporting writes; not disposed here (the handler owns it).</summary>
    private sealed class ReportingStream(Stream inner, ProgressContent owner) : Stream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            owner._operation?.Sent(buffer.Length);
            owner.Progress?.Invoke(false);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            owner._operation?.Sent(count);
            owner.Progress?.Invoke(false);
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
