using System.CommandLine;
using System.Net;
using DicomWeb.Cli.Output;
using DicomWeb.Client;

namespace DicomWeb.Cli.Commands;

/// <summary>
/// `dicomweb retrieve STUDY [SERIES [INSTANCE]] [--out DIR] [--transfer-syntax UID|*]`: one file per
/// instance under DIR/study/series/ (DIR the current folder by default), written by SaveInstancesAsync (streamed; a broken transfer
/// leaves no partial file), as stored or in the transfer syntax asked for.
/// </summary>
internal static class RetrieveCommand
{
    public static Command Create()
    {
        var uids = new Argument<string[]>("uid") { Description = "STUDY [SERIES [INSTANCE]]", Arity = new ArgumentArity(1, 3) };
        var output = new Option<string>("--out", "-o") { Description = "The folder to write into (as DIR/study/series/SOPInstanceUID.dcm); the current folder when not given", DefaultValueFactory = _ => "." };
        var transferSyntax = new Option<string?>("--transfer-syntax", "-t") { Description = "Ask for this transfer syntax UID (the server transcodes), or * for as stored (the default)" };
        var parallel = new Option<int>("--parallel") { Description = "At most this many series retrieved at once", DefaultValueFactory = _ => 3 };
        var command = new Command("retrieve", "Retrieve instances (WADO-RS) into a folder") { uids, output, transferSyntax, parallel };
        Verb.SetAction(command, async (parse, cancellationToken) =>
        {
            string[] given = parse.GetValue(uids)!;
            WadoResource resource = Resources.From(given);
            string root = parse.GetValue(output)!;
            string? syntax = parse.GetValue(transferSyntax);
            int requests = parse.GetValue(parallel);
            if (requests < 1)
                throw new UsageException("--parallel is at least 1");
            IReadOnlyList<AcceptableMediaType>? accept = syntax is null ? null : [Accept(syntax)];
            using Connection.Lease store = Connection.Open(parse);

            // The series are the folders: a study is retrieved series by series (their instance counts, when the server gives them, are the total).
            var series = new List<string>();
            int? total = given.Length > 2 ? 1 : null;
            if (given.Length > 1)
                series.Add(given[1]);
            else
            {
                total = 0;
                await foreach (DicomDataset found in store.Client.SearchAsync(Qido.Series(given[0]), cancellationToken))
                {
                    if (found.Get(DicomTags.SeriesInstanceUID) is not string uid)
                        continue;
                    series.Add(SeriesUid(resource, uid));
                    total = InstanceCount(found) is int count && total is int sum ? sum + count : null;
                }
            }
            if (series.Count == 0)
                return Verb.Fail(ExitCodes.Partial, $"no series found in study {given[0]}", null);

            // Series in parallel (--parallel, 3 by default): a server answers one series request after
            // another slower than one study request, and serves each request on one thread; three in
            // flight beat the one study request on two cores, where two left the third series alone at the end.
            int instances = 0;
            long bytes = 0;
            var done = new Dictionary<string, (int Instances, long Bytes)>(StringComparer.Ordinal);
            TimeSpan elapsed = await TransferProgress.RunAsync("retrieving", total, async progress =>
            {
                void Report(string seriesUid, int seriesInstances, long seriesBytes)
                {
                    lock (done)
                    {
                        done[seriesUid] = (seriesInstances, seriesBytes);
                        instances = done.Values.Sum(d => d.Instances);
                        bytes = done.Values.Sum(d => d.Bytes);
                        progress.Update(instances, total, bytes);
                    }
                }
                await Parallel.ForEachAsync(series, new ParallelOptions { MaxDegreeOfParallelism = requests, CancellationToken = cancellationToken }, async (seriesUid, token) =>
                {
                    WadoResource target = given.Length > 1 ? resource : resource.Series(seriesUid);
                    IReadOnlyList<string> files;
                    try
                    {
                        files = await store.Client.SaveInstancesAsync(target, Path.Combine(root, given[0], seriesUid), accept, new Progress(p => Report(seriesUid, p.Instances, p.Bytes)), token);
                    }
                    catch (DicomWebException e) when (syntax is not null and not "*" && e.StatusCode is { } status && status != HttpStatusCode.NotFound)
                    {
                        // Most likely a transfer syntax the server cannot make: say so before what it answered.
                        throw new DicomWebException($"the server did not give the instances in transfer syntax {syntax} (without --transfer-syntax they come as stored)", e.Method, e.Url, status, e.BodyExcerpt, e);
                    }
                    Report(seriesUid, files.Count, files.Sum(f => new FileInfo(f).Length));
                });
                return progress.Elapsed;
            });
            Console.Out.WriteLine($"retrieved {instances} instance{(instances == 1 ? "" : "s")}, {TransferProgress.Size(bytes)} in {elapsed.TotalSeconds:0.0} s ({TransferProgress.Rate(bytes, elapsed)}) into {SafeText.Escape(Path.Combine(root, given[0]))}");
            return instances > 0 ? ExitCodes.Ok : ExitCodes.Partial;
        });
        return command;
    }

    // The server's series UIDs name folders under --out: one that is not a UID (say "../x") is the server's error, not the user's.
    private static string SeriesUid(WadoResource study, string uid)
    {
        try
        {
            _ = study.Series(uid);
            return uid;
        }
        catch (ArgumentException e)
        {
            throw new ServerAnswerException($"the server listed a series of study {study.StudyInstanceUid} whose SeriesInstanceUID '{uid}' is not a UID; nothing was retrieved", e);
        }
    }

    // Only the progress total: a count that cannot be read (wrong VR, not a number) leaves the total unknown, and the retrieve goes on.
    private static int? InstanceCount(DicomDataset series)
    {
        try
        {
            return series.Get(DicomTags.NumberOfSeriesRelatedInstances);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException)
        {
            return null;
        }
    }

    private static AcceptableMediaType Accept(string syntax)
    {
        try
        {
            return AcceptableMediaType.Dicom(syntax);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--transfer-syntax takes a transfer syntax UID (e.g. {DicomUids.ExplicitVRLittleEndian}) or *, not '{syntax}'", e);
        }
    }

    // Synchronous, unlike Progress<T>: a console has no context to post to, and the counts must be current when the await returns.
    private sealed class Progress(Action<SaveProgress> report) : IProgress<SaveProgress>
    {
        public void Report(SaveProgress value) => report(value);
    }
}
