using System.CommandLine;
using DicomWeb.Cli.Output;
using DicomWeb.Json;

namespace DicomWeb.Cli.Commands;

/// <summary>`dicomweb metadata STUDY [SERIES [INSTANCE]]`: DICOM JSON (one array) to stdout.</summary>
internal static class MetadataCommand
{
    public static Command Create()
    {
        var uids = new Argument<string[]>("uid") { Description = "STUDY [SERIES [INSTANCE]]", Arity = new ArgumentArity(1, 3) };
        var command = new Command("metadata", "Print the metadata of a study, series or instance as DICOM JSON") { uids };
        Verb.SetAction(command, async (parse, cancellationToken) =>
        {
            var resource = Resources.From(parse.GetValue(uids)!);
            using Connection.Lease store = Connection.Open(parse);
            IReadOnlyList<DicomDataset> metadata = await store.Client.RetrieveMetadataAsync(resource, cancellationToken);
            using (Stream stdout = Console.OpenStandardOutput())
            {
                await stdout.WriteAsync(SafeText.EscapeJson(DicomJson.SerializeToUtf8Bytes(metadata)), cancellationToken);
                await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken);
            }
            return metadata.Count > 0 ? ExitCodes.Ok : ExitCodes.Partial;
        });
        return command;
    }
}
