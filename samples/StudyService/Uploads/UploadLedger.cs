using System.Net;
using DicomWeb.Client;
using StudyService.Logging;
using StudyService.Model;

namespace StudyService.Uploads;

/// <summary>
/// The account of one POST /studies: every instance (or part) once, stored or failed, with reasons
/// written here rather than copied from the SDK, whose texts name the upstream's URL and quote its
/// error body (both go to the log instead). Also what went wrong with the upload as a whole: the
/// upstream failed (no answer, or a status that is no STOW-RS answer), or the body did.
/// </summary>
public sealed class UploadLedger(string pathBase, UpstreamLog log)
{
    public List<StoredInstance> Stored { get; } = [];

    public List<FailedInstance> Failed { get; } = [];

    /// <summary>The upstream could not be reached, gave no answer, or failed a request as a whole (5xx).</summary>
    public bool UpstreamFailed { get; private set; }

    /// <summary>Records the outcome of one StoreAsync of one instance read from <paramref name="body"/>.</summary>
    public void Add(StowResult result, GuardedBody body, bool canceled = false)
    {
        // One instance per call: no response entry means it failed the SDK's check before sending.
        bool sent = result.Responses.Count > 0;
        bool unanswered = result.Responses.Any(r => r.StatusCode is null);
        foreach (StowStoredInstance s in result.Stored)
            Stored.Add(new StoredInstance(s.SopClassUid, s.SopInstanceUid, Preview(s.RetrieveUrl), s.WarningReason, s.Source));
        foreach (StowFailedInstance f in result.Failed.Concat(result.OtherFailures))
        {
            string reason;
            if (f.FailureReason is int code)
                reason = $"the DICOMweb server did not store it: {StowFailureReasons.Describe(code)}";
            else if (body.Fault is not null)
                reason = BodyFailure(body);
            else if (canceled)
                reason = "the request's deadline (StudyService:RequestTimeout) ran out while it was sent: the DICOMweb server may have stored it (search for it)";
            else if (f.StatusCode is HttpStatusCode status)
            {
                reason = $"the DICOMweb server answered {(int)status} {status} and did not report it stored";
                // A server error, or credentials it refuses: nothing the caller can change.
                if ((int)status >= 500 || status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.ProxyAuthenticationRequired)
                    Upstream(f.Source, f.Reason);
            }
            else if (!sent)
                reason = f.Reason;   // the SDK's check of the caller's bytes (not DICOM, no SOP Instance UID): names no server
            else
            {
                reason = "no answer came from the DICOMweb server: the outcome is unknown";
                Upstream(f.Source, f.Reason);
            }
            Failed.Add(new FailedInstance(f.SopInstanceUid, f.FailureReason, reason, f.Source));
        }
        foreach (StowNotSentInstance n in result.NotSent)
        {
            string reason;
            if (body.Fault is not null)
                reason = BodyFailure(body);
            else if (canceled)
                reason = "not sent: the request's deadline (StudyService:RequestTimeout) ran out";
            else if (unanswered)
            {
                reason = "not stored: the DICOMweb server could not be reached";
                Upstream(n.Source, n.Reason);
            }
            else
                reason = n.Reason;
            Failed.Add(new FailedInstance(n.SopInstanceUid, null, reason, n.Source));
        }
    }

    /// <summary>A part (or body) that failed before the SDK returned a result: the body broke, the upload stops here.</summary>
    public void AddBroken(string source, GuardedBody body) => Failed.Add(new FailedInstance(null, null, BodyFailure(body), source));

    /// <summary>A part whose headers could not be read: the multipart body is malformed there.</summary>
    public void AddMalformed(string source, Exception e) =>
        Failed.Add(new FailedInstance(null, null, $"not read: the multipart body is malformed here ({e.Message})", source));

    /// <summary>A part read after the upstream failed: not sent, so that one failure does not cost a wait per part.</summary>
    public void AddSkipped(string source) =>
        Failed.Add(new FailedInstance(null, null, "not sent: an earlier part could not be stored because the DICOMweb server failed", source));

    public void Add(FailedInstance failed) => Failed.Add(failed);

    private void Upstream(string? source, string sdkReason)
    {
        UpstreamFailed = true;
        log.NotStored(source ?? "an instance", sdkReason);
    }

    private static string BodyFailure(GuardedBody body) =>
        body.OverLimit
            ? $"not stored: the request body went over StudyService:MaxUploadBytes ({body.Limit} bytes) while it was read"
            : $"not stored: the request body broke off while it was read ({body.Fault?.Message})";

    /// <summary>This service's preview URL of a stored instance, from the server's RetrieveURL ".../studies/{s}/series/{s}/instances/{i}".</summary>
    private string? Preview(Uri? retrieveUrl)
    {
        if (retrieveUrl is not { IsAbsoluteUri: true })
            return null;
        string[] segments = retrieveUrl.AbsolutePath.TrimEnd('/').Split('/');
        if (segments.Length < 6 || segments[^6] != "studies" || segments[^4] != "series" || segments[^2] != "instances")
            return null;
        string study = Uri.UnescapeDataString(segments[^5]), series = Uri.UnescapeDataString(segments[^3]), instance = Uri.UnescapeDataString(segments[^1]);
        try
        {
            _ = Wado.Study(study).Series(series).Instance(instance);   // UIDs, or no link: the URL is the server's
        }
        catch (ArgumentException)
        {
            return null;
        }
        return $"{pathBase}/studies/{study}/series/{series}/instances/{instance}/preview";
    }
}
