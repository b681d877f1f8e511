using System.Text.Json;
using DicomWeb.Json;
using Microsoft.AspNetCore.Http;

namespace DicomWeb.Server.Http;

/// <summary>
/// A DICOM JSON array (PS3.18 F.2.1) written as the data sets come: each goes out through the
/// response's pipe once some 64 KiB are pending, so memory holds one data set, not the answer.
/// Started held (<see cref="StartHeld"/>), the first bytes are kept until the array ends or passes
/// a bound, so that what is learnt while the results come (a store's warnings) can still become
/// headers: the response starts with a callback that sets them.
/// </summary>
internal sealed class JsonArrayResponse : IAsyncDisposable
{
    private const int FlushBytes = 64 * 1024;

    private readonly HttpResponse _response;
    private readonly Utf8JsonWriter _writer;
    private readonly HeldBodyWriter? _held;
    private readonly long _holdBytes;
    private readonly Action<bool>? _starting;

    private JsonArrayResponse(HttpResponse response, HeldBodyWriter? held, long holdBytes, Action<bool>? starting)
    {
        _response = response;
        _held = held;
        _holdBytes = holdBytes;
        _starting = starting;
        _writer = new Utf8JsonWriter(held is null ? response.BodyWriter : held, DicomJson.CanonicalWriterOptions);
        _writer.WriteStartArray();
    }

    /// <summary>Starts a 200 application/dicom+json answer.</summary>
    public static JsonArrayResponse Start(HttpContext context)
    {
        SetStatus(context);
        return new JsonArrayResponse(context.Response, null, 0, null);
    }

    /// <summary>
    /// Starts a 200 application/dicom+json answer whose first <paramref name="holdBytes"/> bytes are
    /// held: <paramref name="starting"/> runs just before the response starts, with true when the
    /// whole array was held (it knows everything the results brought), false when the bound was passed.
    /// </summary>
    public static JsonArrayResponse StartHeld(HttpContext context, long holdBytes, Action<bool> starting)
    {
        SetStatus(context);
        return new JsonArrayResponse(context.Response, new HeldBodyWriter(context.Response.BodyWriter), holdBytes, starting);
    }

    private static void SetStatus(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/dicom+json";
    }

    public async Task WriteAsync(DicomDataset dataset, CancellationToken cancellationToken)
    {
        DicomJson.Serialize(_writer, dataset);
        if (_held is { IsReleased: false })
        {
            if (_held.HeldBytes + _writer.BytesPending <= _holdBytes)
                return;
            _writer.Flush();
            Release(complete: false);
        }
        if (_writer.BytesPending > FlushBytes)
            await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        _writer.WriteEndArray();
        _writer.Flush();
        if (_held is { IsReleased: false })
        {
            // The whole answer is at hand: sent with its length rather than chunked.
            _response.ContentLength = _held.HeldBytes;
            Release(complete: true);
        }
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Release(bool complete)
    {
        _starting!(complete);
        _held!.Release();
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _writer.Flush();
        await _response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    /// <summary>
    /// Whether the Accept header takes DICOM JSON (application/dicom+json, application/json, or a
    /// range covering one of them); the XML flavour (multipart/related; type=application/dicom+xml)
    /// is not offered.
    /// </summary>
    public static bool IsAccepted(IReadOnlyList<AcceptChoice> choices) =>
        choices.Any(c => !c.IsMultipart && (c.Covers("application/dicom+json") || c.Covers("application/json")));
}
