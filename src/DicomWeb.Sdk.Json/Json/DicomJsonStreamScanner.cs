using System.Buffers;
using static DicomWeb.Json.JsonBytes;

namespace DicomWeb.Json;

/// <summary>
/// Reads the top-level objects of a DICOM JSON array (or a lone object) from a stream, one at a
/// time, in one pass: it reads the stream in chunks, follows the array's punctuation itself, and
/// hands each object's bytes, as far as they have arrived, to an <see cref="IObjectReader"/> (the
/// fast reader), which reads the object where it lies. Only where that reader gives up does a
/// structural skip find the object's end, for the general parser to read it alone. It holds the
/// bytes of the current object and one read's worth more, never the whole input.
/// </summary>
internal sealed class DicomJsonStreamScanner : IDisposable
{
    private const int FirstBufferSize = 64 * 1024;

    // Buffers up to this size come from the shared pool: a response whose objects are large (an SR
    // report, InlineBinary) would otherwise allocate a new large-object-heap array for every call.
    // Beyond it (an object of megabytes, or a hostile one) the buffer is allocated and dropped with the
    // scanner rather than kept in the pool.
    private const int PooledBufferLimit = 1024 * 1024;

    /// <summary>Reads one object out of the buffered bytes; keeps what it read for the caller.</summary>
    public interface IObjectReader
    {
        /// <summary>The fast path: the object at <paramref name="p"/> (its '{'), moving past it; false when it cannot (not all of it has arrived, or it is not its shape).</summary>
        bool TryRead(ReadOnlySpan<byte> buffer, ref int p);

        /// <summary>The general path, on the whole object's bytes, at stream offset <paramref name="offset"/>, item <paramref name="topIndex"/> of the array (-1: a lone object).</summary>
        void ReadGeneral(ReadOnlySpan<byte> json, long offset, int topIndex);
    }

    /// <summary>An <see cref="IObjectReader"/> that keeps what it read last as a <typeparamref name="T"/>.</summary>
    public interface IObjectReader<out T> : IObjectReader
    {
        /// <summary>The object read last.</summary>
        T Current { get; }
    }

    private readonly DicomJsonReadOptions _options;
    private readonly bool _arrayExpected;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(FirstBufferSize);
    private bool _pooled = true;
    private long _bufferOffset;      // stream offset of _buffer[0]
    private int _end;                // bytes of _buffer filled
    private int _scanned;            // where reading resumes
    private int _objectStart = -1;   // start of the object waiting for more bytes, -1 outside one
    private int _skipAt = -1;        // where the skip over the waiting object resumes, -1 when it is not skipped
    private ContainerSkip _skip;     // the state of that skip
    private int _lastLength;         // the length of the object read last
    private bool _lastReadFull;      // the last read of the stream filled all the room it was given
    private bool _endOfStream;
    private Phase _phase = Phase.Start;

    private enum Phase { Start, FirstElement, NextElement, AfterElement, SingleObject, Done }

    public DicomJsonStreamScanner(DicomJsonReadOptions options, bool arrayExpected)
    {
        _options = options;
        _arrayExpected = arrayExpected;
    }

    /// <summary>Index of the object read last in the top-level array; -1 for a lone object.</summary>
    public int Index { get; private set; } = -1;

    public enum Result { Found, NeedMore, End }

