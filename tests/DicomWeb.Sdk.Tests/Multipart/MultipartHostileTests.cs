using System.Text;
using DicomWeb.Client;

namespace DicomWeb.Sdk.Tests.Multipart;

/// <summary>
/// Bodies a hostile or broken server can send: each is a <see cref="DicomWebException"/> naming the
/// URL and the byte offset, found after reading and allocating a bounded amount, never an endless
/// read, a huge allocation or another exception type.
/// </summary>
public class MultipartHostileTests
{
    private const string Boundary = "b0undary";
    private static readonly Uri Url = new("http://127.0.0.1:1/dicom-web/studies/1.2.3");
    private const long Plenty = 64L * 1024 * 1024; // what the server would send if the reader kept reading

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static MultipartRelatedReader Reader(Stream stream, MultipartLimits? limits = null) =>
        new(stream, Boundary, "Content-Type: multipart/related", Url, "application/dicom", limits);

    /// <summary>Reads every part to its end; the error, the bytes allocated on this thread.</summary>
    private static async Task<(DicomWebException Error, long Allocated)> FailingRead(Stream stream, MultipartLimits? limits = null)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            var reader = Reader(stream, limits);
            byte[] scratch = new byte[4096];
            while (await reader.ReadNextPartAsync(CancellationToken.None) is { } part)
            {
                while (await part.Content.ReadAsync(scratch) > 0)
                {
                }
            }
        });
        Assert.Equal(Url, error.Url);
        Assert.Contains("broken at byte", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 1000, $"the message carries the server's text: {error.Message.Length} characters");
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static async Task<List<(DicomPart Part, byte[] Content)>> ReadAll(byte[] body, MultipartLimits? limits = null)
    {
        var reader = Reader(new MemoryStream(body), limits);
        var parts = new List<(DicomPart, byte[])>();
        while (await reader.ReadNextPartAsync(CancellationToken.None) is { } part)
        {
            using var copy = new MemoryStream();
            await part.Content.CopyToAsync(copy);
            parts.Add((part, copy.ToArray()));
        }
        return parts;
    }

    [Fact]
    public async Task Endless_header_lines_end_at_the_header_section_bound()
    {
        var stream = new HeaderLinesStream(Ascii($"--{Boundary}\r\n"), Plenty);
        var (error, allocated) = await FailingRead(stream);
        Assert.Contains("header section is longer than 16384 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains($"byte {Boundary.Length + 2}:", error.Message, StringComparison.Ordinal);
        Assert.True(stream.Delivered < 1024 * 1024, $"{stream.Delivered} bytes read");
        Assert.True(allocated < 2 * 1024 * 1024, $"{allocated} bytes allocated");
    }

    [Fact]
    public async Task One_endless_header_line_ends_at_the_header_section_bound()
    {
        var stream = new RepeatingStream(Ascii($"--{Boundary}\r\nX-Padding: "), Ascii("a"), Plenty);
        var (error, allocated) = await FailingRead(stream);
        Assert.Contains("header section is longer than 16384 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(stream.Delivered < 1024 * 1024, $"{stream.Delivered} bytes read");
        Assert.True(allocated < 2 * 1024 * 1024, $"{allocated} bytes allocated");
    }

    [Fact]
    public async Task The_header_section_bound_is_an_option()
    {
        string headers = $"Content-Type: application/dicom\r\nX-Note: {new string('n', 20_000)}\r\n\r\n";
        byte[] body = Ascii($"--{Boundary}\r\n{headers}x\r\n--{Boundary}--");
        await FailingRead(new MemoryStream(body));
        var parts = await ReadAll(body, new MultipartLimits { MaxHeaderSectionBytes = 2 + headers.Length });
        Assert.Equal(20_000, parts[0].Part.Headers["X-Note"].Length);
        await FailingRead(new MemoryStream(body), new MultipartLimits { MaxHeaderSectionBytes = 1 + headers.Length });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultipartLimits { MaxHeaderSectionBytes = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultipartLimits { MaxHeaderSectionBytes = MultipartLimits.HeaderSectionBytesCeiling + 1 });
    }

    [Fact]
    public async Task An_endless_preamble_ends_at_the_preamble_bound()
    {
        var stream = new RepeatingStream([], Ascii("no boundary here\r\n"), Plenty);
        var (error, allocated) = await FailingRead(stream);
        Assert.Contains("preamble before the first boundary is longer than 65536 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(stream.Delivered < 1024 * 1024, $"{stream.Delivered} bytes read");
        Assert.True(allocated < 2 * 1024 * 1024, $"{allocated} bytes allocated");
    }

    [Fact]
    public async Task A_preamble_within_its_bound_is_skipped_and_one_beyond_it_is_an_error()
    {
        byte[] Body(int preamble) => Ascii($"{new string('p', preamble)}\r\n--{Boundary}\r\n\r\nx\r\n--{Boundary}--");
        var limits = new MultipartLimits { MaxPreambleBytes = 100 };
        Assert.Equal("x"u8.ToArray(), (await ReadAll(Body(100), limits))[0].Content);
        var (error, _) = await FailingRead(new MemoryStream(Body(101)), limits);
        Assert.Contains("byte 101:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_part_running_past_its_content_length_ends_there_not_at_the_end_of_the_body()
    {
        var stream = new RepeatingStream(Ascii($"--{Boundary}\r\nContent-Length: 10\r\n\r\n"), Ascii("endless body "), Plenty);
        var (error, allocated) = await FailingRead(stream);
        Assert.Contains("runs past its Content-Length of 10 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(stream.Delivered < 1024 * 1024, $"{stream.Delivered} bytes read");
        Assert.True(allocated < 2 * 1024 * 1024, $"{allocated} bytes allocated");
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("+5")]
    [InlineData("5 5")]
    [InlineData("0x10")]
    [InlineData("ten")]
    [InlineData("")]
    [InlineData("99999999999999999999999999")]
    [InlineData("9223372036854775808")]
    [InlineData("٣")] // an Arabic-Indic digit: a digit to .NET, not to HTTP
    public async Task A_content_length_that_is_not_a_number_of_bytes_is_an_error(string length)
    {
        byte[] body = Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Length: {length}\r\n\r\nabc\r\n--{Boundary}--");
        var (error, _) = await FailingRead(new MemoryStream(body));
        Assert.Contains("Content-Length", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(9223372036854775807)]
    public async Task A_content_length_other_than_the_body_is_an_error(long length)
    {
        byte[] body = Ascii($"--{Boundary}\r\nContent-Length: {length}\r\n\r\nabc\r\n--{Boundary}--");
        var (error, _) = await FailingRead(new MemoryStream(body));
        Assert.Contains("Content-Length", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await ReadAll(Ascii($"--{Boundary}\r\nContent-Length: 3\r\n\r\nabc\r\n--{Boundary}--")))[0].Part.ContentLength);
    }

    [Fact]
    public async Task An_endless_epilogue_is_never_read()
    {
        var stream = new RepeatingStream(Ascii($"--{Boundary}\r\n\r\nabc\r\n--{Boundary}--\r\n"), Ascii("epilogue "), Plenty);
        var reader = Reader(stream);
        DicomPart part = (await reader.ReadNextPartAsync(CancellationToken.None))!;
        Assert.Equal("abc", await new StreamReader(part.Content).ReadToEndAsync());
        Assert.Null(await reader.ReadNextPartAsync(CancellationToken.None));
        Assert.Null(await reader.ReadNextPartAsync(CancellationToken.None));
        Assert.True(stream.Delivered < 1024 * 1024, $"{stream.Delivered} bytes read");
    }

    [Fact]
    public async Task A_huge_content_length_that_never_comes_allocates_nothing_for_it_and_ends_as_truncated()
    {
        byte[] body = Ascii($"--{Boundary}\r\nContent-Length: 1000000000000\r\n\r\nonly this");
        var (error, allocated) = await FailingRead(new MemoryStream(body));
        Assert.Contains("the body ends before the closing boundary (truncated)", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 1024 * 1024, $"{allocated} bytes allocated");
    }

    [Theory]
    [InlineData("Content-Type: application/dicom\r\ncontent-type: text/plain", "repeated")]
    [InlineData(": no name", "has no name")]
    [InlineData("no colon at all", "has no name")]
    [InlineData("Bad Name: x", "has no name")]
    [InlineData(" Content-Type: application/dicom", "has no name")]
    [InlineData("Content-Type: application/dicom; boundary=\"unterminated", "is not a media type")]
    [InlineData("Content-Type: not a media type", "is not a media type")]
    public async Task Malformed_part_headers_are_errors(string headers, string expected)
    {
        byte[] body = Ascii($"--{Boundary}\r\n{headers}\r\n\r\nabc\r\n--{Boundary}--");
        var (error, _) = await FailingRead(new MemoryStream(body));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Header_text_in_errors_is_short_and_without_control_characters()
    {
        byte[] body = Ascii($"--{Boundary}\r\n{new string('x', 10_000)}\u0007\u001b[2J\r\n\r\nabc\r\n--{Boundary}--");
        var (error, _) = await FailingRead(new MemoryStream(body));
        Assert.DoesNotContain('\u001b', error.Message);
        Assert.DoesNotContain(new string('x', 100), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_white_space_may_follow_a_boundary()
    {
        Assert.Equal("abc"u8.ToArray(), (await ReadAll(Ascii($"--{Boundary} \t\r\n\r\nabc\r\n--{Boundary}--")))[0].Content);
        // A body holding the delimiter followed by more text: not a boundary of this body, not silently a new part.
        var (error, _) = await FailingRead(new MemoryStream(Ascii($"--{Boundary}\r\n\r\nab\r\n--{Boundary}X\r\n\r\nc\r\n--{Boundary}--")));
        Assert.Contains("followed by 'X'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_reader_stays_broken()
    {
        var reader = Reader(new MemoryStream(Ascii($"--{Boundary}\r\nContent-Length: 1\r\n\r\nabc\r\n--{Boundary}\r\n\r\nnext\r\n--{Boundary}--")));
        DicomPart part = (await reader.ReadNextPartAsync(CancellationToken.None))!;
        var first = await Assert.ThrowsAsync<DicomWebException>(() => part.Content.CopyToAsync(Stream.Null));
        var again = await Assert.ThrowsAsync<DicomWebException>(() => reader.ReadNextPartAsync(CancellationToken.None));
        Assert.Equal(first.Message, again.Message);
        await Assert.ThrowsAsync<DicomWebException>(() => part.Content.ReadAsync(new byte[10]).AsTask());
    }

    [Fact]
    public async Task A_connection_failure_is_a_dicomweb_exception_with_the_offset()
    {
        byte[] head = Ascii($"--{Boundary}\r\n\r\nabc");
        var stream = new ChunkedStream(head, [1000], failAtEnd: () => new IOException("connection reset"));
        var (error, _) = await FailingRead(stream);
        Assert.Contains($"broken at byte {head.Length}: the connection failed (connection reset)", error.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(error.InnerException);
    }

    [Theory]
    [InlineData("multipart/related; type=application/dicom", "no boundary")]
    [InlineData("multipart/related; boundary=\"\"", "0 characters")]
    [InlineData("multipart/related; boundary=\"ends in space \"", "ends in a space")]
    [InlineData("multipart/related; boundary=\"caf\u00e9\"", "U+00E9")]
    [InlineData("multipart/related; boundary=a*b", "U+002A")]
    [InlineData("multipart/related; boundary=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "71 characters")]
    public void A_boundary_parameter_that_is_not_one_of_rfc_2046_is_an_error(string contentType, string expected)
    {
        MediaTypeHeader type = MediaTypeHeader.TryParse(contentType)!;
        var error = Assert.Throws<DicomWebException>(() => MultipartRelatedReader.Create(new MemoryStream(), type, "body", Url));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(Url, error.Url);
    }

    [Fact]
    public async Task A_boundary_of_70_characters_with_every_allowed_character_is_read()
    {
        string boundary = "'()+_,-./:=? 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU";
        Assert.Equal(70, boundary.Length);
        MediaTypeHeader type = MediaTypeHeader.TryParse($"multipart/related; type=\"application/dicom\"; boundary=\"{boundary}\"")!;
        var reader = MultipartRelatedReader.Create(new MemoryStream(Ascii($"--{boundary}\r\n\r\nabc\r\n--{boundary}--")), type, "body", Url);
        DicomPart part = (await reader.ReadNextPartAsync(CancellationToken.None))!;
        Assert.Equal("application/dicom", part.ContentType);
        Assert.Equal("abc", await new StreamReader(part.Content).ReadToEndAsync());
        Assert.Null(await reader.ReadNextPartAsync(CancellationToken.None));
    }
}
