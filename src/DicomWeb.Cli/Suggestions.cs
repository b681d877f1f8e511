using System.CommandLine;
using System.CommandLine.Parsing;

namespace DicomWeb.Cli;

/// <summary>
/// "did you mean" for a mistyped keyword, option or verb. Keywords go through
/// <see cref="DicomDictionary.Search"/>, the lookup of `dicomweb tags`, so a suggestion is what
/// `dicomweb tags TYPED` would list first; when the typed text finds nothing (a transposed or
/// dropped letter inside the word), shorter and shorter beginnings of it are searched and the
/// keywords closest in edit distance are kept.
/// </summary>
internal static class Suggestions
{
    /// <summary>" (did you mean PatientName?)", or "" when nothing in the dictionary is close.</summary>
    public static string ForKeyword(string typed)
    {
        string[] keywords = Keywords(typed);
        return keywords.Length == 0 ? "" : $" (did you mean {string.Join(" or ", keywords)}?)";
    }

    /// <summary>The keywords to suggest for <paramref name="typed"/>, best first, at most three.</summary>
    public static string[] Keywords(string typed)
    {
        string wanted = typed.Trim().ToLowerInvariant();
        if (wanted.Length < 2)
            return [];
        // What `dicomweb tags` finds, nearest spelling first; current elements before retired ones.
        IEnumerable<string> found = Elements(typed, 20);
        if (!found.Any())
        {
            int limit = Math.Max(2, wanted.Length / 4);
            var near = new HashSet<string>(StringComparer.Ordinal);
            for (int length = wanted.Length - 1; length >= 3 && near.Count == 0; length--)
                near.UnionWith(Elements(typed.Trim()[..length], 500).Where(k => Distance(k.ToLowerInvariant(), wanted) <= limit));
            found = near;
        }
        // The nearest, and those as near as a typo allows; what only contains the text is left out when something is nearer.
        var ranked = found.Select(k => (Keyword: k, Distance: Distance(k.ToLowerInvariant(), wanted))).OrderBy(k => k.Distance).ToList();
        int close = Math.Max(ranked.Count > 0 ? ranked[0].Distance : 0, Math.Max(2, wanted.Length / 4));
        return [.. ranked.Where(k => k.Distance <= close).Take(3).Select(k => k.Keyword)];
    }

    /// <summary>The option of <paramref name="command"/> (its own and those inherited) nearest to <paramref name="typed"/>, e.g. "--limit" for "--limt".</summary>
    public static string? ForOption(Command command, string typed, IEnumerable<Option> inherited)
    {
        IEnumerable<string> names = command.Options.Concat(inherited).Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name));
        return Nearest(typed, names.Where(n => n.StartsWith("--", StringComparison.Ordinal)));
    }

    /// <summary>
    /// The usage error for <paramref name="token"/>, a word starting with '-' that a verb taking
    /// free arguments (search's matches, store's paths) received because no option has that name.
    /// </summary>
    public static UsageException UnknownOption(Command command, string token)
    {
        string name = token.Split('=')[0];
        string? nearest = ForOption(command, name, Connection.Options);
        string verb = command is RootCommand ? "dicomweb" : $"dicomweb {command.Name}";
        return new UsageException($"unknown option '{name}' for {verb}{(nearest is null ? "" : $" (did you mean {nearest}?)")} ({verb} --help)");
    }

    /// <summary>
    /// The first argument of the verb that looks like an option and names no file or folder:
    /// System.CommandLine hands an unknown "--limt" to a verb's free arguments (matches, UIDs, paths).
    /// </summary>
    public static void ThrowOnUnknownOption(ParseResult parse)
    {
        CommandResult verb = parse.CommandResult;
        foreach (ArgumentResult argument in verb.Children.OfType<ArgumentResult>())
        {
            foreach (System.CommandLine.Parsing.Token token in argument.Tokens)
            {
                string value = token.Value;
                if (value.Length > 1 && value.StartsWith('-') && !File.Exists(value) && !Directory.Exists(value))
                    throw UnknownOption(verb.Command, value);
            }
        }
    }

    /// <summary>The first parse error as one line, with "did you mean" for a mistyped option or verb, and where help is.</summary>
    public static string ParseError(RootCommand root, ParseResult parse)
    {
        string message = System.Text.RegularExpressions.Regex.Replace(parse.Errors[0].Message, @"\s+", " ");
        if (parse.UnmatchedTokens.FirstOrDefault() is not string token)
            return $"{message} (dicomweb{(parse.CommandResult.Command is RootCommand ? "" : " " + parse.CommandResult.Command.Name)} --help)";
        Command command = parse.CommandResult.Command;
        if (token.StartsWith('-'))
            return UnknownOption(command, token).Message;
        if (!ReferenceEquals(command, root))
            return $"{message} (dicomweb {command.Name} --help)";
        string? verb = ForVerb(root, token);
        return $"unknown verb '{token}'{(verb is null ? "" : $" (did you mean {verb}?)")} (dicomweb --help)";
    }

    /// <summary>The verb nearest to <paramref name="typed"/>, e.g. "search" for "serach".</summary>
    public static string? ForVerb(Command root, string typed) => Nearest(typed, root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));

    private static string? Nearest(string typed, IEnumerable<string> names)
    {
        string wanted = typed.ToLowerInvariant();
        (string Name, int Distance)? best = null;
        foreach (string name in names.Distinct())
        {
            int distance = name.StartsWith(wanted, StringComparison.Ordinal) && wanted.Length > 3 ? 1 : Distance(name, wanted);
            if (best is null || distance < best.Value.Distance)
                best = (name, distance);
        }
        return best is { } b && b.Distance <= Math.Max(2, wanted.Length / 4) ? b.Name : null;
    }

    private static IEnumerable<string> Elements(string query, int max) =>
        DicomDictionary.Search(query, max)
            .Where(m => m.Element is not null && m.Keyword.Length > 0)
            .OrderBy(m => m.IsRetired)
            .Select(m => m.Keyword);

    // Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost one.
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
