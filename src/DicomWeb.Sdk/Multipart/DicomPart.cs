namespace DicomWeb.Client;

/// <summary>
/// One part of a DICOMweb response: its own headers (Content-Type with transfer-syntax,
/// Content-Location, Content-Length...) and its body as a stream read incrementally. A
/// single-part response comes through the same type.
/// </summary>
public sealed class DicomPart
{
    internal DicomPart(IReadOnlyDictionary<string, string> headers, Stream content)
    {
        Headers = headers;
        Content = content;
    }

    /// <summary>The part's headers, names case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The part's Content-Type, e.g. application/dicom; transfer-syntax=1.2.840.10008.1.2.1; text/plain when absent (the default of RFC 2046).</summary>
    public string ContentType => Headers.TryGetValue("Content-Type", out string? type) ? type : "text/plain";

    /// <summary>The part's Content-Location, when the server sent one.</summary>
    public string? ContentLocation => Headers.TryGetValue("Content-Location", out string? location) ? location : null;

    /// <summary>
    /// The body, read as it arrives; it must be read (or skipped by moving to the next part) in
    /// order. Reading past a truncated end throws <see cref="DicomWebException"/>.
    /// </summary>
    public Stream Content { get; }
}
