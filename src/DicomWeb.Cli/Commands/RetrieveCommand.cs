using System.CommandLine;
using DicomWeb.Cli.Output;
using DicomWeb.Client;

namespace DicomWeb.Cli.Commands;

/// <summary>
/// `dicomweb retrieve STUDY [SERIES [INSTANCE]] --out DIR`: one file per instance under
/// DIR/study/series/, written by SaveInstancesAsync (streamed; a broken transfer leaves no partial file).
/// </summary>
internal static class RetrieveCommand
{
    public static Command Create()
    {
        var uids = new Argument<string[]>("uid") { Description = "STUDY [SERIES [INSTANCE]]", Arity = new ArgumentArity(1, 3) };
        var output = new Option<string>("--out", "-o") { Description = "The folder to write into (as DIR/study/series/SOPInstanceUID.dcm)", Required = true };
        var command = new Command("retrieve", "Retrieve instances (WADO-RS) into a folder") { uids, output };
        Verb.SetAction(command, async (parse, cancellationToken) =>
        {
            string[] given = parse.GetValue(uids)!;
            WadoResource resource = Resources.From(given);
            string root = parse.GetValue(output)!;
            using Connection.Lease store = Connection.Open(parse);

            // The series are the folders: a study is retrieved series by series.
            var series = new List<string>();
            if (given.Length > 1)
                series.Add(given[1]);
            else
                await foreach (DicomDataset found in store.Client.SearchAsync(Qido.Series(given[0]), cancellationToken))
                    if (found.Get(DicomTags.SeriesInstanceUID) is string uid)
                        series.Add(uid);
            if (series.Count == 0)
                return Verb.Fail(ExitCodes.Partial, $"no series found in study {given[0]}", null);

            var progress = new ProgressLine("retrieving");
            int instances = 0;
            long bytes = 0;
            foreach (string seriesUid in series)
            {
                int before = instances;
                long bytesBefore = bytes;
                var report = new Progress(p =>
                {
                    instances = before + p.Instances;
                    bytes = bytesBefore + p.Bytes;
                    progress.Update(instances, null, bytes);
                });
                WadoResource target = given.Length > 1 ? resource : resource.Series(seriesUid);
                IReadOnlyList<string> files = await store.Client.SaveInstancesAsync(target, Path.Combine(root, given[0], seriesUid), report, cancellationToken);
                instances = before + files.Count;
                bytes = bytesBefore + files.Sum(f => new FileInfo(f).Length);
            }
            progress.Done();
            Console.Out.WriteLine($"retrieved {instances} instance{(instances == 1 ? "" : "s")}, {ProgressLine.Size(bytes)} in {progress.Elapsed.TotalSeconds:0.0} s ({ProgressLine.Rate(bytes, progress.Elapsed)}) into {Path.Combine(root, given[0])}");
            return instances > 0 ? ExitCodes.Ok : ExitCodes.Partial;
        });
        return command;
    }

    // Synchronous, unlike Progress<T>: a console has no context to post to, and the counts must be current when the await returns.
    private sealed class Progress(Action<SaveProgress> report) : IProgress<SaveProgress>
    {
        public void Report(SaveProgress value) => report(value);
    }
}
