using System.Diagnostics.CodeAnalysis;
using System.Net;
using static DicomWeb.DicomTags;

namespace DicomWeb.Client;

/// <summary>
/// One store over HTTP: the outcome of every input read from the responses (filled as requests
/// complete, from several at once) into the accounting every store shares
/// (<see cref="StowResultBuilder"/>), and the reason later requests are not sent once one has
/// failed as a whole.
/// </summary>
internal sealed class StowRun(List<StowInstance> inputs, IProgress<StowProgress>? progress)
{
    private readonly StowResultBuilder _result = new(inputs, progress);
    private string? _stopReason;

    public List<StowInstance> Inputs { get; } = inputs;

    /// <summary>Set once a request has failed as a whole (the first reason stays): later requests are not sent.</summary>
    public string? StopReason => Volatile.Read(ref _stopReason);

    private void Stop(string reason) => Interlocked.CompareExchange(ref _stopReason, reason, null);

    public void Fail(int index, StowFailedInstance failed) => _result.Failed(index, failed);

    public void NotSent(PreparedInstance instance, string reason) => _result.NotSent(instance.Index, reason, instance.SopInstanceUid);

    /// <summary>Records a request that never reached the server (no connection): its instances were not stored, nor are later ones sent.</summary>
    public void Unsent(Uri url, List<PreparedInstance> batch, int attempts, string reason)
    {
        Stop("an earlier request could not reach the server");
        foreach (PreparedInstance instance in batch)
            _result.NotSent(instance.Index, reason, instance.SopInstanceUid);
        _result.Completed(new StowResponse(url, null, batch.Count, 0, attempts, null, null));
    }

    /// <summary>
    /// Records a request's outcome for each of its instances. <paramref name="unreadable"/> says
    /// why a response body could not be read (too large, broken off): each instance's outcome is
    /// then unknown, whatever the status.
    /// </summary>
    public void Complete(Uri url, List<PreparedInstance> batch, HttpStatusCode? status, DicomDataset? response, string? bodyExcerpt, long bytes, int attempts, string? noResponse, string? warning = null, string? unreadable = null, string? mediaType = null)
    {
        Uri? studyUrl = Url((response is null ? null : Safe(response, static d => d.Get(RetrieveURL))));
        var entry = new StowResponse(url, status, batch.Count, bytes, attempts, studyUrl, warning) { MediaType = mediaType };
        var open = batch.ToList();
        if (status is not HttpStatusCode code)
        {
            Stop("an earlier request got no response");
            foreach (PreparedInstance instance in open)
                Set(instance, new StowFailedInstance(instance.SopClassUid, instance.SopInstanceUid, null, noResponse!, instance.Input.Source, null));
        }
        else if (unreadable is not null)
        {
            foreach (PreparedInstance instance in open)
                Set(instance, new StowFailedInstance(instance.SopClassUid, instance.SopInstanceUid, null, unreadable, instance.Input.Source, code));
        }
        else if (response is null && !IsSuccess(code))
        {
            Stop($"an earlier request failed with {(int)code} {code}");
            foreach (PreparedInstance instance in open)
                Set(instance, new StowFailedInstance(instance.SopClassUid, instance.SopInstanceUid, null, $"the request failed: {(int)code} {code}: {bodyExcerpt}", instance.Input.Source, code));
        }
        else
        {
            response ??= new DicomDataset();
            foreach (DicomDataset item in Items(response, ReferencedSOPSequence))
            {
                if (TryTake(open, item, out PreparedInstance? instance, out string? sopInstance))
                {
                    // The result keeps the UIDs already held for the instance when the server repeats them: no second copy per instance.
                    string? sopClass = Safe(item, static d => d.Get(ReferencedSOPClassUID));
                    Set(instance, new StowStoredInstance(sopClass is null || sopClass == instance.SopClassUid ? instance.SopClassUid ?? "" : sopClass, sopInstance,
                        Url(Safe(item, static d => d.Get(RetrieveURL))), Safe(item, static d => (int?)d.Get(WarningReason)), instance.Input.Source));
                }
            }
            foreach (DicomDataset item in Items(response, FailedSOPSequence))
            {
                if (TryTake(open, item, out PreparedInstance? instance, out _))
                    Set(instance, Failure(item, instance.Input.Source, code) with { SopClassUid = Safe(item, static d => d.Get(ReferencedSOPClassUID)) ?? instance.SopClassUid });
                else
                    _result.OtherFailure(Failure(item, null, code));
            }
            foreach (DicomDataset item in Items(response, OtherFailuresSequence))
                _result.OtherFailure(Failure(item, null, code));
            // A plain 200 without per-instance detail says every instance was stored (PS3.18 10.5.3.1).
            bool allStored = code == HttpStatusCode.OK && !response.Contains(ReferencedSOPSequence) && !response.Contains(FailedSOPSequence);
            foreach (PreparedInstance instance in open)
            {
                if (allStored)
                    Set(instance, new StowStoredInstance(instance.SopClassUid ?? "", instance.SopInstanceUid!, null, null, instance.Input.Source));
                else
                    Set(instance, new StowFailedInstance(instance.SopClassUid, instance.SopInstanceUid, null,
                        $"the server's response ({(int)code} {code}) does not mention this instance: its outcome is unknown", instance.Input.Source, code));
            }
        }
        // Reported once the batch's outcomes are in: a progress handler sees them counted.
        _result.Completed(entry);
    }

