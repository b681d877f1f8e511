using System.Text;
using DicomWeb.Client;

namespace DicomWeb.Sdk.Tests.Multipart;

/// <summary>
/// Fuzzing from a fixed seed: valid multipart bodies built here (several parts, headers, preamble,
/// epilogue, boundary-like bytes inside bodies) are mutated, truncated and fed in random chunks
/// with random read sizes. Each case either reads exactly the parts the bytes hold (the oracle is
/// <see cref="ReferenceMultipart"/>) or ends in a <see cref="DicomWebException"/>, with allocation
/// bounded by the reader's buffer whatever the input.
/// </summary>
public class MultipartFuzzTests
{
    private const int Seed = 20261201;
    private const int Cases = 12_000;

    private static readonly string[] Boundaries = ["b", "dicomweb-7f3a", "DicomWeb-0123456789abcdef0123456789abcdef", "'()+_,-./:=? x", "a=b:c"];

    private static readonly string[] ContentTypes =
    [
        "application/dicom", "application/dicom; transfer-syntax=1.2.840.10008.1.2.1", "application/octet-stream",
        "image/jpeg; transfer-syntax=\"1.2.840.10008.1.2.4.50\"", "text/plain; charset=utf-8", "application/dicom+json",
    ];

    [Fact]
    public async Task Mutated_bodies_read_as_their_bytes_say_or_fail_with_a_dicomweb_exception()
    {
        var random = new Random(Seed);
        int succeeded = 0, broken = 0;
        for (int i = 0; i < Cases; i++)
        {
            string boundary = Boundaries[random.Next(Boundaries.Length)];
            byte[] body = Mutate(random, Build(random, boundary), boundary);
            bool small = random.Next(3) == 0;
            var limits = small
                ? new MultipartLimits { MaxHeaderSectionBytes = random.Next(1, 400), MaxPreambleBytes = random.Next(0, 80) }
                : new MultipartLimits();
            int bufferSize = small ? random.Next(1, 600) : random.Next(10) == 0 ? 256 * 1024 : random.Next(1, 70_000);
            int[] chunks = random.Next(4) == 0 ? [int.MaxValue] : [.. Enumerable.Range(0, random.Next(1, 8)).Select(_ => random.Next(1, 64))];
            string defaultType = random.Next(2) == 0 ? "application/dicom" : "not a type";
            var (expected, expectBroken) = ReferenceMultipart.Parse(body, boundary, limits);

            var stream = new ChunkedStream(body, chunks);
            var reader = new MultipartRelatedReader(stream, boundary, "fuzz", null, defaultType, limits, bufferSize);
            var parts = new List<(DicomPart Part, byte[] Content, bool Whole)>();
            int complete = 0; // parts known to have ended well: read to their end, or followed by another part or the end
            Exception? failure = null;
            _contentReads = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                while (await reader.ReadNextPartAsync(CancellationToken.None) is { } part)
                {
                    complete = parts.Count;
                    // Read it whole, read some of it, or skip it: the next part is the same either way.
                    int how = random.Next(3);
                    parts.Add((part, [], false));
                    byte[] content = how == 0 ? [] : await ReadAsync(part.Content, random, how == 1 ? random.Next(0, 50) : int.MaxValue);
                    parts[^1] = (part, content, how == 2);
                    if (how == 2)
                        complete = parts.Count;
                }
                complete = parts.Count;
            }
            catch (Exception e)
            {
                failure = e;
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            string what = $"case {i}: boundary '{boundary}', {body.Length} bytes, buffer {bufferSize}, chunks [{string.Join(",", chunks)}], " +
                $"section {limits.MaxHeaderSectionBytes}, preamble {limits.MaxPreambleBytes}: {Convert.ToBase64String(body)}";
            if (failure is not null and not DicomWebException)
                Assert.Fail($"{what}\n{failure}");
            Assert.True(expectBroken == (failure is not null), $"{what}\nexpected {(expectBroken ? "an error" : "success")}, got {failure?.Message ?? "success"}");
            // A part that was skipped when the body broke may or may not have ended well before the break.
            Assert.True(expected.Count >= complete && expected.Count <= parts.Count, $"{what}\n{expected.Count} parts expected, {complete} to {parts.Count} read ({failure?.Message})");
            for (int p = 0; p < expected.Count; p++)
            {
                Assert.Equal(expected[p].Headers, parts[p].Part.Headers);
                byte[] content = parts[p].Content;
                Assert.True(parts[p].Whole ? expected[p].Content.AsSpan().SequenceEqual(content) : expected[p].Content.AsSpan().StartsWith(content), $"{what}\npart {p} differs");
                if (!expected[p].Headers.ContainsKey("Content-Type"))
                    Assert.Equal(defaultType == "application/dicom" ? defaultType : "text/plain", parts[p].Part.ContentType);
            }
            // Bounded: the buffer, a header section's strings, the parts' copies here, and a constant per
            // read (async state machines are objects in Debug builds); nothing that grows with what the server sends.
            long bound = bufferSize + 4L * limits.MaxHeaderSectionBytes + 64 * 1024 + 16L * body.Length + 512L * (stream.Reads + _contentReads + parts.Count);
            Assert.True(allocated < bound, $"{what}\n{allocated} bytes allocated, more than {bound}");
            if (failure is null)
                succeeded++;
            else
                broken++;
        }
        // The mutations must leave both outcomes common, or the test would be checking little.
        Assert.True(succeeded > Cases / 10 && broken > Cases / 10, $"{succeeded} read, {broken} broken");
    }

