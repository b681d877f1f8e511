using System.Net;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace DicomWeb.Client;

/// <summary>
/// One part of an outgoing multipart/related body: headers, and a source opened when the part is
/// written: a file (<paramref name="FilePath"/>) or a stream (<paramref name="Open"/>).
/// </summary>
internal sealed record OutgoingPart(string ContentType, string? ContentLocation, long? Length, Func<Stream>? Open, string? FilePath = null);

/// <summary>
/// A multipart/related request body (RFC 2387) written part by part from each part's source:
/// only a copy buffer is held, never the body. Content-Type carries the type parameter and a
/// random boundary; Content-Length is known when every part's length is.
/// </summary>
internal sealed class MultipartRelatedContent : HttpContent
{
    private readonly IReadOnlyList<OutgoingPart> _parts;
    private readonly CopyBuffers _buffers;
    private readonly string _boundary = "DicomWeb-" + Guid.NewGuid().ToString("N");

    public MultipartRelatedContent(string type, IReadOnlyList<OutgoingPart> parts, bool quoteType, CopyBuffers buffers)
    {
        _parts = parts;
        _buffers = buffers;
        // Set without validation: .NET would reformat the type parameter's quoting.
        Headers.TryAddWithoutValidation("Content-Type", $"multipart/related; type={(quoteType ? $"\"{type}\"" : type)}; boundary={_boundary}");
    }

    /// <summary>Bytes written by the last serialization.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>
    /// Writes the delimiter and headers of part <paramref name="i"/> into <paramref name="buffer"/> (ASCII; none
    /// is allocated per part: a store of thousands of instances leaves no garbage for them); returns their length.
    /// </summary>
    private int PartHeader(int i, Span<byte> buffer)
    {
        OutgoingPart part = _parts[i];
        int n = 0;
        if (i > 0)
            Append("\r\n", buffer, ref n);
        Append("--", buffer, ref n);
        Append(_boundary, buffer, ref n);
        Append("\r\nContent-Type: ", buffer, ref n);
        Append(part.ContentType, buffer, ref n);
        Append("\r\n", buffer, ref n);
        if (part.Length is long length)
        {
            Append("Content-Length: ", buffer, ref n);
            length.TryFormat(buffer[n..], out int digits, provider: System.Globalization.CultureInfo.InvariantCulture);
            n += digits;
            Append("\r\n", buffer, ref n);
        }
        if (part.ContentLocation is not null)
        {
            Append("Content-Location: ", buffer, ref n);
            Append(part.ContentLocation, buffer, ref n);
            Append("\r\n", buffer, ref n);
        }
        Append("\r\n", buffer, ref n);
        return n;
    }

    private static void Append(string text, Span<byte> buffer, ref int n) => n += Encoding.ASCII.GetBytes(text, buffer[n..]);

    // A part's headers are ASCII of a bounded size (the boundary, a media type, a length, a Content-Location).
    private int PartHeaderLength(int i)
    {
        Span<byte> scratch = stackalloc byte[1024];
        OutgoingPart part = _parts[i];
        return part.ContentType.Length + (part.ContentLocation?.Length ?? 0) + _boundary.Length < 900
            ? PartHeader(i, scratch)
            : PartHeader(i, new byte[part.ContentType.Length + (part.ContentLocation?.Length ?? 0) + _boundary.Length + 128]);
    }

    private byte[] Closing => Encoding.ASCII.GetBytes($"\r\n--{_boundary}--\r\n");

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        long written = 0;
        // One buffer per body, not one rented per part, and handed on to the client's next body.
        byte[] buffer = _buffers.Rent();
        try
        {
            written = await WritePartsAsync(stream, buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _buffers.Return(buffer);
        }
        byte[] closing = Closing;
        await stream.WriteAsync(closing, cancellationToken).ConfigureAwait(false);
        BytesWritten = written + closing.Length;
    }

    private async Task<long> WritePartsAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        long written = 0;
        for (int i = 0; i < _parts.Count; i++)
        {
            OutgoingPart part = _parts[i];
            int header = PartHeader(i, buffer);
            await stream.WriteAsync(buffer.AsMemory(0, header), cancellationToken).ConfigureAwait(false);
            written += header;
            long partBytes = 0;
            int read;
            if (part.FilePath is { } path)
            {
                // A file is read through its handle on this thread (bodies are written on thread-pool
                // threads), as FileStream's asynchronous reads on Unix would on another one: no stream
                // and no work item per file, so a store of thousands of files leaves little garbage.
                using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
                while ((read = RandomAccess.Read(file, buffer, partBytes)) > 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    partBytes += read;
                }
            }
            else
            {
                await using Stream source = part.Open!();
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    partBytes += read;
                }
            }
            // A source that changed size since its length was taken would make the body lie about itself.
            if (part.Length is long expected && expected != partBytes)
                throw new PartLengthException($"part {i + 1} has {partBytes} bytes but {expected} were announced (the source changed while it was sent)");
            written += partBytes;
        }
        return written;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        for (int i = 0; i < _parts.Count; i++)
        {
            if (_parts[i].Length is not long partLength)
                return false;
            length += PartHeaderLength(i) + partLength;
        }
        length += Closing.Length;
        return true;
    }
}
