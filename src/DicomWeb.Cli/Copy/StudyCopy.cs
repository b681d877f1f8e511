using System.Net;
using DicomWeb.Client;

namespace DicomWeb.Cli.Copy;

/// <summary>
/// The work of `dicomweb copy`: which instances each study has at the source and lacks at the
/// destination (QIDO-RS at both), then each one retrieved and stored as it streams, with a bound
/// on the instances in transfer. Every instance ends with one outcome.
/// </summary>
internal sealed class StudyCopy(IDicomWebClient source, IDicomWebClient destination, int parallel)
{
    public const string Copied = "copied";
    public const string AlreadyThere = "already there";
    public const string Failed = "failed";

    private static readonly IReadOnlyList<AcceptableMediaType> AsStored = [AcceptableMediaType.Dicom("*")];
    private long _bytes;
    private int _done;

    /// <summary>An instance of the copy; <see cref="Outcome"/> is null until it is done.</summary>
    public sealed record Item(string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid)
    {
        public string? Outcome { get; set; }

        public string? Reason { get; set; }
    }

    /// <summary>The bytes stored at the destination so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The studies at the source that <paramref name="query"/> finds.</summary>
    public async Task<List<string>> FindStudiesAsync(QidoQuery query, CancellationToken cancellationToken)
    {
        var studies = new List<string>();
        await foreach (DicomDataset found in source.SearchAsync(query.Include(DicomTags.StudyInstanceUID), cancellationToken))
        {
            if (found.Get(DicomTags.StudyInstanceUID) is string uid)
                studies.Add(Checked(() => Wado.Study(uid).StudyInstanceUid, $"a study whose StudyInstanceUID '{uid}' is not a UID"));
        }
        return studies;
    }

    /// <summary>The studies of which the source listed no instance.</summary>
    public List<string> Missing { get; } = [];

    /// <summary>Every instance of the studies at the source, those the destination has marked already there.</summary>
    public async Task<List<Item>> PlanAsync(IEnumerable<string> studies, CancellationToken cancellationToken)
    {
        var items = new List<Item>();
        foreach (string study in studies)
        {
            HashSet<string> present = await InstancesAtDestinationAsync(study, cancellationToken);
            int before = items.Count;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            QidoQuery query = Qido.Instances(study).Include(DicomTags.SeriesInstanceUID).Include(DicomTags.SOPInstanceUID);
            await foreach (DicomDataset found in source.SearchAsync(query, cancellationToken))
            {
                string? series = found.Get(DicomTags.SeriesInstanceUID), sop = found.Get(DicomTags.SOPInstanceUID);
                if (series is null || sop is null)
                    throw new ServerAnswerException($"the source listed an instance of study {study} without {(series is null ? "SeriesInstanceUID" : "SOPInstanceUID")}; nothing was copied");
                // UIDs from the source name the requests to make: checked as a path would be.
                Checked(() => Wado.Study(study).Series(series).Instance(sop), $"an instance of study {study} whose UIDs ('{series}', '{sop}') are not UIDs");
                if (!seen.Add(sop))
                    continue;
                items.Add(new Item(study, series, sop) { Outcome = present.Contains(sop) ? AlreadyThere : null });
            }
            if (items.Count == before)
                Missing.Add(study);
        }
        return items;
    }

    /// <summary>Copies the items without an outcome, at most <c>parallel</c> at once; <paramref name="report"/> gets the count done and the bytes.</summary>
    public Task RunAsync(List<Item> items, Action<int, long> report, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items.Where(i => i.Outcome is null), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (item, token) =>
        {
            await CopyAsync(item, token);
            int done = Interlocked.Increment(ref _done);
            lock (this)
                report(done, Bytes);
        });

    private async Task CopyAsync(Item item, CancellationToken cancellationToken)
    {
        WadoResource instance = Wado.Study(item.StudyInstanceUid).Series(item.SeriesInstanceUid).Instance(item.SopInstanceUid);
        try
        {
            await foreach (DicomPart part in source.RetrieveAsync(instance, AsStored, cancellationToken))
            {
                long sent = 0;
                var progress = new Progress(p => sent = p.BytesSent);
                // The retrieve's body is the store's request body: a non-seekable stream, read once, never whole in memory.
                StowResult result = await destination.StoreAsync([StowInstance.FromStream(part.Content, item.SopInstanceUid)], new StowOptions { MaxParallelRequests = 1 }, progress, cancellationToken);
                if (result.AllStored && result.Stored.Count == 1 && result.Stored[0].SopInstanceUid == item.SopInstanceUid)
                {
                    Interlocked.Add(ref _bytes, sent);
                    Finish(item, Copied, null);
                }
                else if (result.AllStored)
                    Finish(item, Failed, $"the source sent instance {result.Stored.FirstOrDefault()?.SopInstanceUid} for {item.SopInstanceUid}; it was stored at the destination as that");
                else
                    Finish(item, Failed, Reason(result));
                return;
            }
            Finish(item, Failed, "the source sent no part for the instance");
        }
        catch (Exception e) when (e is DicomWebException or DicomFileException or IOException && !cancellationToken.IsCancellationRequested)
        {
            Finish(item, Failed, e.Message);
        }
    }

    private static void Finish(Item item, string outcome, string? reason)
    {
        item.Reason = reason;
        item.Outcome = outcome;
    }

    private static string Reason(StowResult result)
    {
        StowFailedInstance? failed = result.Failed.Concat(result.OtherFailures).FirstOrDefault();
        if (failed is not null)
            return failed.Reason + (failed.FailureReason is int code ? $" (0x{code:X4})" : "");
        return result.NotSent.FirstOrDefault()?.Reason ?? "not stored";
    }

    // The destination's instances of the study; none when it does not know the study (404).
    private async Task<HashSet<string>> InstancesAtDestinationAsync(string study, CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (DicomDataset found in destination.SearchAsync(Qido.Instances(study).Include(DicomTags.SOPInstanceUID), cancellationToken))
            {
                if (found.Get(DicomTags.SOPInstanceUID) is string sop)
                    present.Add(sop);
            }
        }
        catch (DicomWebException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Orthanc and others answer 404 for the instances of a study they do not have.
        }
        return present;
    }

    private static T Checked<T>(Func<T> make, string what)
    {
        try
        {
            return make();
        }
        catch (ArgumentException e)
        {
            throw new ServerAnswerException($"the source listed {what}; nothing was copied", e);
        }
    }

    // Synchronous, unlike Progress<T>: the count must be current when StoreAsync returns.
    private sealed class Progress(Action<StowProgress> report) : IProgress<StowProgress>
    {
        public void Report(StowProgress value) => report(value);
    }
}
