using System.CommandLine;
using DicomWeb.Cli.Copy;
using DicomWeb.Cli.Output;
using DicomWeb.Client;

namespace DicomWeb.Cli.Commands;

/// <summary>
/// `dicomweb copy SRC DST [STUDY | KEY=VALUE]... [--all] [--parallel N] [--list]`: studies from
/// one store to another, each a DICOMweb server (http(s) URL), a file:// URL or a folder, through
/// IDicomWebClient alone: QIDO-RS lists each study's instances at both ends, and every instance
/// the destination lacks is retrieved (WADO-RS, as stored) and stored (STOW-RS) as it arrives,
/// one request each way per instance, at most N at once. Nothing is held whole: the retrieve's
/// body is the store's request body. Instances the destination has are skipped, so a copy that
/// was stopped is run again to finish it.
/// </summary>
internal static class CopyCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "Where the studies are: an http(s) URL of a DICOMweb root, a file:// URL or a folder" };
        var destination = new Argument<string>("destination") { Description = "Where they go: an http(s) URL, a file:// URL or a folder (created when missing)" };
        var selection = new Argument<string[]>("study") { Description = "Study UIDs, or KEY=VALUE matches on studies at the source (as search studies)", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Every study at the source" };
        var parallel = new Option<int>("--parallel") { Description = "At most this many instances in transfer at once", DefaultValueFactory = _ => 4 };
        var list = new Option<bool>("--list") { Description = "Print the outcome of every instance (copied, already there, failed)" };
        var command = new Command("copy", "Copy studies from a server or folder to another (QIDO-RS, WADO-RS, STOW-RS), skipping what the destination has")
        {
            source, destination, selection, all, parallel, list,
        };
        Verb.SetAction(command, async (parse, cancellationToken) =>
        {
            string from = parse.GetValue(source)!, to = parse.GetValue(destination)!;
            int requests = parse.GetValue(parallel);
            if (requests < 1)
                throw new UsageException("--parallel is at least 1");
            if (parse.GetValue(Connection.Url) is not null || parse.GetValue(Connection.Folder) is not null)
                throw new UsageException("copy takes its stores as SRC and DST, not --url or --folder");
            (List<string> uids, QidoQuery? query) = Selection(parse.GetValue(selection) ?? [], parse.GetValue(all));

            // Credentials given as options go to the one server of the copy; two servers carry theirs in their URLs.
            bool twoServers = Connection.IsServer(from, out _) && Connection.IsServer(to, out _);
            if (twoServers && (parse.GetValue(Connection.Token) ?? parse.GetValue(Connection.User) ?? parse.GetValue(Connection.Password)) is not null)
                throw new UsageException("with two servers, give each one's credentials in its URL (http://user:password@host/...); --token, --user and --password are for a copy with one server");
            using Connection.Lease src = Connection.OpenLocation(parse, from, !twoServers);
            using Connection.Lease dst = Connection.OpenLocation(parse, to, !twoServers);
            try
            {
                var copy = new StudyCopy(src.Client, dst.Client, requests);
                if (query is not null)
                    uids.AddRange(await copy.FindStudiesAsync(query, cancellationToken));
                if (uids.Count == 0)
                    return Verb.Fail(ExitCodes.Partial, "no study at the source matches", null);
                List<StudyCopy.Item> items = await copy.PlanAsync(uids.Distinct(StringComparer.Ordinal), cancellationToken);
                foreach (string missing in copy.Missing)
                    Console.Error.WriteLine($"dicomweb: the source has no instance of study {missing}");
                if (items.Count == 0)
                    return ExitCodes.Partial;
                int toCopy = items.Count(i => i.Outcome is null);
                TimeSpan elapsed = await TransferProgress.RunAsync("copying", toCopy, async progress =>
                {
                    await copy.RunAsync(items, (done, bytes) => progress.Update(done, toCopy, bytes), cancellationToken);
                    return progress.Elapsed;
                });
                Summarize(items, copy.Bytes, elapsed, parse.GetValue(list));
                return copy.Missing.Count == 0 && items.All(i => i.Outcome != StudyCopy.Failed) ? ExitCodes.Ok : ExitCodes.Partial;
            }
            catch (Exception e) when (RootCheck.IsSuspect(e) && e is DicomWebException { Url: { } url })
            {
                // Which end's root is wrong (Orthanc's http://host:8042/ for http://host:8042/dicom-web/, say)?
                foreach ((string location, Connection.Lease lease) in new[] { (from, src), (to, dst) })
                {
                    if (Connection.HttpRoot(location) is Uri root && url.AbsoluteUri.StartsWith(root.AbsoluteUri, StringComparison.Ordinal)
                        && await RootCheck.ExplainAsync(lease.Client, root, cancellationToken) is Exception explained)
                        throw explained;
                }
                throw;
            }
        });
        return command;
    }

    private static (List<string> Uids, QidoQuery? Query) Selection(string[] given, bool all)
    {
        var uids = new List<string>();
        QidoQuery? query = all ? Qido.Studies() : null;
        foreach (string text in given)
        {
            int equals = text.IndexOf('=');
            if (equals < 0)
            {
                uids.Add(Wado.Study(text).StudyInstanceUid); // checked: a usage error when not a UID
                continue;
            }
            string key = text[..equals];
            if (!DicomTag.TryParse(key, out _))
                throw new UsageException($"'{key}' is neither a DICOM keyword nor a tag{Suggestions.ForKeyword(key)}");
            query = (query ?? Qido.Studies()).Where(QidoTextMatch.Parse(key, text[(equals + 1)..]));
        }
        if (uids.Count == 0 && query is null)
            throw new UsageException("copy needs STUDY UIDs, KEY=VALUE matches on studies, or --all");
        return (uids, query);
    }

    private static void Summarize(List<StudyCopy.Item> items, long bytes, TimeSpan elapsed, bool list)
    {
        int copied = items.Count(i => i.Outcome == StudyCopy.Copied), there = items.Count(i => i.Outcome == StudyCopy.AlreadyThere);
        List<StudyCopy.Item> failed = [.. items.Where(i => i.Outcome == StudyCopy.Failed)];
        if (list)
        {
            var every = new TextTable("SOPInstanceUID", "outcome", "reason") { Wrappable = new HashSet<string> { "reason" } };
            foreach (StudyCopy.Item item in items)
                every.Add(item.SopInstanceUid, item.Outcome ?? "", item.Reason ?? "");
            every.Write(Console.Out);
        }
        var summary = new TextTable("outcome", "instances");
        summary.Add(StudyCopy.Copied, copied.ToString(System.Globalization.CultureInfo.InvariantCulture));
        summary.Add(StudyCopy.AlreadyThere, there.ToString(System.Globalization.CultureInfo.InvariantCulture));
        summary.Add(StudyCopy.Failed, failed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        summary.Write(Console.Out);
        int studies = items.Select(i => i.StudyInstanceUid).Distinct().Count();
        Console.Out.WriteLine($"{studies} stud{(studies == 1 ? "y" : "ies")}, {items.Count} instance{(items.Count == 1 ? "" : "s")}: copied {copied}, {TransferProgress.Size(bytes)} in {elapsed.TotalSeconds:0.0} s ({TransferProgress.Rate(bytes, elapsed)})");
        if (failed.Count == 0)
            return;
        var table = new TextTable("SOPInstanceUID", "reason") { Wrappable = new HashSet<string> { "reason" } };
        foreach (StudyCopy.Item item in failed)
            table.Add(item.SopInstanceUid, item.Reason ?? "");
        Console.Error.WriteLine("not copied:");
        table.Write(Console.Error);
    }
}
