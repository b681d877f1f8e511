using DicomWeb.Client;
using DicomWeb.Json;

namespace DicomWeb.Benchmarks.Hostile;

/// <summary>
/// One hostile case: what the SDK is asked to do against a hostile server answer or file, and how
/// long the harness lets it run before stopping it (an endless body that is read within bounded
/// memory runs until then). <see cref="HostileCase.RunAsync"/> returns what completed, e.g. "12 results".
/// </summary>
public sealed record HostileCase(string Name, TimeSpan Budget, Func<HostileRun, CancellationToken, Task<string>> RunAsync);

/// <summary>What a case runs against, in the child process, and how far it got.</summary>
public sealed class HostileRun(Uri serverAddress, string folder)
{
    /// <summary>Items read so far (results, parts, data sets), for the outcome of a case the harness stops.</summary>
    public long Items;

    public string File(string name) => Path.Combine(folder, name);

    /// <summary>A client of the server answer's root, with the SDK's defaults unless options are given.</summary>
    public DicomWebClient Client(string answer, DicomWebClientOptions? options = null) =>
        new(new HttpClient { BaseAddress = new Uri(serverAddress, answer + "/dicom-web/"), Timeout = Timeout.InfiniteTimeSpan }, options);
}

/// <summary>The cases of issue #12 ("Hardening"), in the order of its list. Add a case here.</summary>
public static class HostileCases
{
    public const string StudyUid = "1.2.826.0.1.3680043.8.498.1";
    public const string StowFile = "stow-instance.dcm";

    public static IReadOnlyList<HostileCase> All { get; } =
    [
        new("endless QIDO array", TimeSpan.FromSeconds(20), (run, ct) => SearchAsync(run, run.Client("endless-qido"), ct)),
        new("1 GiB QIDO page", TimeSpan.FromSeconds(120), (run, ct) => SearchAsync(run, run.Client("qido-1gib"), ct)),
        new("1 GiB error body", TimeSpan.FromSeconds(60), (run, ct) => SearchAsync(run, run.Client("error-1gib"), ct)),
        new("1 GiB STOW response", TimeSpan.FromSeconds(60), async (run, ct) =>
        {
            StowResult result = await run.Client("stow-1gib").StoreAsync([run.File(StowFile)], ct);
            return $"{result.Stored.Count} stored, {result.Failed.Count} failed";
        }),
        new("1 GiB DELETE body", TimeSpan.FromSeconds(60), async (run, ct) =>
        {
            await run.Client("delete-1gib").DeleteAsync(Wado.Study(StudyUid), ct);
            return "deleted";
        }),
        new("endless multipart header lines", TimeSpan.FromSeconds(20), async (run, ct) =>
        {
            await foreach (DicomPart part in run.Client("endless-multipart-headers").RetrieveAsync(Wado.Study(StudyUid), ct))
            {
                await part.Content.CopyToAsync(Stream.Null, ct);
                run.Items++;
            }
            return $"{run.Items} parts";
        }),
        new("3 GiB object in the metadata stream", TimeSpan.FromSeconds(120), async (run, ct) =>
        {
            await foreach (DicomDataset _ in run.Client("metadata-3gib-object").RetrieveMetadataAsyncEnumerable(Wado.Study(StudyUid), ct))
                run.Items++;
            return $"{run.Items} data sets";
        }),
        new("server silent after headers (ResponseIdleTimeout 2 s)", TimeSpan.FromSeconds(30), (run, ct) =>
            SearchAsync(run, run.Client("silent-after-headers", SilentOptions()), ct)),
        new("deflate bomb (5.5 GB inflated)", TimeSpan.FromSeconds(120), (run, ct) => OpenAsync(run.File(HostileFiles.DeflateBomb), ct)),
        new("5,000-deep nested Part 10 SQ", TimeSpan.FromSeconds(60), (run, ct) => OpenAsync(run.File(HostileFiles.NestedSequences), ct)),
        new("200,000 out-of-order JSON keys", TimeSpan.FromSeconds(120), (run, ct) =>
        {
            DicomDataset dataset = DicomJson.Deserialize(System.IO.File.ReadAllBytes(run.File(HostileFiles.OutOfOrderKeys)));
            return Task.FromResult($"{dataset.Count} elements");
        }),
        new("200,000 out-of-order Part 10 tags", TimeSpan.FromSeconds(120), (run, ct) => OpenAsync(run.File(HostileFiles.OutOfOrderTags), ct)),
    ];

    // The idle timeout on response bodies (issue #12, item 5).
    private static DicomWebClientOptions SilentOptions() => new() { ResponseIdleTimeout = TimeSpan.FromSeconds(2) };

    private static async Task<string> SearchAsync(HostileRun run, DicomWebClient client, CancellationToken cancellationToken)
    {
        await foreach (DicomDataset _ in client.SearchAsync(Qido.Studies(), cancellationToken))
            run.Items++;
        return $"{run.Items} results";
    }

    // What Open accepts, Save must write too (issue #12, item 1).
    private static async Task<string> OpenAsync(string path, CancellationToken cancellationToken)
    {
        DicomFile file = await DicomFile.OpenAsync(path, cancellationToken);
        string copy = Path.Combine(Path.GetTempPath(), $"dicomweb-hostile-{Environment.ProcessId}.dcm");
        try
        {
            await file.SaveAsync(copy, cancellationToken);
            return $"opened, {file.Dataset.Count} elements, saved {new FileInfo(copy).Length:N0} bytes";
        }
        finally
        {
            System.IO.File.Delete(copy);
        }
    }
}
