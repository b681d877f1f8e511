using System.Buffers;
using System.Globalization;
using System.Text;

namespace DicomWeb.Client;

/// <summary>
/// Reads a multipart/related body (RFC 2046 section 5.1, RFC 2387) part by part from a stream, with
/// memory bounded by its buffer whatever the body holds: the preamble skipped (within
/// <see cref="MultipartLimits.MaxPreambleBytes"/>), each part's header section kept (within
/// <see cref="MultipartLimits.MaxHeaderSectionBytes"/>), each body a stream that ends at the next
/// delimiter, the epilogue never read. Everything the bytes can get wrong is a
/// <see cref="DicomWebException"/> naming the byte offset: a body that ends before the closing
/// delimiter (never a short last part), text after a boundary other than white space, a header line
/// without a name, a repeated header, a Content-Type that does not parse, a Content-Length that is
/// not a decimal number of bytes or does not match the body (found as soon as the body runs past it).
/// Once broken, the reader and its parts throw again on every call.
/// </summary>
/// <remarks>
/// The HTTP client reads responses with it; a server reads STOW-RS request bodies with it too
/// (<see cref="Create(Stream, MediaTypeHeader, MultipartLimits?)"/>).
/// </remarks>
/// <example><code>
/// MediaTypeHeader type = MediaTypeHeader.TryParse(request.ContentType) ?? throw new FormatException("no Content-Type");
/// MultipartRelatedReader reader = MultipartRelatedReader.Create(request.Body, type);
/// while (await reader.ReadNextPartAsync(cancellationToken) is DicomPart part)
///     Console.WriteLine($"{part.ContentType}, {part.ContentLocation}");
/// </code></example>
public sealed class MultipartRelatedReader
{
    private const int DefaultBufferSize = 256 * 1024;
    private const int DescriptionLength = 200;
    private const int ExcerptLength = 40;
    private const int DirectReadBytes = 16 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _delimiter;   // CRLF "--" boundary
    private readonly byte[] _buffer;
    private readonly string? _description;
    private readonly Uri? _url;
    private readonly string? _defaultPartType;
    private readonly int _maxHeaderSection;   // the limits as they were at construction: options are settable
    private readonly long _maxPreamble;
    private readonly int _directReadBytes;   // a part read at least this large skips the buffer
    private long _bufferOffset;   // body offset of _buffer[0], for error messages and limits
    private int _start, _end;
    private bool _eof, _finished, _started;
    private string? _broken;
    private PartStream? _current;

    /// <param name="stream">The body.</param>
    /// <param name="boundary">The boundary parameter, checked by the caller (see <see cref="Create(Stream, MediaTypeHeader, MultipartLimits?)"/>).</param>
    /// <param name="description">What the body is, for error messages (cut to 200 characters).</param>
    /// <param name="url">The URL the body came from, for error messages.</param>
    /// <param name="defaultPartType">The type parameter, for parts without a Content-Type.</param>
    /// <param name="limits">Bounds on preamble and header sections; the defaults when null.</param>
    /// <param name="bufferSize">The read buffer (at least the header section bound plus the delimiter).</param>
    internal MultipartRelatedReader(Stream stream, string boundary, string? description, Uri? url = null, string? defaultPartType = null, MultipartLimits? limits = null, int bufferSize = DefaultBufferSize)
    {
        if (BoundaryProblem(boundary) is string problem)
            throw new ArgumentException($"'{boundary}' is not a multipart boundary: {problem}.", nameof(boundary));
        _stream = stream;
        limits ??= new MultipartLimits();
        _maxHeaderSection = limits.MaxHeaderSectionBytes;
        _maxPreamble = limits.MaxPreambleBytes;
        _delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
        _buffer = new byte[Math.Max(bufferSize, _maxHeaderSection) + _delimiter.Length + 4];
        // Smaller reads are served from the buffer, which takes what the stream has in one call.
        _directReadBytes = Math.Clamp(_buffer.Length / 4, _delimiter.Length + 1, DirectReadBytes);
        _description = description is { Length: > DescriptionLength } ? description[..DescriptionLength] + "…" : description;
        _url = url;
        _defaultPartType = defaultPartType;
    }

    /// <summary>Whether the URL in error messages shows its query values (DicomWebClientOptions.RedactQueryValues = false).</summary>
    internal bool QueryValues { get; init; }

