namespace DicomWeb.Client;

/// <summary>Settings of a <see cref="DicomWebClient"/>.</summary>
public sealed record DicomWebClientOptions
{
    /// <summary>
    /// The DICOMweb root, e.g. "https://pacs.example.org/dicom-web/" (absolute http or https). Used
    /// by the clients that make their own HttpClient (AddDicomWebClient of DicomWeb.Hosting); a
    /// client over a caller's HttpClient uses that HttpClient's BaseAddress.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// Results asked for per QIDO-RS request (limit/offset paging). Null sends the query's own limit
    /// and offset once and follows the server's "Warning: 299 ... additional results" instead.
    /// </summary>
    public int? QidoPageSize { get; set; }

    /// <summary>The most QIDO-RS pages followed for one search, so that a server ignoring offset cannot loop forever.</summary>
    public int MaxQidoPages { get; set; } = 10_000;

    /// <summary>Path prefix of QIDO-RS under the base address (some servers split the services, like dicomweb-client's qido_url_prefix), e.g. "qido/".</summary>
    public string? QidoPrefix { get; set; }

    /// <summary>
    /// Whether the type parameter of multipart/related in Accept is quoted (type="application/dicom",
    /// the default) or not. Servers differ (PS3.18 8.7.3.5.1 allows both): on 400 or 406 the client
    /// retries once with the other form and keeps the form that worked.
    /// </summary>
    public bool QuoteMultipartType { get; set; } = true;

    /// <summary>Path prefix of WADO-RS under the base address.</summary>
    public string? WadoPrefix { get; set; }

    /// <summary>Path prefix of STOW-RS under the base address.</summary>
    public string? StowPrefix { get; set; }

    /// <summary>Path prefix of delete requests under the base address.</summary>
    public string? DeletePrefix { get; set; }
}
