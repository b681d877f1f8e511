using System.Text;
using DicomWeb.Client;

namespace DicomWeb.Sdk.Tests.Multipart;

/// <summary>The multipart/related reader, fed at every split position and one byte at a time.</summary>
public class MultipartReaderTests
{
    private const string Boundary = "dicomweb-7f3a";

    private static readonly byte[][] Bodies =
    [
        [.. Encoding.ASCII.GetBytes("DICM-like bytes "), 0, 1, 2, 255],
        // Boundary-like bytes inside a binary body: near misses of the delimiter.
        [.. Encoding.ASCII.GetBytes("--dicomweb-7f3a without CRLF before; \r\n--dicomweb-7f3 one short; \r\n-dicomweb-7f3a one dash")],
        [],
        [.. Enumerable.Range(0, 3000).Select(i => (byte)(i * 31))],
    ];

    private static byte[] Body(bool preamble = true, bool epilogue = true)
    {
        var text = new MemoryStream();
        void Write(string s) => text.Write(Encoding.ASCII.GetBytes(s));
        if (preamble)
            Write("This is a preamble, to be ignored.\r\n");
        for (int i = 0; i < Bodies.Length; i++)
        {
            Write($"--{Boundary}\r\n");
            Write($"Content-Type: application/dicom; transfer-syntax=1.2.840.10008.1.2.{i}\r\ncontent-location: http://host/instances/{i}\r\n\r\n");
            text.Write(Bodies[i]);
            Write("\r\n");
        }
        Write($"--{Boundary}--");
        if (epilogue)
            Write("\r\nThis is an epilogue.\r\n");
        return text.ToArray();
    }

    // Small reads are served from the reader's buffer; large ones (16 KiB and more) are read straight into the caller's.
    private const int SmallReads = 7, LargeReads = 81_920;

    private static async Task<List<(DicomPart Part, byte[] Content)>> ReadAll(Stream stream, int readSize = SmallReads)
    {
        var reader = new MultipartRelatedReader(stream, Boundary, "test body");
        var parts = new List<(DicomPart, byte[])>();
        while (await reader.ReadNextPartAsync(CancellationToken.None) is { } part)
        {
            using var copy = new MemoryStream();
            await part.Content.CopyToAsync(copy, readSize);
            parts.Add((part, copy.ToArray()));
        }
        return parts;
    }

    private static void AssertParts(List<(DicomPart Part, byte[] Content)> parts)
    {
        Assert.Equal(Bodies.Length, parts.Count);
        for (int i = 0; i < Bodies.Length; i++)
        {
            Assert.Equal(Bodies[i], parts[i].Content);
            Assert.Equal($"application/dicom; transfer-syntax=1.2.840.10008.1.2.{i}", parts[i].Part.ContentType);
            Assert.Equal($"http://host/instances/{i}", parts[i].Part.ContentLocation);
        }
    }

    [Theory]
    [InlineData(SmallReads)]
    [InlineData(LargeReads)]
    public async Task Parts_and_their_headers_are_read_whatever_the_split_position(int readSize)
    {
        byte[] body = Body();
        for (int split = 0; split <= body.Length; split++)
            AssertParts(await ReadAll(new SplitStream(body, split), readSize));
    }

    [Theory]
    [InlineData(SmallReads)]
    [InlineData(LargeReads)]
    public async Task Parts_are_read_one_byte_at_a_time_and_without_preamble_or_epilogue(int readSize)
    {
        AssertParts(await ReadAll(new SplitStream(Body(), chunk: 1), readSize));
        AssertParts(await ReadAll(new SplitStream(Body(preamble: false, epilogue: false), chunk: 1), readSize));
    }

    [Theory]
    [InlineData(SmallReads)]
    [InlineData(LargeReads)]
    public async Task A_body_cut_anywhere_before_its_closing_boundary_is_an_error_never_a_short_part(int readSize)
    {
        byte[] body = Body(epilogue: false);
        int closing = body.Length - 2; // the final "--" after the last delimiter
        for (int cut = 0; cut < closing; cut++)
        {
            var error = await Assert.ThrowsAsync<DicomWebException>(() => ReadAll(new SplitStream(body[..cut], chunk: 5), readSize));
            Assert.Contains("multipart/related", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Large_reads_fail_where_small_ones_do_and_leave_the_next_part_whole()
    {
        // A part longer than its Content-Length, then a part that follows it in the same read.
        byte[] body = Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Length: 5000\r\n\r\n{new string('x', 5001)}\r\n--{Boundary}--");
        foreach (int chunk in new[] { 1, 100, int.MaxValue })
        {
            var small = await Assert.ThrowsAsync<DicomWebException>(() => ReadAll(new SplitStream(body, chunk: chunk), SmallReads));
            var large = await Assert.ThrowsAsync<DicomWebException>(() => ReadAll(new SplitStream(body, chunk: chunk), LargeReads));
            Assert.Contains("runs past its Content-Length of 5000 bytes", large.Message, StringComparison.Ordinal);
            Assert.Equal(small.Message, large.Message); // the same byte offset
        }
        byte[] first = [.. Enumerable.Range(0, 40_000).Select(i => (byte)(i * 7))];
        byte[] two = [.. Encoding.ASCII.GetBytes($"--{Boundary}\r\n\r\n"), .. first, .. Encoding.ASCII.GetBytes($"\r\n--{Boundary}\r\nContent-Type: text/plain\r\n\r\nsecond part\r\n--{Boundary}--")];
        var parts = await ReadAll(new SplitStream(two), LargeReads);
        Assert.Equal(first, parts[0].Content);
        Assert.Equal("second part", Encoding.ASCII.GetString(parts[1].Content));
        Assert.Equal("text/plain", parts[1].Part.ContentType);
    }

    [Fact]
    public async Task Unread_parts_are_skipped_and_memory_stays_bounded()
    {
        // A 5 MB part passes through the 64 KiB buffer.
        byte[] big = new byte[5_000_000];
        new Random(1).NextBytes(big);
        byte[] body = [.. Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Type: application/octet-stream\r\n\r\n"), .. big,
            .. Encoding.ASCII.GetBytes($"\r\n--{Boundary}\r\nContent-Type: text/plain\r\n\r\nsecond\r\n--{Boundary}--")];
        var reader = new MultipartRelatedReader(new SplitStream(body, chunk: 65_536), Boundary, "big");
        Assert.Equal("application/octet-stream", (await reader.ReadNextPartAsync(CancellationToken.None))!.ContentType);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var second = await reader.ReadNextPartAsync(CancellationToken.None); // skips 5 MB unread
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1_000_000, $"skipping a part must not buffer it: {allocated} bytes allocated");
        Assert.Equal("second", new StreamReader(second!.Content).ReadToEnd());
        Assert.Null(await reader.ReadNextPartAsync(CancellationToken.None));
    }

    /// <summary>A stream that returns its bytes in chunks of a given size, or split once at a position.</summary>
    private sealed class SplitStream(byte[] data, int split = -1, int chunk = int.MaxValue) : Stream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int limit = split > _position ? split - _position : chunk;
            int n = Math.Min(Math.Min(buffer.Length, limit), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        // Synchronous, like a socket with data ready: the base class's async path would allocate per call.
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
