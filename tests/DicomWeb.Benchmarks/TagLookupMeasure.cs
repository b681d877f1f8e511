using System.Globalization;
using System.Text.Json.Nodes;
using DicomWeb.Docs;
using DicomWeb.Docs.Tests.Browser;

namespace DicomWeb.Benchmarks;

/// <summary>
/// The tag-lookup page (docs/tag-lookup.md) timed in Debian's headless Chromium: site size and build
/// time, navigation to interactive, every prefix of typical queries searched as keystrokes would
/// (median, p95, max), and characters typed into the page (search plus drawing the list). Figures
/// are printed, never asserted (moved here from tests/DicomWeb.Docs.Tests, issue #25): they belong
/// to the machine; the tests check what each keystroke finds.
/// </summary>
public static class TagLookupMeasure
{
    private static readonly string[] Typed =
        ["PatientName", "patient name", "(0010,0010)", "0x00100010", "birth date", "(6002,3000)", "1.2.840.10008.1.2.4.50", "explicit vr little endian", "a", "overlay"];

    public static async Task<int> RunAsync()
    {
        string chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium is not installed (Debian's package 'chromium'; tests/run-all.sh installs it)");
        string folder = Directory.CreateTempSubdirectory("dicomweb-tag-lookup-bench-").FullName;
        try
        {
            SiteBuildReport report = TagLookupSite.Build(folder);
            string index = new Uri(report.IndexPath).AbsoluteUri;
            await using HeadlessBrowser browser = await HeadlessBrowser.StartAsync(chromium);
            var ready = new List<double>();
            for (int i = 0; i < 5; i++)
            {
                await browser.NavigateAsync(index);
                ready.Add((await browser.EvaluateAsync("TagLookup.readyAt"))!.GetValue<double>());
            }
            JsonNode phases = (await browser.EvaluateAsync("({ script: TagLookup.startedAt, indexed: TagLookup.indexedAt, ready: TagLookup.readyAt })"))!;

            var typed = new JsonArray(Typed.Select(t => (JsonNode)t).ToArray());
            JsonNode timing = (await browser.EvaluateAsync($$"""
                (() => {
                  const times = [];
                  for (let round = 0; round < 3; round++)
                    for (const text of {{typed.ToJsonString()}})
                      for (let n = 1; n <= text.length; n++) {
                        const started = performance.now();
                        TagLookup.search(text.substring(0, n), 50);
                        times.push(performance.now() - started);
                      }
                  times.sort((a, b) => a - b);
                  return { count: times.length, median: times[times.length >> 1], p95: times[Math.floor(times.length * 0.95)], max: times[times.length - 1] };
                })()
                """))!;

            await browser.EvaluateAsync("document.getElementById('q').focus()");
            var perKey = new List<double>();
            foreach (char c in "patient birth date")
            {
                await browser.TypeAsync(c.ToString());
                JsonNode stats = (await browser.EvaluateAsync("({ s: TagLookup.stats.lastSearchMs, r: TagLookup.stats.lastRenderMs })"))!;
                perKey.Add(stats["s"]!.GetValue<double>() + stats["r"]!.GetValue<double>());
            }

            Console.WriteLine($"site: {report.TotalBytes / 1024.0:F0} KiB in {report.Files.Count} files, built in {report.Elapsed.TotalMilliseconds:F0} ms");
            Console.WriteLine($"navigation to interactive: {string.Join(", ", ready.Select(r => r.ToString("F0", CultureInfo.InvariantCulture) + " ms"))} (last: script started at {phases["script"]!.GetValue<double>():F0} ms, index built at {phases["indexed"]!.GetValue<double>():F0} ms, first list drawn at {phases["ready"]!.GetValue<double>():F0} ms)");
            Console.WriteLine($"search per keystroke over {report.Elements} elements + {report.Uids} UIDs ({timing["count"]} searches): median {timing["median"]!.GetValue<double>():F2} ms, p95 {timing["p95"]!.GetValue<double>():F2} ms, max {timing["max"]!.GetValue<double>():F2} ms");
            Console.WriteLine($"typed into the page (search + list drawn): median {perKey.Order().ElementAt(perKey.Count / 2):F2} ms, max {perKey.Max():F2} ms");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
