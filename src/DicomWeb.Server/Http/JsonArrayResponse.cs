using System.Text.Json;
using DicomWeb.Json;
using Microsoft.AspNetCore.Http;

namespace DicomWeb.Server.Http;

/// <summary>
/// A DICOM JSON array (PS3.18 F.2.1) written as the data sets come: each goes out through the
/// response's pipe once some 64 KiB are pending, so memory holds one data set, not the answer.
/// </summary>
internal sealed class JsonArrayResponse : IAsyncDisposable
{
    private const int FlushBytes = 64 * 1024;

    private readonly HttpResponse _response;
    private readonly Utf8JsonWriter _writer;

    private JsonArrayResponse(HttpResponse response)
    {
        _response = response;
        _writer = new Utf8JsonWriter(response.BodyWriter, DicomJson.CanonicalWriterOptions);
        _writer.WriteStartArray();
    }

    /// <summary>Starts a 200 application/dicom+json answer.</summary>
    public static JsonArrayResponse Start(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/dicom+json";
        return new JsonArrayResponse(context.Response);
    }

    public async Task WriteAsync(DicomDataset dataset, CancellationToken cancellationToken)
    {
        DicomJson.Serialize(_writer, dataset);
        if (_writer.BytesPending > FlushBytes)
            await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        _writer.WriteEndArray();
        await FlushAsync(cancellationToken).ConfigureAwait(false);
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
