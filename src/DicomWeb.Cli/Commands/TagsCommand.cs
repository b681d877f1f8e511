using System.CommandLine;
using DicomWeb.Cli.Output;

namespace DicomWeb.Cli.Commands;

/// <summary>
/// `dicomweb tags QUERY...`: dictionary lookup, offline, through DicomDictionary.Search, the one
/// lookup the tag-lookup site also follows.
/// </summary>
internal static class TagsCommand
{
    public static Command Create()
    {
        var queries = new Argument<string[]>("query") { Description = "A keyword, a tag in any common spelling, words of the name, a VR or a UID", Arity = ArgumentArity.OneOrMore };
        var max = new Option<int>("--max") { Description = "At most this many hits per query", DefaultValueFactory = _ => 20 };
        var command = new Command("tags", "Look up dictionary elements and UIDs (works offline)") { queries, max };
        Verb.SetAction(command, (parse, _) =>
        {
            int limit = parse.GetValue(max);
            if (limit < 1)
                throw new UsageException("--max is at least 1");
            int found = 0;
            string[] asked = parse.GetValue(queries)!;
            foreach (string query in asked)
            {
                IReadOnlyList<DicomDictionaryMatch> hits = DicomDictionary.Search(query, limit);
                if (hits.Count == 0)
                {
                    Console.Error.WriteLine($"dicomweb: nothing in the dictionary matches '{SafeText.Escape(query)}'");
                    continue;
                }
                // Several queries: each table says which one it answers, a blank line between them.
                if (asked.Length > 1 && found > 0)
                    Console.Out.WriteLine();
                found++;
                var table = new TextTable("tag/UID", "keyword", "VR", "VM", "name")
                {
                    Wrappable = new HashSet<string> { "name" },
                    Title = asked.Length > 1 ? $"'{query}': {hits.Count} hit{(hits.Count == 1 ? "" : "s")}" : null,
                };
                foreach (DicomDictionaryMatch hit in hits)
                {
                    string key = hit.Element is not null ? $"({hit.Key[..4]},{hit.Key[4..]})" : hit.Key;
                    string vr = hit.Element is { } e ? string.Join(" or ", e.VRs.ToArray()) : "";
                    string vm = hit.Element?.ValueMultiplicity ?? "";
                    table.Add(key, hit.Keyword, vr, vm, hit.Name + (hit.IsRetired ? " (retired)" : ""));
                }
                table.Write(Console.Out);
            }
            return Task.FromResult(found == asked.Length ? ExitCodes.Ok : ExitCodes.Partial);
        });
        return command;
    }
}
