namespace DicomWeb.Client;

/// <summary>
/// One part of a DICOMweb response: its own headers (Content-Type with transfer-syntax,
/// Content-Location, Content-Length...) and its body as a stream read incrementally. A
/// single-part response (application/dicom, image/png...) comes through the same type.
/// </summary>
/// <example><code>
/// await foreach (DicomPart part in client.RetrieveAsync(Wado.Study(studyUid)))
/// {
///     Console.WriteLine($"{part.MediaType} {part.TransferSyntaxUid} {part.ContentLocation}");
///     await part.Content.CopyToAsync(File.Create(Path.GetTempFileName()));
/// }
/// </code></example>
public sealed class DicomPart
{
    private readonly MediaTypeHeader? _contentType;

    /// <summary>
    /// A part from its headers and body: what a store that is not an HTTP client (a local folder,
    /// a test double) hands out from its retrieve calls, as the HTTP client does.
    /// </summary>
    /// <param name="headers">The part's headers (Content-Type, Content-Location, Content-Length...); looked up case-insensitively.</param>
    /// <param name="content">The body; the part does not dispose it.</param>
    /// <param name="defaultContentType">The Content-Type when the headers have none (a multipart body's type parameter); text/plain when null too.</param>
    public DicomPart(IReadOnlyDictionary<string, string> headers, Stream content, string? defaultContentType = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(content);
        headers = headers is Dictionary<string, string> { Comparer: var comparer } && ReferenceEquals(comparer, StringComparer.OrdinalIgnoreCase)
            ? headers
            : new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        Headers = headers;
        Content = content;
        ContentType = headers.TryGetValue("Content-Type", out string? type) ? type : defaultContentType ?? "text/plain";
        _contentType = MediaTypeHeader.TryParse(ContentType);
    }

    /// <summary>The part's headers, names case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>
    /// The part's Content-Type, e.g. "application/dicom; transfer-syntax=1.2.840.10008.1.2.1". A part
    /// without one takes the multipart body's type parameter (RFC 2387), else text/plain (RFC 2046).
    /// </summary>
    public string ContentType { get; }

    /// <summary>The media type without parameters, in lower case, e.g. "application/dicom".</summary>
    public string MediaType => _contentType?.MediaType ?? ContentType;

    /// <summary>The transfer-syntax parameter of the Content-Type, when the server sent one.</summary>
    public string? TransferSyntaxUid => _contentType?["transfer-syntax"];

    /// <summary>The part's Content-Location, when the server sent one.</summary>
    public string? ContentLocation => Headers.TryGetValue("Content-Location", out string? location) ? location : null;

    /// <summary>The part's Content-Length, when the server sent one; the body is checked against it.</summary>
    public long? ContentLength => LengthOf(Headers);

    internal static long? LengthOf(IReadOnlyDictionary<string, string> headers) =>
        headers.TryGetValue("Content-Length", out string? length) && MultipartRelatedReader.TryParseLength(length, out long value) ? value : null;

    /// <summary>
    /// The body, read as it arrives; parts are read in order (moving to the next part skips the
    /// rest of this one). A body that ends early, or does not match its Content-Length, throws
    /// <see cref="DicomWebException"/> when read.
    /// </summary>
    public Stream Content { get; }
}
