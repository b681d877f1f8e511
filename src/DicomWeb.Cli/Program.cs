using System.CommandLine;
using DicomWeb.Cli;
using DicomWeb.Cli.Commands;
using DicomWeb.Cli.Output;

bool verbose = args.Contains("--verbose") || args.Contains("-v");
// The last resort, for an exception on a thread no verb awaits: one line and exit 5, not an abort (134) and a stack.
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
    Environment.Exit(Verb.Report(e.ExceptionObject as Exception ?? new InvalidOperationException(e.ExceptionObject?.ToString()), verbose));

try
{
    var root = new RootCommand("dicomweb: search, retrieve, store and delete on a DICOMweb server; dictionary lookups; a conformance probe.");
    Connection.AddTo(root);
    root.Subcommands.Add(SearchCommand.Create());
    root.Subcommands.Add(RetrieveCommand.Create());
    root.Subcommands.Add(MetadataCommand.Create());
    root.Subcommands.Add(StoreCommand.Create());
    root.Subcommands.Add(DeleteCommand.Create());
    root.Subcommands.Add(TagsCommand.Create());
    root.Subcommands.Add(ProbeCommand.Create());
    root.Subcommands.Add(ServeCommand.Create());
    root.Subcommands.Add(FramesCommand.Create());
    root.Subcommands.Add(BulkDataCommand.Create());
    root.Subcommands.Add(RenderedCommand.Create());
    root.Subcommands.Add(ThumbnailCommand.Create());
    root.Subcommands.Add(CopyCommand.Create());

    ParseResult parse = root.Parse(args);
    if (parse.Errors.Count > 0)
    {
        // One line, and exit 2, rather than the library's usage dump and exit 1.
        string message = Suggestions.ParseError(root, parse);
        Console.Error.WriteLine($"dicomweb: {SafeText.Escape(message)}");
        return ExitCodes.Usage;
    }
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    // Verbs report their own exceptions (Verb.SetAction); this is for the parser and whatever else is left.
    return Verb.Report(e, verbose);
}
