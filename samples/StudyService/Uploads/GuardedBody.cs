namespace StudyService.Uploads;

/// <summary>
/// A request body (or one part of it) as the upload reads it: counts the bytes, refuses to go past
/// <see cref="Limit"/> (whatever the framing: Content-Length, chunked, or a part of a multipart
/// body), and remembers the first failure of the body itself. The SDK turns a source that fails
/// while it is sent into a failed instance; this record says it was the caller's body that failed
/// (too large, cut short, malformed), not the upstream.
/// </summary>
public sealed class GuardedBody : Stream
{
    private readonly Stream _inner;
    private readonly GuardedBody? _request;
    private readonly long _limit;
    private bool _overLimit;

    /// <summary>The whole request body, of at most <paramref name="limit"/> bytes.</summary>
    public GuardedBody(Stream body, long limit)
    {
        _inner = body;
        _limit = limit;
    }

    /// <summary>One part of <paramref name="request"/>'s body: its own failures, and the request's limit.</summary>
    public GuardedBody(Stream part, GuardedBody request)
    {
        _inner = part;
        _request = request;
    }

    /// <summary>The bytes this body may hold (the request's, for a part).</summary>
    public long Limit => _request?.Limit ?? _limit;

    public long BytesRead { get; private set; }

    /// <summary>The body (for a part: the request's) went over <see cref="Limit"/>, counted here or by Kestrel's own MaxRequestBodySize.</summary>
    public bool OverLimit => _overLimit || _request?.OverLimit == true;

    /// <summary>The first failure of the body (over the limit, broken off, malformed); null while it reads well.</summary>
    public Exception? Fault { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await _inner.ReadAsync(buffer, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            _overLimit = true;
            Fault ??= e;
            throw;
        }
        catch (Exception e) when (e is IOException or InvalidDataException && !cancellationToken.IsCancellationRequested)
        {
            Fault ??= e;
            throw;
        }
        BytesRead += read;
        if (_request is null && BytesRead > _limit)
        {
            _overLimit = true;
            throw (Fault ??= new IOException($"the body is over {Limit} bytes"));
        }
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Kestrel allows no synchronous reads; nothing here makes one.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the request body is read asynchronously");

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
