// Usage: dotnet run --project src/DicomWeb.Docs -- --out DIR [--dictionary DIR]
// Writes the tag-lookup site (docs/tag-lookup.md) into DIR; --dictionary reads the three .tsv
// files from a folder instead of the copies built in from data/dictionary.
using DicomWeb.Docs;

string? output = null, dictionary = null;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--out" && i + 1 < args.Length)
        output = args[++i];
    else if (args[i] == "--dictionary" && i + 1 < args.Length)
        dictionary = args[++i];
    else
    {
        output = null;
        break;
    }
}
if (output is null)
{
    Console.Error.WriteLine("usage: DicomWeb.Docs --out <folder> [--dictionary <folder with elements.tsv, uids.tsv, transfer-syntaxes.tsv>]");
    return 2;
}
try
{
    SiteBuildReport report = TagLookupSite.Build(output, dictionary);
    Console.WriteLine(report);
    return 0;
}
catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
