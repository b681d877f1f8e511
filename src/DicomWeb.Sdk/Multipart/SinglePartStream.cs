namespace DicomWeb.Client;

/// <summary>
/// The body of a single-part response as a part's Content: checked against its Content-Length, and
/// a connection that fails mid-body is a <see cref="DicomWebException"/> naming the byte offset.
/// </summary>
internal sealed class SinglePartStream(Stream inner, long? contentLength, Uri url, bool queryValues = false) : ReadOnlyStream
{
    private long _position;

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int read = await BodyRead.ReadAsync(inner, destination,
            e => new DicomWebException($"the response body broke off at byte {_position} ({e.Message})", HttpMethod.Get, url, null, null, e, queryValues), cancellationToken).ConfigureAwait(false);
        _position += read;
        if (read == 0 && destination.Length > 0 && contentLength is long expected && expected != _position)
            throw new DicomWebException($"the response body has {_position} bytes but its Content-Length says {expected} (truncated)", HttpMethod.Get, url, null, null, null, queryValues);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
