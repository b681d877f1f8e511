// Usage: dotnet run --project src/DicomWeb.DictionaryImport -- <source folder> [<data/dictionary folder>]
// The source folder holds elements.tsv and uids.tsv as exported from PS3.6 (see data/dictionary/README.md).
using DicomWeb.DictionaryImport;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: DicomWeb.DictionaryImport <source folder> [<output folder, default data/dictionary>]");
    return 2;
}
string source = args[0];
string output = args.Length > 1 ? args[1] : Path.Combine("data", "dictionary");
try
{
    string elements = DictionaryImporter.ImportElements(File.ReadAllText(Path.Combine(source, "elements.tsv")), Path.Combine(source, "elements.tsv"));
    string uids = DictionaryImporter.ImportUids(File.ReadAllText(Path.Combine(source, "uids.tsv")), Path.Combine(source, "uids.tsv"));
    File.WriteAllText(Path.Combine(output, "elements.tsv"), elements);
    File.WriteAllText(Path.Combine(output, "uids.tsv"), uids);
    Console.WriteLine($"elements.tsv: {elements.Count(c => c == '\n') - 1} elements; uids.tsv: {uids.Count(c => c == '\n') - 1} UIDs -> {output}");

    string transferSyntaxes = Path.Combine(output, "transfer-syntaxes.tsv");
    var missing = DictionaryImporter.TransferSyntaxesWithoutProperties(uids, File.Exists(transferSyntaxes) ? File.ReadAllText(transferSyntaxes) : "");
    if (missing.Count > 0)
    {
        Console.Error.WriteLine($"{transferSyntaxes} has no properties for these transfer syntaxes; add a row for each (PS3.5 section 10 and Annex A): {string.Join(", ", missing)}");
        return 1;
    }
    return 0;
}
catch (Exception e) when (e is FormatException or IOException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
