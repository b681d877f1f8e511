namespace DicomWeb.Client;

/// <summary>
/// Keys of <see cref="HttpRequestMessage.Options"/> that <see cref="DicomWebClient"/> sets on its
/// requests, for the handlers in an HttpClient pipeline (authentication, retries).
/// </summary>
public static class DicomWebRequestOptions
{
    /// <summary>
    /// Whether the request's body can be sent again as it is: true for a STOW-RS body whose every
    /// source can be re-read (files, seekable streams, bytes, data sets), false when a source is a
    /// one-shot stream that was read while sending. Requests without a body do not set it.
    /// A handler must not re-send a request whose value is false.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> Replayable = new("DicomWeb.Replayable");
}