    /// <summary>
    /// A reader for a response whose Content-Type is multipart/related: the boundary comes from its
    /// parameters (quoted or not), and parts without a Content-Type take its type parameter.
    /// </summary>
    /// <exception cref="DicomWebException">The boundary parameter is missing or not an RFC 2046 boundary.</exception>
    internal static MultipartRelatedReader Create(Stream stream, MediaTypeHeader contentType, string? description, Uri? url, MultipartLimits? limits = null, bool queryValues = false)
    {
        string? boundary = contentType["boundary"];
        if (BoundaryProblem(boundary) is string problem)
        {
            string shown = boundary is null ? "" : $" '{Excerpt(boundary)}'";
            throw new DicomWebException($"the multipart response has {(boundary is null ? "no" : "an invalid")} boundary parameter{shown} in its Content-Type ({problem})", HttpMethod.Get, url, null, Excerpt(contentType.ToString(), DescriptionLength), null, queryValues);
        }
        return new MultipartRelatedReader(stream, boundary!, description, url, contentType["type"], limits) { QueryValues = queryValues };
    }

    /// <summary>
    /// A reader for a body whose Content-Type is <paramref name="contentType"/> (multipart/related):
    /// the boundary comes from its parameters, and parts without a Content-Type take its type
    /// parameter. The stream is read as parts are; the reader does not dispose it.
    /// </summary>
    /// <param name="body">The body.</param>
    /// <param name="contentType">The body's Content-Type.</param>
    /// <param name="limits">Bounds on preamble and header sections; the defaults when null.</param>
    /// <exception cref="DicomWebException">The boundary parameter is missing or not an RFC 2046 boundary.</exception>
    public static MultipartRelatedReader Create(Stream body, MediaTypeHeader contentType, MultipartLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(contentType);
        return Create(body, contentType, $"Content-Type: {contentType}", null, limits);
    }

    /// <summary>Why a boundary parameter is not one of RFC 2046 (1 to 70 bchars, not ending in a space), or null.</summary>
    internal static string? BoundaryProblem(string? boundary)
    {
        if (boundary is null)
            return "missing";
        if (boundary.Length is 0 or > 70)
            return $"{boundary.Length} characters, not 1 to 70 (RFC 2046)";
        if (boundary[^1] == ' ')
            return "it ends in a space (RFC 2046)";
        foreach (char c in boundary)
        {
            if (!IsBoundaryChar(c))
                return $"the character U+{(int)c:X4} is not allowed in a boundary (RFC 2046)";
        }
        return null;
    }

    private static bool IsBoundaryChar(char c) =>
        c is (>= '0' and <= '9') or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z')
            or '\'' or '(' or ')' or '+' or '_' or ',' or '-' or '.' or '/' or ':' or '=' or '?' or ' ';

    private long Position => _bufferOffset + _start;

    /// <summary>
    /// The next part, or null after the closing delimiter. The unread rest of the previous part is
    /// skipped first; the token is checked before anything else, so a caller that stops stops at the
    /// next part even when the body is already buffered.
    /// </summary>
    public async Task<DicomPart?> ReadNextPartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfBroken();
        if (_finished)
            return null;
        if (_current is not null)
            await _current.SkipRestAsync(cancellationToken).ConfigureAwait(false);
        else if (!_started)
            await SkipPreambleAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
        _current = null;

