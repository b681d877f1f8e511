using System.Net;
using System.Text.RegularExpressions;

namespace DicomWeb.Docs.Tests.ApiSite;

/// <summary>
/// The local links of a static site that do not resolve: every href and src of every HTML page
/// that points into the site must name a file of it, and its #fragment an id (or name) of the page
/// it points to; so must the entries of the toc.json beside a page. Links to other sites (http:, https:, mailto:, data:, javascript:) are not followed.
/// </summary>
public static partial class SiteLinks
{
    [GeneratedRegex(@"\s(?:href|src)\s*=\s*(?:""(?<url>[^""]*)""|'(?<url>[^']*)')", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"\s(?:id|name)\s*=\s*(?:""(?<id>[^""]*)""|'(?<id>[^']*)')", RegexOptions.IgnoreCase)]
    private static partial Regex Anchor();

    [GeneratedRegex(@"""(?:href|topicHref)""\s*:\s*""(?<url>(?:[^""\\]|\\.)*)""")]
    private static partial Regex TocHref();

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase)]
    private static partial Regex Scheme();

    /// <summary>"page → link: why" for each broken link; empty when every local link resolves.</summary>
    public static IReadOnlyList<string> Broken(string siteFolder)
    {
        string root = Path.GetFullPath(siteFolder);
        var anchors = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string> AnchorsOf(string page) => anchors.TryGetValue(page, out var ids) ? ids
            : anchors[page] = [.. Anchor().Matches(File.ReadAllText(page)).Select(m => WebUtility.HtmlDecode(m.Groups["id"].Value))];

        var broken = new List<string>();
        foreach (string page in Directory.EnumerateFiles(root, "*.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string html = File.ReadAllText(page);
            // docfx's pages load their table of contents from toc.json beside them: its hrefs are links of the page too.
            string toc = Path.Combine(Path.GetDirectoryName(page)!, "toc.json");
            IEnumerable<string> tocLinks = File.Exists(toc) ? TocHref().Matches(File.ReadAllText(toc)).Select(m => Regex.Unescape(m.Groups["url"].Value)) : [];
            string name = Path.GetRelativePath(root, page);
            foreach (string link in Link().Matches(html).Select(m => m.Groups["url"].Value).Concat(tocLinks))
            {
                string url = WebUtility.HtmlDecode(link).Trim();
                if (url.Length == 0 || url.StartsWith("//", StringComparison.Ordinal) || Scheme().IsMatch(url) || url.Contains("{{", StringComparison.Ordinal))
                    continue;
                int hash = url.IndexOf('#');
                string fragment = hash >= 0 ? url[(hash + 1)..] : "";
                string path = hash >= 0 ? url[..hash] : url;
                int query = path.IndexOf('?');
                if (query >= 0)
                    path = path[..query];

                string target = path.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(path)));
                if (Directory.Exists(target))
                    target = Path.Combine(target, "index.html");
                if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    broken.Add($"{name} → {url}: outside the site");
                else if (!File.Exists(target))
                    broken.Add($"{name} → {url}: no such file");
                else if (fragment.Length > 0 && target.EndsWith(".html", StringComparison.Ordinal) && !AnchorsOf(target).Contains(Uri.UnescapeDataString(fragment)))
                    broken.Add($"{name} → {url}: no id \"{fragment}\" in {Path.GetRelativePath(root, target)}");
            }
        }
        return broken;
    }
}
