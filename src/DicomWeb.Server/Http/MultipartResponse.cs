using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace DicomWeb.Server.Http;

/// <summary>
/// A multipart/related response body (RFC 2387) written part by part as the store hands parts
/// out: each part's headers, then its content copied through one pooled buffer, never the whole
/// body in memory. A part whose content does not match the Content-Length it announced is an
/// <see cref="IOException"/>: the caller cuts the connection, so the client sees a truncated body
/// (no closing boundary) rather than a complete one that lies.
/// </summary>
internal sealed class MultipartResponse
{
    private const int CopyBufferBytes = 64 * 1024;

    private readonly Stream _body;
    private readonly string _boundary = "DicomWeb-" + Guid.NewGuid().ToString("N");
    private bool _first = true;

    private MultipartResponse(HttpResponse response, string type, int status)
    {
        response.StatusCode = status;
        // The type value has a "/", which a bare RFC 2045 token cannot: it is quoted (RFC 2387).
        response.ContentType = $"multipart/related; type=\"{type}\"; boundary={_boundary}";
        _body = response.Body;
    }

    /// <summary>Starts the response: status and Content-Type are sent with the first bytes.</summary>
    public static MultipartResponse Start(HttpContext context, string type, int status = StatusCodes.Status200OK) => new(context.Response, type, status);

    /// <summary>Writes one part: its headers (names as given), then its content.</summary>
    public async Task WritePartAsync(IEnumerable<KeyValuePair<string, string>> headers, Stream content, long? length, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(_first ? "" : "\r\n").Append("--").Append(_boundary).Append("\r\n");
        _first = false;
        foreach ((string name, string value) in headers)
        {
            // Header values come from the store: a line break in one would forge headers or parts.
            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
                throw new IOException($"the store's {name} header holds a line break");
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        if (length is long announced)
            text.Append("Content-Length: ").Append(announced.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        text.Append("\r\n");
        await _body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
        long copied = await CopyAsync(content, _body, cancellationToken).ConfigureAwait(false);
        if (length is long expected && expected != copied)
            throw new IOException($"a part announced {expected} bytes and had {copied}");
    }

    /// <summary>Writes the closing delimiter: the proof, for the client, that the body is whole.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _body.WriteAsync(Encoding.ASCII.GetBytes($"{(_first ? "" : "\r\n")}--{_boundary}--\r\n"), cancellationToken).ConfigureAwait(false);
        await _body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies through one pooled buffer; the bytes copied.</summary>
    public static async Task<long> CopyAsync(Stream source, Stream target, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
            }
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
