using System.Net;

namespace DicomWeb.Client;

/// <summary>
/// A response body read under the client's rules: each read waits at most the idle timeout for
/// a byte (a timer reset per read, not a deadline for the whole body), and stops when the
/// operation's token (the one the caller gave the call) or the read's own token is canceled.
/// A silent server is a <see cref="DicomWebException"/> naming the URL and the bytes received.
/// </summary>
internal sealed class ResponseBodyStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly TimeSpan _idleTimeout;
    private readonly HttpMethod _method;
    private readonly Uri? _url;
    private readonly HttpStatusCode _status;
    private readonly CancellationToken _operation;
    private readonly CancellationTokenSource _idle;   // linked to the operation's token
    private readonly DicomWebOperation? _observed = DicomWebOperation.Current;   // counts the bytes received

    public ResponseBodyStream(Stream inner, TimeSpan idleTimeout, HttpMethod method, Uri? url, HttpStatusCode status, CancellationToken operation)
    {
        _inner = inner;
        _idleTimeout = idleTimeout;
        _method = method;
        _url = url;
        _status = status;
        _operation = operation;
        _idle = CancellationTokenSource.CreateLinkedTokenSource(operation);
    }

    /// <summary>
    /// Whether a connection that fails mid-body is a DicomWebException here (for bodies read by
    /// parsers); readers that name their own offsets (multipart, single part) get the IOException.
    /// </summary>
    public bool WrapConnectionErrors { get; init; }

    /// <summary>Whether the URL in error messages shows its query values (DicomWebClientOptions.RedactQueryValues = false).</summary>
    public bool QueryValues { get; init; }

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _operation.ThrowIfCancellationRequested();
        cancellationToken.ThrowIfCancellationRequested();
        if (_idle.IsCancellationRequested)
            throw Silent(null);
        if (_idleTimeout != Timeout.InfiniteTimeSpan)
            _idle.CancelAfter(_idleTimeout);
        CancellationTokenSource? linked = cancellationToken.CanBeCanceled && cancellationToken != _operation
            ? CancellationTokenSource.CreateLinkedTokenSource(_idle.Token, cancellationToken)
            : null;
        try
        {
            int read = await _inner.ReadAsync(buffer, linked?.Token ?? _idle.Token).ConfigureAwait(false);
            BytesRead += read;
            _observed?.Received(read);
            return read;
        }
        catch (OperationCanceledException e) when (!_operation.IsCancellationRequested && !cancellationToken.IsCancellationRequested && _idle.IsCancellationRequested)
        {
            throw Silent(e);
        }
        catch (OperationCanceledException) when (_operation.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(_operation.IsCancellationRequested ? _operation : cancellationToken);
        }
        catch (Exception e) when (WrapConnectionErrors && e is IOException or HttpRequestException)
        {
            throw new DicomWebException($"the response body broke off after {BytesRead} bytes ({e.Message})", _method, _url, _status, null, e, QueryValues);
        }
        finally
        {
            linked?.Dispose();
            if (!_idle.IsCancellationRequested)
                _idle.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private DicomWebException Silent(Exception? inner) =>
        new($"the server sent no byte of the response body for {_idleTimeout} (ResponseIdleTimeout) after {BytesRead} bytes", _method, _url, _status, null, inner, QueryValues);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _idle.Dispose();
        }
        base.Dispose(disposing);
    }
}
