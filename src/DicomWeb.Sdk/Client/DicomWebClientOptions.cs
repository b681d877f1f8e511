namespace DicomWeb.Client;

/// <summary>Settings of a <see cref="DicomWebClient"/>.</summary>
public sealed record DicomWebClientOptions
{
    /// <summary>
    /// Results asked for per QIDO-RS request (limit/offset paging). Null sends the query's own limit
    /// and offset once and follows the server's "Warning: 299 ... additional results" instead.
    /// </summary>
    public int? QidoPageSize { get; init; }

    /// <summary>The most QIDO-RS pages followed for one search, so that a server ignoring offset cannot loop forever.</summary>
    public int MaxQidoPages { get; init; } = 10_000;

    /// <summary>Path prefix of QIDO-RS under the base address (some servers split the services, like dicomweb-client's qido_url_prefix), e.g. "qido/".</summary>
    public string? QidoPrefix { get; init; }

    /// <summary>
    /// Whether the type parameter of multipart/related in Accept is quoted (type="application/dicom",
    /// the default) or not. Servers differ (PS3.18 8.7.3.5.1 allows both): on 400 or 406 the client
    /// retries once with the other form and keeps the form that worked.
    /// </summary>
    public bool QuoteMultipartType { get; init; } = true;

    /// <summary>Path prefix of WADO-RS under the base address.</summary>
    public string? WadoPrefix { get; init; }

    /// <summary>Path prefix of STOW-RS under the base address.</summary>
    public string? StowPrefix { get; init; }

    /// <summary>Path prefix of delete requests under the base address.</summary>
    public string? DeletePrefix { get; init; }
}
