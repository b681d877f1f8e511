using System.CommandLine;
using DicomWeb.Cli.Output;
using DicomWeb.Client;

namespace DicomWeb.Cli.Commands;

/// <summary>
/// `dicomweb store PATH...`: files, folders (recursively) and globs through StoreAsync (streamed,
/// batched, parallel), then a summary and every file that was not stored with its reason.
/// </summary>
internal static class StoreCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("path") { Description = "Part 10 files, folders (recursively) or globs", Arity = ArgumentArity.OneOrMore };
        var study = new Option<string?>("--study") { Description = "Store into this study (STOW-RS on /studies/{UID}); instances of other studies are refused" };
        var batch = new Option<int>("--batch") { Description = "At most this many instances per request", DefaultValueFactory = _ => new StowOptions().MaxInstancesPerRequest };
        var parallel = new Option<int>("--parallel") { Description = "At most this many requests at once", DefaultValueFactory = _ => new StowOptions().MaxParallelRequests };
        var command = new Command("store", "Store Part 10 files (STOW-RS)") { paths, study, batch, parallel };
        Verb.SetAction(command, async (parse, cancellationToken) =>
        {
            string? studyUid = parse.GetValue(study);
            if (studyUid is not null)
                _ = Resources.From([studyUid]);
            int perRequest = parse.GetValue(batch), requests = parse.GetValue(parallel);
            if (perRequest < 1) throw new UsageException("--batch is at least 1");
            if (requests < 1) throw new UsageException("--parallel is at least 1");
            List<string> files = FileSelection.Expand(parse.GetValue(paths)!);
            if (files.Count == 0)
                throw new UsageException("no files to store");

            using Connection.Lease store = Connection.Open(parse);
            var options = new StowOptions { StudyInstanceUid = studyUid, MaxInstancesPerRequest = perRequest, MaxParallelRequests = requests };
            (StowResult result, TimeSpan elapsed) = await TransferProgress.RunAsync("storing", files.Count, async progress =>
            {
                var report = new Progress(p => progress.Update(p.InstancesDone, p.TotalInstances, p.BytesSent));
                return (await store.Client.StoreAsync(files, options, report, cancellationToken), progress.Elapsed);
            });
            Summarize(result, files.Count, elapsed);
            return result.AllStored ? ExitCodes.Ok : ExitCodes.Partial;
        });
        return command;
    }

    private static void Summarize(StowResult result, int files, TimeSpan elapsed)
    {
        long bytes = result.Responses.Sum(r => r.Bytes);
        var summary = new TextTable("outcome", "instances");
        summary.Add("stored", result.Stored.Count.ToString());
        summary.Add("stored with warnings", result.Stored.Count(s => s.WarningReason is not null).ToString());
        summary.Add("failed", result.Failed.Count.ToString());
        summary.Add("not sent", result.NotSent.Count.ToString());
        summary.Add("other failures", result.OtherFailures.Count.ToString());
        summary.Write(Console.Out);
        Console.Out.WriteLine($"{files} file{(files == 1 ? "" : "s")}, {result.Responses.Count} request{(result.Responses.Count == 1 ? "" : "s")}, {TransferProgress.Size(bytes)} in {elapsed.TotalSeconds:0.0} s ({TransferProgress.Rate(bytes, elapsed)})");
        if (result.AllStored)
            return;
        var failed = new TextTable("file", "reason") { Wrappable = new HashSet<string> { "reason" } };
        foreach (StowFailedInstance f in result.Failed.Concat(result.OtherFailures))
            failed.Add(f.Source ?? f.SopInstanceUid ?? "?", f.Reason + (f.FailureReason is int code ? $" (0x{code:X4})" : ""));
        foreach (StowNotSentInstance n in result.NotSent)
            failed.Add(n.Source, n.Reason);
        Console.Error.WriteLine("not stored:");
        failed.Write(Console.Error);
    }

    private sealed class Progress(Action<StowProgress> report) : IProgress<StowProgress>
    {
        public void Report(StowProgress value) => report(value);
    }
}
