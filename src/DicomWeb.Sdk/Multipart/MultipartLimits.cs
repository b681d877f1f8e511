namespace DicomWeb.Client;

/// <summary>
/// Bounds on the parts of a multipart/related body that the server writes (preamble, part headers),
/// so that memory and work follow the parts' content, not a hostile server. A body beyond them is a
/// <see cref="DicomWebException"/> naming the URL and the byte offset. Part bodies have no bound of
/// their own: they are streams, read through a fixed buffer whatever their size, and checked against
/// their Content-Length as they arrive. Properties are settable so that they can be bound from
/// configuration (as part of the client's options).
/// </summary>
/// <example><code>
/// var limits = new MultipartLimits { MaxHeaderSectionBytes = 64 * 1024 };
/// </code></example>
public sealed record MultipartLimits
{
    /// <summary>The largest value <see cref="MaxHeaderSectionBytes"/> may take: 1 MiB.</summary>
    public const int HeaderSectionBytesCeiling = 1024 * 1024;

    /// <summary>
    /// The most bytes of one part's header section: from the end of the boundary to the end of the
    /// empty line that closes the headers, every header line included, so it bounds each line too.
    /// Default 16 KiB; DICOMweb parts carry a handful of short headers (Content-Type,
    /// Content-Location, Content-Length). At most <see cref="HeaderSectionBytesCeiling"/>.
    /// </summary>
    public int MaxHeaderSectionBytes
    {
        get;
        set => field = value is > 0 and <= HeaderSectionBytesCeiling ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxHeaderSectionBytes), value, $"1 to {HeaderSectionBytesCeiling} bytes");
    } = 16 * 1024;

    /// <summary>
    /// The most bytes before the first boundary (the preamble, RFC 2046 section 5.1.1, which the
    /// reader skips). Default 64 KiB; servers send none or a line of text.
    /// </summary>
    public long MaxPreambleBytes
    {
        get;
        set => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxPreambleBytes), value, "0 or more bytes");
    } = 64 * 1024;
}
