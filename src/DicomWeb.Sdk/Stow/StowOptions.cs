namespace DicomWeb.Client;

/// <summary>How a store is split into requests and sent.</summary>
public sealed record StowOptions
{
    /// <summary>The defaults: 100 instances or 256 MiB per request, 2 in flight, the client's retries, multipart.</summary>
    public static StowOptions Default { get; } = new();

    /// <summary>Store into /studies/{uid}: the server refuses instances of other studies (409, or per-instance failures). Null posts to /studies.</summary>
    public string? StudyInstanceUid { get; init; }

    /// <summary>Instances per request, at most. Default 100.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int MaxInstancesPerRequest
    {
        get => _maxInstancesPerRequest;
        init => _maxInstancesPerRequest = AtLeast(value, 1, nameof(MaxInstancesPerRequest));
    }

    private readonly int _maxInstancesPerRequest = 100;

    /// <summary>Request body bytes, at most (a single instance larger than this goes alone). Default 256 MiB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public long MaxBytesPerRequest
    {
        get => _maxBytesPerRequest;
        init => _maxBytesPerRequest = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxBytesPerRequest), value, "at least 1");
    }

    private readonly long _maxBytesPerRequest = 256L * 1024 * 1024;

    /// <summary>Requests in flight at once. Default 2.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int MaxParallelRequests
    {
        get => _maxParallelRequests;
        init => _maxParallelRequests = AtLeast(value, 1, nameof(MaxParallelRequests));
    }

    private readonly int _maxParallelRequests = 2;

    /// <summary>
    /// Times a request of this store is sent again after 408, 429, 502, 503, 504 or no connection;
    /// each retry re-reads every source. Requests with a source that cannot be re-read (a
    /// non-seekable stream) are never retried. Null (the default) takes the client's
    /// <see cref="DicomWebClientOptions.Retry"/> (<see cref="DicomWebRetryOptions.MaxRetries"/>, 2
    /// unless changed), whose delays apply either way; 0 sends each request once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int? MaxRetries
    {
        get => _maxRetries;
        init => _maxRetries = value is null ? null : AtLeast(value.Value, 0, nameof(MaxRetries));
    }

    private readonly int? _maxRetries;

    /// <summary>
    /// Send each Part 10 instance alone as a single-part application/dicom POST. Not in PS3.18;
    /// some servers (Azure's DICOM service) accept it, others answer 415 (Orthanc).
    /// </summary>
    public bool SinglePart { get; init; }

    /// <summary>
    /// For data sets (the JSON flavour): binary values larger than this many bytes go as their own
    /// bulk data parts, the others inline. Default 64 KiB: small values stay in the metadata part.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int InlineBinaryMaxBytes
    {
        get => _inlineBinaryMaxBytes;
        init => _inlineBinaryMaxBytes = AtLeast(value, 0, nameof(InlineBinaryMaxBytes));
    }

    private readonly int _inlineBinaryMaxBytes = 64 * 1024;

    private static int AtLeast(int value, int min, string name) =>
        value >= min ? value : throw new ArgumentOutOfRangeException(name, value, $"at least {min}");
}
