using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using DicomWeb.Cli.Output;
using DicomWeb.Client;

namespace DicomWeb.Cli.Commands;

/// <summary>
/// `dicomweb bulkdata URI [--out FILE] [--range FIRST-LAST]`: the value behind a BulkDataURI that
/// metadata gave (pixel data, say), whole or a byte range, into a file or stdout ("-"). The URI is
/// followed only on the store's own origin and under its root (the SDK's rule): a URI from a
/// hostile server's metadata cannot send the request, or the credentials, elsewhere.
/// </summary>
internal static partial class BulkDataCommand
{
    public static Command Create()
    {
        var uri = new Argument<string>("uri") { Description = "A BulkDataURI from metadata (absolute, or relative to the root)" };
        var output = new Option<string?>("--out", "-o") { Description = "The file to write, or - for stdout; by default the URI's last segment + .bin in the current folder" };
        var range = new Option<string?>("--range", "-r") { Description = "Only these bytes: FIRST-LAST (inclusive, from 0) or FIRST-" };
        var command = new Command("bulkdata", "Retrieve a bulk data value (WADO-RS) by its BulkDataURI into a file") { uri, output, range };
        Verb.SetAction(command, async (parse, cancellationToken) =>
        {
            string bulkDataUri = parse.GetValue(uri)!;
            ByteRange? bytes = Range(parse.GetValue(range));
            string file = parse.GetValue(output) ?? DefaultName(bulkDataUri);
            using Connection.Lease store = Connection.Open(parse);
            long written = 0;
            int parts = 0;
            await foreach (DicomPart part in store.Client.RetrieveBulkDataAsync(bulkDataUri, bytes, cancellationToken))
            {
                if (parts++ > 0)
                    throw new ServerAnswerException($"the server sent more than one part for the BulkDataURI; the first ({written} bytes) was written to {file}");
                written = await PartFiles.WriteAsync(part, file, cancellationToken);
            }
            if (parts == 0)
                return Verb.Fail(ExitCodes.Partial, "the server sent no part for the BulkDataURI", null);
            // With the value on stdout, the summary goes to stderr.
            (file == "-" ? Console.Error : Console.Out).WriteLine($"wrote {written} bytes{(bytes is { } r ? $" (range {r.First}-{r.Last})" : "")} to {(file == "-" ? "stdout" : SafeText.Escape(file))}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static ByteRange? Range(string? text)
    {
        if (text is null)
            return null;
        Match match = RangeText().Match(text);
        if (match.Success
            && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long first)
            && (match.Groups[2].Length == 0 || long.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            long? last = match.Groups[2].Length == 0 ? null : long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (last is null || last >= first)
                return new ByteRange(first, last);
        }
        throw new UsageException($"--range takes FIRST-LAST (bytes from 0, LAST included, not before FIRST) or FIRST-, not '{text}'");
    }

    // ".../bulk/7fe00010" gives "7fe00010.bin": only letters, digits, '.', '_' and '-' from the URI, never a path.
    private static string DefaultName(string bulkDataUri)
    {
        string last = bulkDataUri.Split('?', '#')[0].TrimEnd('/').Split('/')[^1];
        string safe = SafeName().Replace(last, "_").Trim('.');
        return (safe.Length is > 0 and <= 100 ? safe : "bulkdata") + ".bin";
    }

    [GeneratedRegex(@"^([0-9]+)-([0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex RangeText();

    [GeneratedRegex(@"[^A-Za-z0-9._-]+", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();
}
