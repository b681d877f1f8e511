namespace DicomWeb.Client;

/// <summary>How a store is split into requests and sent.</summary>
public sealed record StowOptions
{
    /// <summary>Store into /studies/{uid}: the server refuses instances of other studies (409, or per-instance failures). Null posts to /studies.</summary>
    public string? StudyInstanceUid { get; set; }

    /// <summary>Instances per request, at most.</summary>
    public int MaxInstancesPerRequest { get; set; } = 100;

    /// <summary>Request body bytes, at most (a single instance larger than this goes alone).</summary>
    public long MaxBytesPerRequest { get; set; } = 256L * 1024 * 1024;

    /// <summary>Requests in flight at once.</summary>
    public int MaxParallelRequests { get; set; } = 2;

    /// <summary>
    /// Times a request of this store is sent again after 408, 429, 502, 503, 504 or no connection;
    /// each retry re-reads every source. Requests with a source that cannot be re-read (a
    /// non-seekable stream) are never retried. Null (the default) takes the client's
    /// <see cref="DicomWebClientOptions.Retry"/> (<see cref="DicomWebRetryOptions.MaxRetries"/>, 2
    /// unless changed), whose delays apply either way; 0 sends each request once.
    /// </summary>
    public int? MaxRetries { get; set; }

    /// <summary>
    /// Send each Part 10 instance alone as a single-part application/dicom POST. Not in PS3.18;
    /// some servers (Azure's DICOM service) accept it, others answer 415 (Orthanc).
    /// </summary>
    public bool SinglePart { get; set; }

    /// <summary>For data sets (the JSON flavour): top-level binary values larger than this go as their own bulk data parts.</summary>
    public int InlineBinaryMaxBytes { get; set; } = 64 * 1024;
}