    private static int _contentReads;

    // Reads of up to 64 bytes come from the reader's buffer; larger ones (a quarter of its buffer, at most
    // 16 KiB) go straight into this one, with whatever follows the part put back: both ways are fuzzed.
    private static readonly byte[] ReadBuffer = new byte[40_000];

    private static async Task<byte[]> ReadAsync(Stream content, Random random, int most)
    {
        using var copy = new MemoryStream();
        byte[] buffer = ReadBuffer;
        int largest = random.Next(3) switch { 0 => 64, 1 => 4096, _ => buffer.Length };
        int read;
        while (copy.Length < most && (read = await content.ReadAsync(buffer.AsMemory(0, random.Next(1, largest + 1)))) > 0)
        {
            copy.Write(buffer, 0, read);
            _contentReads++;
        }
        return copy.ToArray();
    }

    /// <summary>A valid body: optional preamble, one to five parts, optional transport padding and epilogue.</summary>
    private static byte[] Build(Random random, string boundary)
    {
        var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.Latin1.GetBytes(text));
        if (random.Next(3) == 0)
            Write(random.Next(2) == 0 ? "This is a preamble.\r\n" : "\r\n");
        int count = random.Next(1, 6);
        for (int p = 0; p < count; p++)
        {
            Write((p == 0 && body.Length == 0 ? "" : "\r\n") + "--" + boundary + (random.Next(8) == 0 ? " \t" : "") + "\r\n");
            byte[] content = Content(random, boundary);
            if (random.Next(4) != 0)
                Write($"Content-Type: {ContentTypes[random.Next(ContentTypes.Length)]}\r\n");
            if (random.Next(2) == 0)
                Write($"Content-Location: http://server/dicom-web/studies/1.2.3/instances/{p}\r\n");
            if (random.Next(2) == 0)
                Write($"content-length: {content.Length}\r\n");
            if (random.Next(4) == 0)
                Write($"X-Extra-{p}:\t value with caf\u00e9 \r\n");
            Write("\r\n");
            body.Write(content);
        }
        Write("\r\n--" + boundary + "--");
        if (random.Next(3) == 0)
            Write("\r\nThis is an epilogue, never read.\r\n--" + boundary + "\r\n");
        return body.ToArray();
    }

    private static byte[] Content(Random random, string boundary)
    {
        var content = new MemoryStream();
        int pieces = random.Next(0, 5);
        for (int i = 0; i < pieces; i++)
        {
            switch (random.Next(4))
            {
                case 0:
                    byte[] bytes = new byte[random.Next(0, 200)];
                    random.NextBytes(bytes);
                    content.Write(bytes);
                    break;
                case 1: // near misses of the delimiter
                    string full = "\r\n--" + boundary;
                    content.Write(Encoding.ASCII.GetBytes(full[..random.Next(1, full.Length)]));
                    break;
                case 2:
                    content.Write("--"u8);
                    content.Write(Encoding.ASCII.GetBytes(boundary));
                    break;
                default:
                    content.Write("\r\n\r\nContent-Type: x/y\r\n"u8);
                    break;
            }
        }
        return content.ToArray();
    }

    private static byte[] Mutate(Random random, byte[] body, string boundary)
    {
        var bytes = new List<byte>(body);
        int mutations = random.Next(0, 4);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(9))
            {
                case 0: // flip a byte
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1: // insert protocol characters
                    byte[] inserted = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => "\r\n-:; \"0"u8[random.Next(8)])];
                    bytes.InsertRange(at, inserted);
                    break;
                case 2: // delete a range
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 20), bytes.Count - at));
                    break;
                case 3: // truncate
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4: // corrupt one boundary
                    int found = IndexOf(bytes, Encoding.ASCII.GetBytes(boundary), at);
                    if (found >= 0)
                        bytes[found + random.Next(boundary.Length)] = (byte)'#';
                    break;
                case 5: // insert a delimiter or a closing delimiter
                    bytes.InsertRange(at, Encoding.ASCII.GetBytes("\r\n--" + boundary + (random.Next(2) == 0 ? "--" : "\r\n")));
                    break;
                case 6: // a long header line
                    bytes.InsertRange(at, Encoding.ASCII.GetBytes($"X-Long: {new string('l', random.Next(100, 20_000))}\r\n"));
                    break;
                case 7: // change a digit (Content-Length, transfer syntax)
                    int digit = bytes.FindIndex(at, b => b is >= (byte)'0' and <= (byte)'9');
                    if (digit >= 0)
                        bytes[digit] = (byte)"0123456789-+ "[random.Next(13)];
                    break;
                default: // duplicate a range
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(random.Next(1, 60), bytes.Count - at)));
                    break;
            }
        }
        return [.. bytes];
    }

    private static int IndexOf(List<byte> bytes, byte[] value, int from)
    {
        for (int i = from; i + value.Length <= bytes.Count; i++)
        {
            if (bytes.GetRange(i, value.Length).SequenceEqual(value))
                return i;
        }
        return -1;
    }
}
