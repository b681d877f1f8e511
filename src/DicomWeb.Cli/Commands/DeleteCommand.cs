using System.CommandLine;
using DicomWeb.Cli.Output;

namespace DicomWeb.Cli.Commands;

/// <summary>`dicomweb delete STUDY [SERIES [INSTANCE]]`.</summary>
internal static class DeleteCommand
{
    public static Command Create()
    {
        var uids = new Argument<string[]>("uid") { Description = "STUDY [SERIES [INSTANCE]]", Arity = new ArgumentArity(1, 3) };
        var command = new Command("delete", "Delete a study, series or instance (servers that offer DELETE)") { uids };
        Verb.SetAction(command, async (parse, cancellationToken) =>
        {
            var resource = Resources.From(parse.GetValue(uids)!);
            using Connection.Lease store = Connection.Open(parse);
            await store.Client.DeleteAsync(resource, cancellationToken);
            Console.Out.WriteLine($"deleted {SafeText.Escape(resource.ToString())}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
