using System.Buffers;
using System.Runtime.CompilerServices;

namespace DicomWeb.Client;

/// <summary>
/// Splits a response body that is a JSON array of objects (or one lone object, as some servers
/// send for QIDO) into its objects as they arrive, and hands each one's bytes to a parser: memory
/// holds one object, never the array, and an object larger than a limit is an error before it is
/// buffered whole. Only the structure is scanned here (strings, escapes, nesting); the parser
/// checks the rest.
/// </summary>
internal static class JsonItemReader
{
    private static readonly SearchValues<byte> Structure = SearchValues.Create("{}[]\""u8);
    private static readonly SearchValues<byte> InString = SearchValues.Create("\"\\"u8);

    /// <summary>The objects of <paramref name="stream"/>, each parsed as soon as its last byte arrives.</summary>
    /// <param name="stream">The body.</param>
    /// <param name="parse">Reads one object's UTF-8 bytes (must copy what it keeps).</param>
    /// <param name="maxItemBytes">Bytes of one object, at most.</param>
    /// <param name="fail">Makes the error for a message, an item index and a byte offset.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    public static async IAsyncEnumerable<T> ReadAsync<T>(Stream stream, Func<ReadOnlyMemory<byte>, T> parse, int maxItemBytes, Func<string, int, long, Exception?, Exception> fail,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new Window(stream, Math.Min(64 * 1024, maxItemBytes + 1));
        await buffer.SkipByteOrderMarkAsync(cancellationToken).ConfigureAwait(false);
        if (!await buffer.SkipSpaceAsync(cancellationToken).ConfigureAwait(false))
            yield break; // an empty body is no results
        bool array = buffer.Current == '[';
        if (array)
            buffer.Advance(1);
        else if (buffer.Current != '{')
            throw fail($"the body is not a JSON array or object (it starts with '{(char)buffer.Current}')", 0, buffer.Offset, null);

        for (int index = 0; ; index++)
        {
            if (!await buffer.SkipSpaceAsync(cancellationToken).ConfigureAwait(false))
                throw fail("the body ends inside the array (truncated)", index, buffer.Offset, null);
            if (array && buffer.Current == ']' && index == 0)
            {
                buffer.Advance(1);
                break;
            }
            if (buffer.Current != '{')
                throw fail($"item [{index}] is not a JSON object (it starts with '{(char)buffer.Current}')", index, buffer.Offset, null);
            long itemOffset = buffer.Offset;
            int length = await buffer.ScanObjectAsync(maxItemBytes, cancellationToken).ConfigureAwait(false);
            if (length < 0)
            {
                throw length == -1
                    ? fail($"item [{index}] is larger than the limit of {maxItemBytes} bytes (MaxDatasetBytes)", index, itemOffset, null)
                    : fail($"the body ends inside item [{index}] (truncated)", index, itemOffset, null);
            }
            T item;
            try
            {
                item = parse(buffer.Take(length));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
            {
                throw fail($"item [{index}] ($[{index}]): {e.Message}", index, itemOffset, e);
            }
            yield return item;
            if (!array)
                break;
            if (!await buffer.SkipSpaceAsync(cancellationToken).ConfigureAwait(false))
                throw fail("the body ends inside the array (truncated)", index + 1, buffer.Offset, null);
            byte next = buffer.Current;
            buffer.Advance(1);
            if (next == ']')
                break;
            if (next != ',')
                throw fail($"'{(char)next}' after item [{index}], where ',' or ']' belongs", index + 1, buffer.Offset - 1, null);
        }
        if (await buffer.SkipSpaceAsync(cancellationToken).ConfigureAwait(false))
            throw fail($"'{(char)buffer.Current}' after the end of the JSON", -1, buffer.Offset, null);
    }

    /// <summary>A read window over the stream that grows to hold one object, up to its limit.</summary>
    private sealed class Window(Stream stream, int initialSize)
    {
        private byte[] _buffer = new byte[initialSize];
        private int _start, _end;
        private long _base;   // stream offset of _buffer[0]
        private bool _eof;

        public byte Current => _buffer[_start];

        public long Offset => _base + _start;

        public void Advance(int count) => _start += count;

        public ReadOnlyMemory<byte> Take(int count)
        {
            var taken = new ReadOnlyMemory<byte>(_buffer, _start, count);
            _start += count;
            return taken;
        }

        /// <summary>Skips a UTF-8 byte order mark at the start of the body, which some servers send.</summary>
        public async ValueTask SkipByteOrderMarkAsync(CancellationToken cancellationToken)
        {
            while (_end - _start < 3 && await FillAsync(maxBytes: int.MaxValue, cancellationToken).ConfigureAwait(false))
            {
            }
            if (_end - _start >= 3 && _buffer.AsSpan(_start, 3).SequenceEqual("\uFEFF"u8))
                _start += 3;
        }

        /// <summary>Skips JSON whitespace; false at the end of the body.</summary>
        public async ValueTask<bool> SkipSpaceAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                while (_start < _end && _buffer[_start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                    _start++;
                if (_start < _end)
                    return true;
                if (!await FillAsync(maxBytes: int.MaxValue, cancellationToken).ConfigureAwait(false))
                    return false;
            }
        }

        /// <summary>
        /// The length of the object starting at the window, all of it buffered; -1 when it is longer
        /// than <paramref name="maxBytes"/>, -2 when the body ends inside it.
        /// </summary>
        public async ValueTask<int> ScanObjectAsync(int maxBytes, CancellationToken cancellationToken)
        {
            int depth = 0, at = 0;   // at: scanned bytes from _start
            bool inString = false;
            while (true)
            {
                ReadOnlySpan<byte> data = _buffer.AsSpan(_start + at, _end - _start - at);
                while (!data.IsEmpty)
                {
                    int i = inString ? data.IndexOfAny(InString) : data.IndexOfAny(Structure);
                    if (i < 0)
                    {
                        at += data.Length;
                        data = default;
                        break;
                    }
                    byte b = data[i];
                    if (inString && b == '\\')
                    {
                        if (i + 1 >= data.Length)
                        {
                            at += i; // rescan the backslash once its escaped byte is here
                            data = default;
                            break;
                        }
                        at += i + 2;
                        data = data[(i + 2)..];
                        continue;
                    }
                    at += i + 1;
                    data = data[(i + 1)..];
                    if (b == '"')
                        inString = !inString;
                    else if (b is (byte)'{' or (byte)'[')
                        depth++;
                    else if (--depth == 0)
                        return at <= maxBytes ? at : -1;
                }
                if (at > maxBytes)
                    return -1;
                if (!await FillAsync(maxBytes, cancellationToken).ConfigureAwait(false))
                    return -2;
            }
        }

        /// <summary>Reads more, keeping the bytes from _start; false at the end of the body.</summary>
        private async ValueTask<bool> FillAsync(int maxBytes, CancellationToken cancellationToken)
        {
            if (_eof)
                return false;
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _base += _start;
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
            {
                // Grow only for an object that needs it, never past its limit (plus one byte to see it
                // is over); by four, so that few discarded buffers pile up on the large object heap.
                long size = Math.Min((long)_buffer.Length * 4, (long)maxBytes + 1);
                if (size <= _buffer.Length)
                    size = _buffer.Length + 16; // the scan then sees the object is over its limit
                Array.Resize(ref _buffer, (int)Math.Min(size, Array.MaxLength));
            }
            int read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
                return false;
            }
            _end += read;
            return true;
        }
    }
}