    private void Set(PreparedInstance instance, StowFailedInstance failed) => _result.Failed(instance.Index, failed);

    private void Set(PreparedInstance instance, StowStoredInstance stored) => _result.Stored(instance.Index, stored);

    // A response data set is the server's: an attribute of the wrong VR or value reads as absent, never as an exception.
    // The getters are static lambdas given the data set: nothing is allocated per instance for them.
    private static T? Safe<T>(DicomDataset dataset, Func<DicomDataset, T?> get)
    {
        try
        {
            return get(dataset);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException or System.Text.Json.JsonException)
        {
            return default;
        }
    }

    private static IReadOnlyList<DicomDataset> Items(DicomDataset dataset, SequenceTag tag)
    {
        try
        {
            return dataset.Get(tag);
        }
        catch (InvalidOperationException)
        {
            return [];
        }
    }

    /// <summary>
    /// The open instance an item names, taken out of <paramref name="open"/>, and the UID it was
    /// named by (the instance's own string).
    /// </summary>
    private static bool TryTake(List<PreparedInstance> open, DicomDataset item, [NotNullWhen(true)] out PreparedInstance? instance, [NotNullWhen(true)] out string? sopInstanceUid)
    {
        instance = null;
        sopInstanceUid = null;
        // An item without a readable UID names no instance: it must not stand for the first one still open.
        if (Safe(item, static d => d.Get(ReferencedSOPInstanceUID)) is not string sop)
            return false;
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < open.Count; i++)
            {
                string? uid = pass == 0 ? open[i].SopInstanceUid : open[i].DatasetSopInstanceUid;
                if (uid == sop)
                {
                    instance = open[i];
                    open.RemoveAt(i);
                    sopInstanceUid = uid;
                    return true;
                }
            }
        }
        return false;
    }

    private static StowFailedInstance Failure(DicomDataset item, string? source, HttpStatusCode status)
    {
        int? reason = Safe(item, static d => (int?)d.Get(FailureReason));
        // Google Cloud Healthcare explains its failures in a private FailureDetail (0009,0097).
        string detail = string.Join(" ", Safe(item, static d => d.GetStrings(new DicomTag(0x0009, 0x0097))) ?? []);
        string text = (reason is int code ? StowFailureReasons.Describe(code) : "no FailureReason given") + (detail.Length > 0 ? ": " + detail : "");
        return new StowFailedInstance(Safe(item, static d => d.Get(ReferencedSOPClassUID)), Safe(item, static d => d.Get(ReferencedSOPInstanceUID)), reason, text, source, status);
    }

    private static bool IsSuccess(HttpStatusCode code) => (int)code is >= 200 and < 300;

    private static Uri? Url(string? text) => Uri.TryCreate(text, UriKind.Absolute, out Uri? url) ? url : null;

    public StowResult Result() => _result.ToResult();
}
