using System.CommandLine;
using DicomWeb.Cli;
using DicomWeb.Cli.Commands;

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

ParseResult parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // One line, and exit 2, rather than the library's usage dump and exit 1.
        string message = System.Text.RegularExpressions.Regex.Replace(parse.Errors[0].Message, @"\s+", " ");
    Console.Error.WriteLine($"dicomweb: {message} (dicomweb --help)");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
