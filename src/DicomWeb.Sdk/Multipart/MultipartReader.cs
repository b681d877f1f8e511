using System.Text;

namespace DicomWeb.Client;

/// <summary>
/// Reads a multipart/related body (RFC 2046 section 5.1, RFC 2387) part by part from a stream, with
/// memory bounded by its buffer whatever the part sizes: preamble and epilogue skipped, each part's
/// headers kept, each body a stream that ends at the next delimiter. A body that ends before the
/// closing delimiter is an error, never a short last part.
/// </summary>
internal sealed class MultipartReader
{
    private const int BufferSize = 256 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _delimiter;   // CRLF "--" boundary
    private readonly byte[] _buffer;
    private readonly string _description;
    private readonly Uri? _url;
    private readonly string? _defaultPartType;
    private long _bufferOffset;   // body offset of _buffer[0], for error messages
    private int _start, _end;
    private bool _eof, _finished, _first = true;
    private PartStream? _current;

    public MultipartReader(Stream stream, string boundary, string description, Uri? url = null, string? defaultPartType = null)
    {
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
            throw new ArgumentException($"'{boundary}' is not a multipart boundary (1 to 70 characters, RFC 2046).", nameof(boundary));
        _stream = stream;
        _delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
        _buffer = new byte[BufferSize + _delimiter.Length + 4];
        _description = description;
        _url = url;
        _defaultPartType = defaultPartType;
    }

    /// <summary>
    /// A reader for a response whose Content-Type is multipart/related: the boundary comes from its
    /// parameters (quoted or not), and parts without a Content-Type take its type parameter.
    /// </summary>
    public static MultipartReader Create(Stream stream, MediaTypeHeader contentType, string description, Uri? url)
    {
        string? boundary = contentType["boundary"];
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
            throw new DicomWebException($"the multipart response has {(boundary is null ? "no" : "an invalid")} boundary parameter in its Content-Type '{contentType}'", HttpMethod.Get, url, null, description);
        return new MultipartReader(stream, boundary, description, url, contentType["type"]);
    }

    /// <summary>The next part, or null after the closing delimiter.</summary>
    public async Task<DicomPart?> ReadNextPartAsync(CancellationToken cancellationToken)
    {
        if (_finished)
            return null;
        if (_current is not null)
            await _current.SkipRestAsync(cancellationToken).ConfigureAwait(false);
        else
            await SkipPreambleAsync(cancellationToken).ConfigureAwait(false);

        // After a delimiter: "--" closes the body, otherwise optional whitespace then CRLF.
        await FillAsync(2, cancellationToken).ConfigureAwait(false);
        if (_end - _start >= 2 && _buffer[_start] == '-' && _buffer[_start + 1] == '-')
        {
            _finished = true;
            return null; // The epilogue, if any, is not read.
        }
        await ReadLineAsync(cancellationToken).ConfigureAwait(false);

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            string line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line.Length == 0)
                break;
            int colon = line.IndexOf(':');
            if (colon <= 0)
                throw Broken($"the part header line '{line}' has no name");
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        _current = new PartStream(this, DicomPart.LengthOf(headers));
        return new DicomPart(headers, _current, _defaultPartType);
    }

    private async Task SkipPreambleAsync(CancellationToken cancellationToken)
    {
        // The first delimiter may start the body without the CRLF before it.
        while (true)
        {
            await FillAsync(_delimiter.Length, cancellationToken).ConfigureAwait(false);
            ReadOnlySpan<byte> data = _buffer.AsSpan(_start, _end - _start);
            if (_first && data.StartsWith(_delimiter.AsSpan(2)))
            {
                _start += _delimiter.Length - 2;
                _first = false;
                return;
            }
            _first = false;
            int at = data.IndexOf(_delimiter);
            if (at >= 0)
            {
                _start += at + _delimiter.Length;
                return;
            }
            if (_eof)
                throw Broken("no boundary was found in the body");
            _start = Math.Max(_start, _end - _delimiter.Length + 1);
            await FillAsync(_end - _start + 1, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            await FillAsync(1, cancellationToken).ConfigureAwait(false);
            if (_start == _end)
                throw Broken("the body ends inside part headers (truncated)");
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            int take = newline < 0 ? _end - _start : newline;
            line.Append(Encoding.Latin1.GetString(_buffer, _start, take));
            _start += take;
            if (newline >= 0)
            {
                _start++;
                if (line.Length > 0 && line[^1] == '\r')
                    line.Length--;
                return line.ToString();
            }
            if (line.Length > 16 * 1024)
                throw Broken("a part header line is longer than 16 KiB");
        }
    }

    /// <summary>Reads until at least <paramref name="count"/> bytes are buffered or the stream ends.</summary>
    private async Task FillAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count && !_eof)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _bufferOffset += _start;
                _end -= _start;
                _start = 0;
            }
            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer.AsMemory(_end, _buffer.Length - _end), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw Broken($"the connection failed ({e.Message})", e);
            }
            if (read == 0)
                _eof = true;
            _end += read;
        }
    }

    private DicomWebException Broken(string message, Exception? inner = null) =>
        new($"the multipart/related body is broken at byte {_bufferOffset + _start}: {message}", HttpMethod.Get, _url, null, _description, inner);

    /// <summary>One part's body: the bytes up to the next delimiter, never past it.</summary>
    private sealed class PartStream(MultipartReader reader, long? contentLength) : ReadOnlyStream
    {
        private bool _done;
        private long _length;

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            if (_done || destination.Length == 0)
                return 0;
            byte[] delimiter = reader._delimiter;
            await reader.FillAsync(delimiter.Length, cancellationToken).ConfigureAwait(false);
            ReadOnlySpan<byte> data = reader._buffer.AsSpan(reader._start, reader._end - reader._start);
            int at = data.IndexOf(delimiter);
            int available;
            if (at >= 0)
            {
                available = at;
            }
            else if (reader._eof)
            {
                throw reader.Broken("the body ends before the closing boundary (truncated)");
            }
            else
            {
                // Keep back what could be the start of a delimiter split across reads.
                available = data.Length - delimiter.Length + 1;
            }
            if (available == 0 && at == 0)
            {
                if (contentLength is long expected && expected != _length)
                    throw reader.Broken($"the part has {_length} bytes but its Content-Length says {expected}");
                reader._start += delimiter.Length;
                _done = true;
                return 0;
            }
            int count = Math.Min(available, destination.Length);
            data[..count].CopyTo(destination.Span);
            reader._start += count;
            _length += count;
            return count;
        }

        public async Task SkipRestAsync(CancellationToken cancellationToken)
        {
            if (_done)
                return;
            byte[] scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(8192);
            try
            {
                while (await ReadAsync(scratch, cancellationToken).ConfigureAwait(false) > 0)
                {
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }
}