    /// <summary>Advances over the bytes read so far: Found (the reader holds the object), NeedMore (call a Fill), or End.</summary>
    public Result Scan(IObjectReader reader)
    {
        while (true)
        {
            ReadOnlySpan<byte> s = _buffer.AsSpan(0, _end);
            int p = _scanned;
            SkipSpace(s, ref p);
            _scanned = p;
            if (p == _end)
            {
                if (!_endOfStream)
                    return Result.NeedMore;
                return AtEndOfStream();
            }
            byte b = s[p];
            long at = _bufferOffset + p;
            switch (_phase)
            {
                case Phase.Start when b == '[' && _arrayExpected:
                    _phase = Phase.FirstElement;
                    _scanned = p + 1;
                    continue;
                case Phase.Start when b == '{':
                    if (_arrayExpected && _options.Strict)
                        throw new DicomJsonException("expected an array of DICOM JSON objects, found a single object (tolerated unless Strict)", "$", at);
                    _phase = Phase.SingleObject;
                    return ReadObject(reader, s, p);
                case Phase.SingleObject:
                    return ReadObject(reader, s, p); // more of it has arrived
                case Phase.Start:
                    throw new DicomJsonException($"expected {(_arrayExpected ? "an array of DICOM JSON objects" : "a DICOM JSON object")}, found {Describe(b)}", "$", at);
                case Phase.FirstElement when b == ']':
                    _phase = Phase.Done;
                    _scanned = p + 1;
                    continue;
                case Phase.FirstElement or Phase.NextElement:
                    if (b == ']')
                        throw new DicomJsonException("the JSON is malformed: ']' after ',' (a trailing comma)", Where(), at);
                    if (_objectStart < 0)
                        Index++;
                    if (b != '{')
                        throw new DicomJsonException($"expected a DICOM JSON object in the array, found {Describe(b)}", $"$[{Index}]", at);
                    return ReadObject(reader, s, p);
                case Phase.AfterElement when b is (byte)',' or (byte)']':
                    _phase = b == ',' ? Phase.NextElement : Phase.Done;
                    _scanned = p + 1;
                    continue;
                case Phase.AfterElement:
                    throw new DicomJsonException($"the JSON is malformed: expected ',' or ']' after an object of the array, found {Describe(b)}", $"$[{Index}]", at);
                default:
                    throw new DicomJsonException($"unexpected {Describe(b)} after the end of the DICOM JSON", "$", at);
            }
        }
    }

    /// <summary>
    /// At the '{' of an object: read by the fast path where it lies. An object not all of which has
    /// arrived is skipped over structurally as its bytes arrive (each byte looked at once), then read.
    /// </summary>
    private Result ReadObject(IObjectReader reader, ReadOnlySpan<byte> s, int start)
    {
        int p = start;
        bool tried = false;
        if (_skipAt < 0)
        {
            // Objects of an array are alike in size: with fewer bytes than the last one took, this one is likely
            // cut off. When the stream gave all that was asked last time, more is there: read it first. Else
            // (a network that gave what it had, or the stream's last bytes) try it where it lies, and if it is
            // not whole, skip over what has arrived, so that a whole object is not kept waiting for more.
            long expected = Math.Min(_lastLength + _lastLength / 2L + 1024, _options.MaxDatasetBytes - 1L);
            bool likelyCut = _lastLength > 0 && !_endOfStream && _end - start < expected;
            if (likelyCut && _lastReadFull)
            {
                _objectStart = start;
                return Result.NeedMore;
            }
            _skip = default;
            _skipAt = start;
            if (reader.TryRead(s, ref p))
                return Read(start, p);
            tried = true;
        }
        int end = _skipAt;
        if (!_skip.TryAdvance(s, ref end))
        {
            if (_endOfStream)
                throw new DicomJsonException("the JSON ends early (truncated)", Where(), _bufferOffset + _end);
            _objectStart = start;
            _skipAt = end;
            return Result.NeedMore;
        }
        // Whole now: the fast path (unless it gave this whole object up already), else the general path.
        p = start;
        if (!tried && reader.TryRead(s[..end], ref p))
            return Read(start, p);
        reader.ReadGeneral(s[start..end], _bufferOffset + start, TopIndex);
        return Read(start, end);
    }

    private Result Read(int start, int end)
    {
        _lastLength = end - start;
        _objectStart = -1;
        _skipAt = -1;
        _scanned = end;
        _phase = _phase == Phase.SingleObject ? Phase.Done : Phase.AfterElement;
        return Result.Found;
    }

    private int TopIndex => _phase == Phase.SingleObject ? -1 : Index;

