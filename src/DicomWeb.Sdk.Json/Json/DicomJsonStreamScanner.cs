using System.Buffers;
using System.Text.Json;

namespace DicomWeb.Json;

/// <summary>
/// Finds the top-level objects of a DICOM JSON array (or a lone object) in a stream, one at a
/// time: it reads the stream in chunks and follows the tokens with a resumable Utf8JsonReader, so
/// it holds the bytes of the current object and one read's worth more, never the whole input.
/// Each object found is then parsed (or validated and read into a model) from its own bytes.
/// </summary>
internal sealed class DicomJsonStreamScanner : IDisposable
{
    private const int FirstBufferSize = 64 * 1024;

    private readonly DicomJsonReadOptions _options;
    private readonly bool _arrayExpected;
    // The first buffer comes from the pool (most responses fit it); a larger one, needed only for a
    // large object, is allocated and dropped with the scanner rather than kept in the pool.
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(FirstBufferSize);
    private bool _pooled = true;
    private long _bufferOffset;      // stream offset of _buffer[0]
    private int _end;                // bytes of _buffer filled
    private int _scanned;            // where the reader resumes
    private int _objectStart = -1;   // start of the object being found, -1 outside one
    private int _wanted;             // bytes wanted past _scanned before the next scan (grows when a token spans reads)
    private bool _endOfStream;
    private JsonReaderState _state;
    private Phase _phase = Phase.Start;

    private enum Phase { Start, InArray, SingleObject, Done }

    public DicomJsonStreamScanner(DicomJsonReadOptions options, bool arrayExpected)
    {
        _options = options;
        _arrayExpected = arrayExpected;
        // The scan is not recursive, so it may follow any nesting the size limit lets through; the
        // parser of each object then applies MaxSequenceDepth with its own message.
        _state = new JsonReaderState(new JsonReaderOptions { MaxDepth = int.MaxValue });
    }

    /// <summary>Index of the object found last in the top-level array; -1 for a lone object.</summary>
    public int Index { get; private set; } = -1;

    /// <summary>The bytes of the object found last (valid until the next scan).</summary>
    public ReadOnlySpan<byte> Object => _buffer.AsSpan(_objectStart, _foundLength);

    /// <summary>Stream offset of the object found last.</summary>
    public long ObjectOffset => _bufferOffset + _objectStart;

    /// <summary>The path of the object found last, for errors: "$[n]" or "$".</summary>
    public int TopIndex => _phase == Phase.SingleObject || (_phase == Phase.Done && Index < 0) ? -1 : Index;

    private int _foundLength;

    public enum Result { Found, NeedMore, End }