        // After a delimiter: "--" closes the body (the epilogue is never read), otherwise optional
        // white space (transport padding) then the line break; the header section starts here.
        long section = Position;
        await FillAsync(2, cancellationToken).ConfigureAwait(false);
        if (_end - _start >= 2 && _buffer[_start] == '-' && _buffer[_start + 1] == '-')
        {
            _finished = true;
            return null;
        }
        string padding = await ReadHeaderLineAsync(section, cancellationToken).ConfigureAwait(false);
        if (padding.AsSpan().TrimStart(" \t").Length > 0)
            throw Broken($"a boundary is followed by '{Excerpt(padding)}' instead of a line break");

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            long lineStart = Position;
            string line = await ReadHeaderLineAsync(section, cancellationToken).ConfigureAwait(false);
            if (line.Length == 0)
                break;
            int colon = line.IndexOf(':');
            if (colon <= 0 || !IsToken(line.AsSpan(0, colon)))
                throw Broken($"the part header line '{Excerpt(line)}' has no name", lineStart);
            string name = line[..colon];
            if (!headers.TryAdd(name, line[(colon + 1)..].Trim(' ', '\t')))
                throw Broken($"the part header {Excerpt(name)} is repeated", lineStart);
        }
        string? defaultType = _defaultPartType;
        if (headers.TryGetValue("Content-Type", out string? type))
        {
            if (MediaTypeHeader.TryParse(type) is null)
                throw Broken($"the part's Content-Type '{Excerpt(type)}' is not a media type");
        }
        else if (defaultType is not null && MediaTypeHeader.TryParse(defaultType) is null)
        {
            defaultType = null; // the body's type parameter is no media type: RFC 2046's text/plain applies
        }
        long? length = null;
        if (headers.TryGetValue("Content-Length", out string? lengthText))
        {
            if (!TryParseLength(lengthText, out long value))
                throw Broken($"the part's Content-Length '{Excerpt(lengthText)}' is not a number of bytes");
            length = value;
        }
        _current = new PartStream(this, length);
        return new DicomPart(headers, _current, defaultType);
    }

    /// <summary>A Content-Length as RFC 9110 section 8.6 writes it: decimal digits only, within a long.</summary>
    internal static bool TryParseLength(string text, out long value)
    {
        value = 0;
        return text.Length > 0 && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    // RFC 9110 tchar: a header name.
    private static bool IsToken(ReadOnlySpan<char> name)
    {
        foreach (char c in name)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z')
                or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~'))
                return false;
        }
        return true;
    }

    private async Task SkipPreambleAsync(CancellationToken cancellationToken)
    {
        // The first delimiter may start the body without the CRLF before it.
        await FillAsync(_delimiter.Length - 2, cancellationToken).ConfigureAwait(false);
        if (_buffer.AsSpan(_start, _end - _start).StartsWith(_delimiter.AsSpan(2)))
        {
            _start += _delimiter.Length - 2;
            return;
        }
        while (true)
        {
            await FillAsync(_delimiter.Length, cancellationToken).ConfigureAwait(false);
            int at = _buffer.AsSpan(_start, _end - _start).IndexOf(_delimiter);
            if (at >= 0)
            {
                if (Position + at > _maxPreamble)
                    throw Broken($"the preamble before the first boundary is longer than {_maxPreamble} bytes", Position + at);
                _start += at + _delimiter.Length;
                return;
            }
            if (_eof)
                throw Broken("no boundary was found in the body", _bufferOffset + _end);
            // Keep back what could be the start of a delimiter split across reads.
            _start = Math.Max(_start, _end - _delimiter.Length + 1);
            if (Position > _maxPreamble)
                throw Broken($"the preamble before the first boundary is longer than {_maxPreamble} bytes (no boundary so far)");
            await FillAsync(_end - _start + 1, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One line of the header section that started at <paramref name="section"/>, without its line break.</summary>
    private async Task<string> ReadHeaderLineAsync(long section, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Bytes the section may still take, the line break included; the buffer holds at least that many.
            int budget = (int)Math.Max(0, section + _maxHeaderSection - Position);
            int buffered = _end - _start;
            int newline = _buffer.AsSpan(_start, Math.Min(buffered, budget)).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int length = newline > 0 && _buffer[_start + newline - 1] == '\r' ? newline - 1 : newline;
                string line = Encoding.Latin1.GetString(_buffer, _start, length);
                _start += newline + 1;
                return line;
            }
            if (buffered >= budget)
                throw Broken($"a part's header section is longer than {_maxHeaderSection} bytes", section);
            if (_eof)
                throw Broken("the body ends inside part headers (truncated)", _bufferOffset + _end);
            await FillAsync(buffered + 1, cancellationToken).ConfigureAwait(false);
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
            _end += await ReadStreamAsync(_buffer.AsMemory(_end, _buffer.Length - _end), _bufferOffset + _end, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One read of the body into <paramref name="destination"/>, which starts at body offset <paramref name="offset"/>; 0 at its end.</summary>
    private async ValueTask<int> ReadStreamAsync(Memory<byte> destination, long offset, CancellationToken cancellationToken)
    {
        int read = await BodyRead.ReadAsync(_stream, destination, e => Broken($"the connection failed ({e.Message})", offset, e), cancellationToken).ConfigureAwait(false);
        if (read == 0)
            _eof = true;
        return read;
    }

    /// <summary>
    /// Reads the body straight into <paramref name="destination"/> (at most the buffer's length), after
    /// the few bytes still buffered: the bytes now there, from body offset <see cref="Position"/>, for the
    /// caller to scan (up to just past the delimiter when <paramref name="partLeft"/>, the bytes the part
    /// says it still has, is known). Whatever of them it does not take goes back with <see cref="Unread"/>. A large read
    /// of a part then copies nothing in memory; through the buffer, every byte was copied once more.
    /// </summary>
    private async ValueTask<int> ReadDirectAsync(Memory<byte> destination, long? partLeft, CancellationToken cancellationToken)
    {
        int buffered = _end - _start;
        _buffer.AsSpan(_start, buffered).CopyTo(destination.Span);
        _bufferOffset += _start;
        _start = _end = 0;
        int most = Math.Min(destination.Length, _buffer.Length);
        // A part that gives its Content-Length is read to just past its delimiter, so little of the next part comes back to the buffer.
        if (partLeft is long left && left + _delimiter.Length < most)
            most = (int)left + _delimiter.Length;
        int read = await ReadStreamAsync(destination[buffered..most], _bufferOffset + buffered, cancellationToken).ConfigureAwait(false);
        return buffered + read;
    }

    /// <summary>Puts back the bytes a direct read brought that the part does not take: from <paramref name="taken"/> on.</summary>
    private void Unread(ReadOnlySpan<byte> direct, int taken)
    {
        direct[taken..].CopyTo(_buffer);
        _bufferOffset += taken;
        _start = 0;
        _end = direct.Length - taken;
    }

    private void ThrowIfBroken()
    {
        if (_broken is not null)
            throw new DicomWebException(_broken, HttpMethod.Get, _url, null, _description, null, QueryValues);
    }

    private DicomWebException Broken(string message, long? offset = null, Exception? inner = null)
    {
        _broken = $"the multipart/related body is broken at byte {offset ?? Position}: {message}";
        return new DicomWebException(_broken, HttpMethod.Get, _url, null, _description, inner, QueryValues);
    }

    // Server text in a message: short, one line, control characters shown as '?'.
    private static string Excerpt(string text, int length = ExcerptLength)
    {
        string cut = text.Length > length ? text[..length] + "…" : text;
        return string.Create(cut.Length, cut, static (span, source) =>
        {
            for (int i = 0; i < span.Length; i++)
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
        });
    }

    /// <summary>One part's body: the bytes up to the next delimiter, never past it.</summary>
    private sealed class PartStream(MultipartRelatedReader reader, long? contentLength) : ReadOnlyStream
    {
        private bool _done;
        private long _length;

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_done)
                return 0;
            reader.ThrowIfBroken();
            if (destination.Length == 0)
                return 0;
            byte[] delimiter = reader._delimiter;
            if (destination.Length >= reader._directReadBytes && reader._end - reader._start < delimiter.Length && !reader._eof)
            {
                int direct = await reader.ReadDirectAsync(destination, contentLength - _length, cancellationToken).ConfigureAwait(false);
                ReadOnlySpan<byte> read = destination.Span[..direct];
                int found = read.IndexOf(delimiter);
                int taken = found >= 0 ? found : Math.Max(0, direct - delimiter.Length + 1); // keep back what could start a delimiter
                CheckLength(taken, reader._bufferOffset);
                reader.Unread(read, taken);
                if (taken > 0)
                {
                    _length += taken;
                    return taken;
                }
                // Nothing to give yet (the delimiter comes first, or too few bytes came): the buffered way below.
            }
            await reader.FillAsync(delimiter.Length, cancellationToken).ConfigureAwait(false);
            ReadOnlySpan<byte> data = reader._buffer.AsSpan(reader._start, reader._end - reader._start);
            int at = data.IndexOf(delimiter);
            int available;
            if (at >= 0)
                available = at;
            else if (reader._eof)
                throw reader.Broken("the body ends before the closing boundary (truncated)", reader._bufferOffset + reader._end);
            else
                available = data.Length - delimiter.Length + 1; // keep back what could start a delimiter
            if (at == 0)
            {
                if (contentLength is long expected && expected != _length)
                    throw reader.Broken($"the part has {_length} bytes but its Content-Length says {expected}");
                reader._start += delimiter.Length;
                _done = true;
                return 0;
            }
            int count = Math.Min(available, destination.Length);
            CheckLength(count, reader.Position);
            data[..count].CopyTo(destination.Span);
            reader._start += count;
            _length += count;
            return count;
        }

        // The next count bytes of the part, which stands at body offset position, must fit its Content-Length.
        private void CheckLength(int count, long position)
        {
            if (contentLength is long limit && count > limit - _length)
                throw reader.Broken($"the part runs past its Content-Length of {limit} bytes", position + (limit - _length));
        }

        public async Task SkipRestAsync(CancellationToken cancellationToken)
        {
            if (_done)
                return;
            byte[] scratch = ArrayPool<byte>.Shared.Rent(8192);
            try
            {
                while (await ReadAsync(scratch, cancellationToken).ConfigureAwait(false) > 0)
                {
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }
}
