using System.Net;
using System.Text;

namespace DicomWeb.Client;

/// <summary>One part of an outgoing multipart/related body: headers, and a source opened when the part is written.</summary>
internal sealed record OutgoingPart(string ContentType, string? ContentLocation, long? Length, Func<Stream> Open);

/// <summary>
/// A multipart/related request body (RFC 2387) written part by part from each part's source:
/// only a copy buffer is held, never the body. Content-Type carries the type parameter and a
/// random boundary; Content-Length is known when every part's length is.
/// </summary>
internal sealed class MultipartRelatedContent : HttpContent
{
    private readonly IReadOnlyList<OutgoingPart> _parts;
    private readonly string _boundary = "DicomWeb-" + Guid.NewGuid().ToString("N");

    public MultipartRelatedContent(string type, IReadOnlyList<OutgoingPart> parts, bool quoteType)
    {
        _parts = parts;
        // Set without validation: .NET would reformat the type parameter's quoting.
        Headers.TryAddWithoutValidation("Content-Type", $"multipart/related; type={(quoteType ? $"\"{type}\"" : type)}; boundary={_boundary}");
    }

    /// <summary>Bytes written by the last serialization.</summary>
    public long BytesWritten { get; private set; }

    private byte[] PartHeader(OutgoingPart part, bool first)
    {
        var text = new StringBuilder(first ? "" : "\r\n").Append("--").Append(_boundary).Append("\r\nContent-Type: ").Append(part.ContentType).Append("\r\n");
        if (part.Length is long length)
            text.Append("Content-Length: ").Append(length).Append("\r\n");
        if (part.ContentLocation is not null)
            text.Append("Content-Location: ").Append(part.ContentLocation).Append("\r\n");
        return Encoding.ASCII.GetBytes(text.Append("\r\n").ToString());
    }

    private byte[] Closing => Encoding.ASCII.GetBytes($"\r\n--{_boundary}--\r\n");

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        long written = 0;
        // One buffer per body, not one rented per part: rented buffers returned on other threads
        // pile up in the pool's per-thread and per-core caches, which shows as working set.
        byte[] buffer = new byte[256 * 1024];
        for (int i = 0; i < _parts.Count; i++)
        {
            OutgoingPart part = _parts[i];
            byte[] header = PartHeader(part, i == 0);
            await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            written += header.Length;
            long partBytes = 0;
            await using (Stream source = part.Open())
            {
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    partBytes += read;
                }
            }
            // A source that changed size since its length was taken would make the body lie about itself.
            if (part.Length is long expected && expected != partBytes)
                throw new IOException($"part {i + 1} has {partBytes} bytes but {expected} were announced (the source changed while it was sent)");
            written += partBytes;
        }
        byte[] closing = Closing;
        await stream.WriteAsync(closing, cancellationToken).ConfigureAwait(false);
        BytesWritten = written + closing.Length;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        for (int i = 0; i < _parts.Count; i++)
        {
            if (_parts[i].Length is not long partLength)
                return false;
            length += PartHeader(_parts[i], i == 0).Length + partLength;
        }
        length += Closing.Length;
        return true;
    }
}
