namespace DicomWeb.Client;

/// <summary>
/// What a client learns about its server while it talks to it (today: the form of the multipart
/// type parameter the server takes). Clients given the same state share what any of them learned,
/// so short-lived clients (one per request, as IHttpClientFactory hands them out) do not each
/// start from scratch. Thread-safe.
/// </summary>
/// <example><code>
/// var server = new DicomWebServerState();
/// var first = new DicomWebClient(http, options, server);
/// var second = new DicomWebClient(http, options, server);   // starts with what first learned
/// </code></example>
public sealed class DicomWebServerState
{
    private volatile bool _quoteMultipartType;

    /// <summary>A state that starts from <paramref name="options"/> (null: the defaults).</summary>
    public DicomWebServerState(DicomWebClientOptions? options = null) =>
        _quoteMultipartType = options?.QuoteMultipartType ?? true;

    // Set once a multipart Accept has been answered with success: a 400 or 415 after that is about the request, not the quoting.
    private volatile bool _multipartAnswered;

    /// <summary>
    /// Whether the server takes the multipart type parameter quoted (see
    /// <see cref="DicomWebClientOptions.QuoteMultipartType"/>); updated by the clients when the server
    /// answers only the other form.
    /// </summary>
    public bool QuoteMultipartType
    {
        get => _quoteMultipartType;
        set => _quoteMultipartType = value;
    }

    internal bool MultipartAnswered
    {
        get => _multipartAnswered;
        set => _multipartAnswered = value;
    }
}
