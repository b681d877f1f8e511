using System.CommandLine;
using System.Globalization;
using DicomWeb.Cli.Output;
using DicomWeb.Client;

namespace DicomWeb.Cli.Commands;

/// <summary>
/// `dicomweb frames STUDY SERIES INSTANCE [FRAME...] [--out DIR] [--raw | --transfer-syntax UID]`:
/// frames of an instance (all of them by default, NumberOfFrames from its metadata), one file
/// each, "SOPInstanceUID.frame-N.EXT" with EXT from the part's media type (.raw for
/// application/octet-stream, .jp2, .jpg...). As the server encodes them (transfer-syntax=*), or
/// uncompressed with --raw (Explicit VR Little Endian pixel bytes).
/// </summary>
internal static class FramesCommand
{
    // Frame numbers per request: the list is part of the URL.
    private const int FramesPerRequest = 100;

    public static Command Create()
    {
        var uids = new Argument<string[]>("uid") { Description = "STUDY SERIES INSTANCE", Arity = new ArgumentArity(3, 3) };
        var frames = new Option<string[]>("--frame", "-f") { Description = "Frame numbers from 1, lists and ranges (1,3,5-8); all frames when not given", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out", "-o") { Description = "The folder to write into; the current folder when not given", DefaultValueFactory = _ => "." };
        var raw = new Option<bool>("--raw") { Description = "Uncompressed pixel bytes (Explicit VR Little Endian), which the server decodes to" };
        var transferSyntax = new Option<string?>("--transfer-syntax", "-t") { Description = "Ask for this transfer syntax UID; without it (and --raw) frames come as stored" };
        var command = new Command("frames", "Retrieve frames of an instance (WADO-RS) into files") { uids, frames, output, raw, transferSyntax };
        Verb.SetAction(command, async (parse, cancellationToken) =>
        {
            WadoResource instance = Resources.From(parse.GetValue(uids)!);
            List<int>? numbers = Numbers(parse.GetValue(frames));
            IReadOnlyList<AcceptableMediaType> accept = Accept(parse.GetValue(raw), parse.GetValue(transferSyntax));
            string folder = parse.GetValue(output)!;
            using Connection.Lease store = Connection.Open(parse);

            if (numbers is null)
            {
                IReadOnlyList<DicomDataset> metadata = await store.Client.RetrieveMetadataAsync(instance, cancellationToken);
                if (metadata.Count == 0)
                    return Verb.Fail(ExitCodes.Partial, $"no metadata for {instance}", null);
                int count = FrameCount(metadata[0]);
                numbers = [.. Enumerable.Range(1, count)];
            }
            int written = 0;
            long bytes = 0;
            var media = new SortedSet<string>(StringComparer.Ordinal);
            TimeSpan elapsed = await TransferProgress.RunAsync("frames", numbers.Count, async progress =>
            {
                foreach (int[] chunk in numbers.Chunk(FramesPerRequest))
                {
                    int index = 0;
                    await foreach (DicomPart part in Asked(store.Client.RetrieveAsync(instance.Frames(chunk), accept, cancellationToken), parse.GetValue(raw) ? DicomUids.ExplicitVRLittleEndian : parse.GetValue(transferSyntax)))
                    {
                        if (index >= chunk.Length)
                            throw new ServerAnswerException($"the server sent more parts than the {chunk.Length} frames asked for ({instance})");
                        string file = Path.Combine(folder, $"{instance.SopInstanceUid}.frame-{chunk[index].ToString(CultureInfo.InvariantCulture)}{PartFiles.Extension(part.MediaType)}");
                        bytes += await PartFiles.WriteAsync(part, file, cancellationToken);
                        media.Add(part.TransferSyntaxUid is { } ts ? $"{part.MediaType} ({ts})" : part.MediaType);
                        index++;
                        written++;
                        progress.Update(written, numbers.Count, bytes);
                    }
                    if (index < chunk.Length)
                        throw new ServerAnswerException($"the server sent {index} parts for the {chunk.Length} frames asked for ({instance}); {written} frames were written");
                }
                return progress.Elapsed;
            });
            Console.Out.WriteLine($"wrote {written} frame{(written == 1 ? "" : "s")}, {TransferProgress.Size(bytes)}, {SafeText.Escape(string.Join(", ", media))}, in {elapsed.TotalSeconds:0.0} s into {SafeText.Escape(folder)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    // A transfer syntax asked for that the server cannot make (Orthanc without a JPEG 2000 decoder: 500): say so before what it answered.
    private static async IAsyncEnumerable<DicomPart> Asked(IAsyncEnumerable<DicomPart> parts, string? syntax)
    {
        await using IAsyncEnumerator<DicomPart> frames = parts.GetAsyncEnumerator();
        while (true)
        {
            try
            {
                if (!await frames.MoveNextAsync())
                    yield break;
            }
            catch (DicomWebException e) when (syntax is not null and not "*" && e.StatusCode is { } status && status != System.Net.HttpStatusCode.NotFound)
            {
                throw new DicomWebException($"the server did not give the frames in transfer syntax {syntax} (without --raw and --transfer-syntax they come as stored)", e.Method, e.Url, status, e.BodyExcerpt, e);
            }
            yield return frames.Current;
        }
    }

    private static IReadOnlyList<AcceptableMediaType> Accept(bool raw, string? syntax)
    {
        if (raw && syntax is not null)
            throw new UsageException("give either --raw or --transfer-syntax, not both");
        if (raw)
            return [AcceptableMediaType.OctetStream(DicomUids.ExplicitVRLittleEndian)];
        if (syntax is null or "*")
            return [AcceptableMediaType.OctetStream("*")];
        try
        {
            // A compressed syntax has its own media type (image/jp2...); an uncompressed one is octet-stream.
            return [DicomWeb.Client.BulkDataMediaTypes.MediaTypeOf(syntax) is not null ? AcceptableMediaType.BulkData(syntax) : AcceptableMediaType.OctetStream(syntax)];
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--transfer-syntax takes a transfer syntax UID or *, not '{syntax}'", e);
        }
    }

    // "1,3,5-8" and several values: the frames in the order given, each once.
    private static List<int>? Numbers(string[]? given)
    {
        if (given is null || given.Length == 0)
            return null;
        var numbers = new List<int>();
        var seen = new HashSet<int>();
        foreach (string item in given.SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            string[] range = item.Split('-');
            if (range.Length is 1 or 2 && range.All(r => int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1))
            {
                int first = int.Parse(range[0], CultureInfo.InvariantCulture), last = int.Parse(range[^1], CultureInfo.InvariantCulture);
                if (last >= first && last - first < 100_000)
                {
                    numbers.AddRange(Enumerable.Range(first, last - first + 1).Where(seen.Add));
                    continue;
                }
            }
            throw new UsageException($"--frame takes frame numbers from 1 and ranges like 2-5, not '{item}'");
        }
        return numbers;
    }

    private static int FrameCount(DicomDataset metadata)
    {
        try
        {
            return Math.Max(1, metadata.Get(DicomTags.NumberOfFrames) ?? 1);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException)
        {
            throw new ServerAnswerException($"the instance's NumberOfFrames cannot be read ({e.Message}); give the frames with --frame", e);
        }
    }
}