    private Result AtEndOfStream()
    {
        switch (_phase)
        {
            case Phase.Done:
                return Result.End;
            case Phase.Start:
                // An empty body (or only whitespace): no results, unless strict or one object was asked for.
                if (_arrayExpected && !_options.Strict)
                    return Result.End;
                throw new DicomJsonException("the JSON is empty", "$", _bufferOffset + _end);
            default:
                throw new DicomJsonException("the JSON ends early (truncated)", Where(), _bufferOffset + _end);
        }
    }

    private string Where() => _phase is Phase.Start or Phase.SingleObject or Phase.Done || Index < 0 ? "$" : $"$[{Index}]";

    private static string Describe(byte b) => b switch
    {
        (byte)'{' => "an object",
        (byte)'[' => "an array",
        (byte)'"' => "a string",
        (byte)'t' or (byte)'f' => "a boolean",
        (byte)'n' => "null",
        (byte)'-' or (>= (byte)'0' and <= (byte)'9') => "a number",
        (byte)']' or (byte)'}' => $"'{(char)b}'",
        _ => $"the byte 0x{b:X2} (not JSON)",
    };

    /// <summary>Reads more of the stream (synchronously).</summary>
    public void Fill(Stream stream)
    {
        Memory<byte> free = MakeRoom();
        int read = stream.Read(free.Span);
        Filled(read, free.Length);
    }

    /// <summary>Reads more of the stream.</summary>
    public async ValueTask FillAsync(Stream stream, CancellationToken cancellationToken)
    {
        Memory<byte> free = MakeRoom();
        int read = await stream.ReadAsync(free, cancellationToken).ConfigureAwait(false);
        Filled(read, free.Length);
    }

    private void Filled(int read, int room)
    {
        _lastReadFull = read == room;
        if (read <= 0)
            _endOfStream = true;
        else
            _end += read;
    }

    /// <summary>Drops the bytes no longer needed and grows the buffer up to the limit; refuses an object larger than MaxDatasetBytes.</summary>
    private Memory<byte> MakeRoom()
    {
        int keep = _objectStart >= 0 ? _objectStart : _scanned;
        int held = _end - keep;
        if (held >= _options.MaxDatasetBytes)
        {
            throw new DicomJsonException(
                $"the DICOM JSON object is larger than {_options.MaxDatasetBytes} bytes (DicomJsonReadOptions.MaxDatasetBytes); refused after reading {held} of its bytes",
                Where(), _bufferOffset + keep);
        }
        if (_end == _buffer.Length)
        {
            if (keep > 0 && held <= _buffer.Length / 2)
            {
                _buffer.AsSpan(keep, held).CopyTo(_buffer);
            }
            else
            {
                // Never more than the limit plus one read: a hostile object ends at the limit, not at memory's end.
                int size = (int)Math.Min((long)_buffer.Length * 2, (long)_options.MaxDatasetBytes + FirstBufferSize);
                int length = Math.Max(size, held + FirstBufferSize / 4);
                bool pooled = length <= PooledBufferLimit;
                byte[] larger = pooled ? ArrayPool<byte>.Shared.Rent(length) : new byte[length];
                _buffer.AsSpan(keep, held).CopyTo(larger);
                ReturnBuffer();
                _buffer = larger;
                _pooled = pooled;
            }
            _bufferOffset += keep;
            _scanned -= keep;
            if (_objectStart >= 0)
                _objectStart -= keep;
            if (_skipAt >= 0)
                _skipAt -= keep;
            _end = held;
        }
        // Reads stop at the limit, so no more than the limit is ever held for one object.
        int room = Math.Min(_buffer.Length - _end, _options.MaxDatasetBytes - held);
        return _buffer.AsMemory(_end, Math.Max(room, 1));
    }

    /// <summary>Gives the pooled buffer back; the scanner is not used after.</summary>
    public void Dispose()
    {
        ReturnBuffer();
        _buffer = [];
        _end = _scanned = 0;
        _objectStart = -1;
        _skipAt = -1;
    }

    private void ReturnBuffer()
    {
        if (_pooled)
            ArrayPool<byte>.Shared.Return(_buffer);
        _pooled = false;
    }
}