    /// <summary>Advances over the bytes read so far: Found (see <see cref="Object"/>), NeedMore (call a Fill), or End.</summary>
    public Result Scan()
    {
        if (_foundLength > 0)
        {
            _objectStart = -1; // The caller is done with the object found last.
            _foundLength = 0;
        }
        if (_end - _scanned < _wanted && !_endOfStream)
            return Result.NeedMore;
        if (_endOfStream && _phase == Phase.Start && _buffer.AsSpan(_scanned, _end - _scanned).Trim(" \t\r\n"u8).IsEmpty)
        {
            // An empty body (or only whitespace): no results, unless strict or one object was asked for.
            if (_arrayExpected && !_options.Strict)
                return Result.End;
            throw new DicomJsonException("the JSON is empty", "$", _bufferOffset + _end);
        }
        var reader = new Utf8JsonReader(_buffer.AsSpan(_scanned, _end - _scanned), _endOfStream, _state);
        try
        {
            while (reader.Read())
            {
                long at = _bufferOffset + _scanned + reader.TokenStartIndex;
                switch (_phase)
                {
                    case Phase.Start when reader.TokenType == JsonTokenType.StartArray && _arrayExpected:
                        _phase = Phase.InArray;
                        break;
                    case Phase.Start when reader.TokenType == JsonTokenType.StartObject:
                        if (_arrayExpected && _options.Strict)
                            throw new DicomJsonException("expected an array of DICOM JSON objects, found a single object (tolerated unless Strict)", "$", at);
                        _phase = Phase.SingleObject;
                        Begin(ref reader);
                        break;
                    case Phase.Start:
                        throw new DicomJsonException($"expected {(_arrayExpected ? "an array of DICOM JSON objects" : "a DICOM JSON object")}, found {DicomJsonParser.Describe(reader.TokenType)}", "$", at);
                    case Phase.InArray when _objectStart < 0:
                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            _phase = Phase.Done;
                            break;
                        }
                        Index++;
                        if (reader.TokenType != JsonTokenType.StartObject)
                            throw new DicomJsonException($"expected a DICOM JSON object in the array, found {DicomJsonParser.Describe(reader.TokenType)}", $"$[{Index}]", at);
                        Begin(ref reader);
                        break;
                    case Phase.InArray or Phase.SingleObject:
                        if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == (_phase == Phase.InArray ? 1 : 0))
                        {
                            _foundLength = _scanned + (int)reader.BytesConsumed - _objectStart;
                            if (_phase == Phase.SingleObject)
                                _phase = Phase.Done;
                            Advance(ref reader);
                            return Result.Found;
                        }
                        break;
                    case Phase.Done:
                        throw new DicomJsonException($"unexpected {DicomJsonParser.Describe(reader.TokenType)} after the end of the DICOM JSON", "$", at);
                }
            }
        }
        catch (JsonException e) when (e is not DicomJsonException)
        {
            throw new DicomJsonException($"the JSON is malformed: {e.Message}", Where(), _bufferOffset + _scanned + reader.BytesConsumed, e);
        }
        bool progress = reader.BytesConsumed > 0;
        Advance(ref reader);
        if (!_endOfStream)
        {
            // A token longer than what is buffered: read at least as much again before scanning, so a
            // long token is rescanned a logarithmic number of times, not once per read.
            _wanted = progress ? 0 : Math.Max(2 * (_end - _scanned), 1);
            return Result.NeedMore;
        }
        if (_phase == Phase.Done)
            return Result.End;
        throw new DicomJsonException("the JSON ends early (truncated)", Where(), _bufferOffset + _end);
    }

    private void Begin(ref Utf8JsonReader reader) => _objectStart = _scanned + (int)reader.TokenStartIndex;

    private void Advance(ref Utf8JsonReader reader)
    {
        _scanned += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    private string Where() => _phase switch
    {
        Phase.InArray when _objectStart >= 0 || Index >= 0 => $"$[{Index}]",
        _ => "$",
    };

    /// <summary>Reads more of the stream (synchronously).</summary>
    public void Fill(Stream stream)
    {
        Memory<byte> free = MakeRoom();
        int read = stream.Read(free.Span);
        Filled(read);
    }

    /// <summary>Reads more of the stream.</summary>
    public async ValueTask FillAsync(Stream stream, CancellationToken cancellationToken)
    {
        Memory<byte> free = MakeRoom();
        int read = await stream.ReadAsync(free, cancellationToken).ConfigureAwait(false);
        Filled(read);
    }

    private void Filled(int read)
    {
        if (read <= 0)
            _endOfStream = true;
        else
            _end += read;
    }

    /// <summary>Drops the bytes no longer needed and grows the buffer up to the limit; refuses an object (or token) larger than MaxDatasetBytes.</summary>
    private Memory<byte> MakeRoom()
    {
        int keep = _objectStart >= 0 ? _objectStart : _scanned;
        int held = _end - keep;
        if (held >= _options.MaxDatasetBytes)
        {
            string what = _objectStart >= 0 ? "the DICOM JSON object" : "a JSON token";
            throw new DicomJsonException(
                $"{what} is larger than {_options.MaxDatasetBytes} bytes (DicomJsonReadOptions.MaxDatasetBytes); refused after reading {held} of its bytes",
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
                var larger = new byte[Math.Max(size, held + FirstBufferSize / 4)];
                _buffer.AsSpan(keep, held).CopyTo(larger);
                ReturnBuffer();
                _buffer = larger;
            }
            _bufferOffset += keep;
            _scanned -= keep;
            if (_objectStart >= 0)
                _objectStart -= keep;
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
        _foundLength = 0;
    }

    private void ReturnBuffer()
    {
        if (_pooled)
            ArrayPool<byte>.Shared.Return(_buffer);
        _pooled = false;
    }
}
