using System.Text;
using System.Text.RegularExpressions;

namespace DicomWeb.Cli;

/// <summary>
/// The files that `store` arguments name: a file, a folder (every file under it), or a glob
/// ("scans/*.dcm", "scans/**/*.dcm") for shells that do not expand them. Sorted, each once.
/// </summary>
internal static class FileSelection
{
    public static List<string> Expand(IEnumerable<string> arguments)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string argument in arguments)
        {
            if (File.Exists(argument))
                files.Add(Path.GetFullPath(argument));
            else if (Directory.Exists(argument))
                files.UnionWith(Directory.EnumerateFiles(argument, "*", SearchOption.AllDirectories).Select(Path.GetFullPath));
            else if (argument.IndexOfAny(['*', '?']) >= 0)
            {
                int before = Glob(argument, files);
                if (before == 0)
                    throw new UsageException($"no file matches '{argument}'");
            }
            else
                throw new UsageException($"'{argument}' is neither a file, a folder nor a pattern");
        }
        return [.. files];
    }

    private static int Glob(string pattern, SortedSet<string> files)
    {
        string normal = pattern.Replace('\\', '/');
        string[] segments = normal.Split('/');
        int first = Array.FindIndex(segments, s => s.IndexOfAny(['*', '?']) >= 0);
        string root = first == 0 ? "." : string.Join('/', segments[..first]);
        if (root.Length == 0) root = "/";
        if (!Directory.Exists(root))
            return 0;
        var regex = new Regex("^" + ToRegex(segments[first..]) + "$", RegexOptions.CultureInvariant);
        bool deep = segments[first..].Length > 1 || segments[first] == "**";
        int count = 0;
        foreach (string file in Directory.EnumerateFiles(root, "*", deep ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly))
        {
            string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (regex.IsMatch(relative) && files.Add(Path.GetFullPath(file)))
                count++;
        }
        return count;
    }

    private static string ToRegex(string[] segments)
    {
        var regex = new StringBuilder();
        for (int i = 0; i < segments.Length; i++)
        {
            if (segments[i] == "**")
            {
                regex.Append("(?:[^/]+/)*");
                continue;
            }
            foreach (char c in segments[i])
                regex.Append(c switch { '*' => "[^/]*", '?' => "[^/]", _ => Regex.Escape(c.ToString()) });
            if (i < segments.Length - 1)
                regex.Append('/');
        }
        return regex.ToString();
    }
}
