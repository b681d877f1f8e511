using System.Net;

namespace DicomWeb.Client;

/// <summary>
/// What happened to every instance given to <see cref="DicomWebClient.StoreAsync(IEnumerable{StowInstance}, StowOptions?, IProgress{StowProgress}?, CancellationToken)"/>:
/// each appears exactly once, in <see cref="Stored"/>, <see cref="Failed"/> or <see cref="NotSent"/>,
/// in the order given.
/// </summary>
public sealed class StowResult
{
    /// <summary>
    /// A result from its parts: what a store that is not an HTTP client (a local folder, a server
    /// answering STOW-RS) reports, in the same shape as the HTTP client.
    /// </summary>
    /// <param name="stored">Instances stored.</param>
    /// <param name="failed">Instances not stored.</param>
    /// <param name="notSent">Instances never sent.</param>
    /// <param name="otherFailures">Failures not tied to an instance.</param>
    /// <param name="responses">One entry per request (or per write of a store without requests).</param>
    public StowResult(IReadOnlyList<StowStoredInstance> stored, IReadOnlyList<StowFailedInstance> failed, IReadOnlyList<StowNotSentInstance> notSent,
        IReadOnlyList<StowFailedInstance> otherFailures, IReadOnlyList<StowResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentNullException.ThrowIfNull(notSent);
        ArgumentNullException.ThrowIfNull(otherFailures);
        ArgumentNullException.ThrowIfNull(responses);
        Stored = stored;
        Failed = failed;
        NotSent = notSent;
        OtherFailures = otherFailures;
        Responses = responses;
    }

    /// <summary>Instances the server stored (ReferencedSOPSequence), with their RetrieveURL and any warning.</summary>
    public IReadOnlyList<StowStoredInstance> Stored { get; }

    /// <summary>
    /// Instances not stored: refused by the server (FailedSOPSequence, with FailureReason), in a
    /// request that failed as a whole (HTTP status), not DICOM (found before sending; no SOP
    /// Instance UID), or whose request got no response (the outcome is unknown).
    /// </summary>
    public IReadOnlyList<StowFailedInstance> Failed { get; }

    /// <summary>Instances never sent: an earlier request failed as a whole, or the store was canceled.</summary>
    public IReadOnlyList<StowNotSentInstance> NotSent { get; }

    /// <summary>OtherFailuresSequence (0008,119A) items: failures the server did not tie to an instance of the request.</summary>
    public IReadOnlyList<StowFailedInstance> OtherFailures { get; }

    /// <summary>One entry per request sent, in the order they completed.</summary>
    public IReadOnlyList<StowResponse> Responses { get; }

    /// <summary>
    /// The media type of the server's STOW-RS response bodies (the Content-Type without parameters,
    /// e.g. "application/dicom+json" or "application/dicom+xml"), from the first response that had
    /// one; null when none did. Each request's own is <see cref="StowResponse.MediaType"/>.
    /// </summary>
    public string? ResponseMediaType => Responses.Select(r => r.MediaType).FirstOrDefault(m => m is not null);

    /// <summary>True when every instance was stored and nothing else failed.</summary>
    public bool AllStored => Failed.Count == 0 && NotSent.Count == 0 && OtherFailures.Count == 0;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Stored.Count} stored ({Stored.Count(s => s.WarningReason is not null)} with warnings), {Failed.Count} failed, {NotSent.Count} not sent, {OtherFailures.Count} other failures in {Responses.Count} requests";
}

/// <summary>An instance the server stored.</summary>
/// <param name="SopClassUid">ReferencedSOPClassUID.</param>
/// <param name="SopInstanceUid">ReferencedSOPInstanceUID.</param>
/// <param name="RetrieveUrl">Where the server says it can be retrieved, when it said.</param>
/// <param name="WarningReason">WarningReason (0008,1196), e.g. B000H coercion, when the server stored it with a warning.</param>
/// <param name="Source">The input it came from (file path, or "stream 3", "bytes 3", "dataset 3").</param>
public sealed record StowStoredInstance(string SopClassUid, string SopInstanceUid, Uri? RetrieveUrl, int? WarningReason, string Source)
{
    /// <summary>What the warning code means, when there is one.</summary>
    public string? WarningMeaning => WarningReason is int code ? StowFailureReasons.Describe(code) : null;
}

/// <summary>An instance that was not stored, and why.</summary>
/// <param name="SopClassUid">Its SOP Class UID, when known.</param>
/// <param name="SopInstanceUid">Its SOP Instance UID; null for an input that is not DICOM.</param>
/// <param name="FailureReason">FailureReason (0008,1197) from the server, when it gave one.</param>
/// <param name="Reason">Why, in words: the code's meaning, the HTTP status and body excerpt, or what was wrong with the input.</param>
/// <param name="Source">The input it came from; null for an OtherFailuresSequence item.</param>
/// <param name="StatusCode">The HTTP status of the response that reported it, when there was one.</param>
public sealed record StowFailedInstance(string? SopClassUid, string? SopInstanceUid, int? FailureReason, string Reason, string? Source, HttpStatusCode? StatusCode);

/// <summary>An instance that was never sent.</summary>
/// <param name="SopInstanceUid">Its SOP Instance UID.</param>
/// <param name="Reason">Why it was not sent.</param>
/// <param name="Source">The input it came from.</param>
public sealed record StowNotSentInstance(string? SopInstanceUid, string Reason, string Source);

/// <summary>One STOW-RS request and its response.</summary>
/// <param name="Url">The request URL.</param>
/// <param name="StatusCode">The final status; null when no response came.</param>
/// <param name="Instances">Instances in the request.</param>
/// <param name="Bytes">Bytes of the request body (last attempt).</param>
/// <param name="Attempts">How many times the request was sent (retries re-read every source).</param>
/// <param name="RetrieveUrl">The study's RetrieveURL (0008,1190) from the response, when given.</param>
/// <param name="Warning">The response's Warning header, when given.</param>
public sealed record StowResponse(Uri Url, HttpStatusCode? StatusCode, int Instances, long Bytes, int Attempts, Uri? RetrieveUrl, string? Warning)
{
    /// <summary>The media type of the response body (its Content-Type without parameters), when it had one.</summary>
    public string? MediaType { get; init; }
}

/// <summary>Progress of a store, reported when each request completes.</summary>
/// <param name="InstancesDone">Instances whose outcome is known so far.</param>
/// <param name="TotalInstances">Instances given.</param>
/// <param name="BytesSent">Request body bytes sent so far.</param>
/// <param name="Request">The request that just completed.</param>
public readonly record struct StowProgress(int InstancesDone, int TotalInstances, long BytesSent, StowResponse Request);

/// <summary>A store canceled part way: <see cref="Result"/> records what was stored, failed and not sent.</summary>
public sealed class StowCanceledException(StowResult result, CancellationToken token)
    : OperationCanceledException($"The store was canceled: {result}.", token)
{
    /// <summary>The outcome of every instance up to the cancellation.</summary>
    public StowResult Result { get; } = result;
}
