using System.Text.Json.Nodes;
using DicomWeb.Docs.Tests.Browser;
using Xunit.Abstractions;

namespace DicomWeb.Docs.Tests;

/// <summary>
/// The tag-lookup page opened with any address: query strings and hashes that are not keys of the
/// dictionary — names of Object.prototype's members, malformed percent-encoding, control
/// characters, markup, very long ones — throw nothing, draw no detail, and leave the page working.
/// </summary>
[Collection(SiteCollection.Name)]
public class HostileLinkTests(SiteFixture site, ITestOutputHelper output)
{
    private static readonly string LongHash = string.Concat(Enumerable.Repeat("a%20", 30_000));
    private static readonly string LongQuery = string.Concat(Enumerable.Repeat("patient%20", 10_000));

    public static readonly string[] Links =
    [
        "#__proto__", "#constructor", "#toString", "#hasOwnProperty", "#valueOf", "#__defineGetter__", "#prototype",
        "#%", "#%E0%A4%A", "#%ED%A0%80", "#%FF", "#%00", "#%1B%5B2J", "#%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "#javascript:alert(1)",
        "?q=%", "?q=%E0%A4%A", "?q=__proto__", "?q=constructor", "?q=%00%1B%5B2J", "?q=%3Cscript%3Ealert(1)%3C/script%3E",
        "?q=a&q=b", "?q", "?=&&q=&", "?q=%#%", "?q=__proto__#__proto__", "?%#",
        "#" + LongHash, "?q=" + LongQuery, "?q=" + LongQuery + "#" + LongHash,
    ];

    [ChromiumFact]
    public async Task The_page_survives_any_query_string_and_hash_and_keeps_working()
    {
        HeadlessBrowser browser = await site.BrowserAsync();
        await browser.RecordPageErrorsAsync();
        var failures = new List<string>();
        foreach (string link in Links)
        {
            string shown = link.Length > 60 ? link[..60] + $"... ({link.Length} characters)" : link;
            try
            {
                // Opened with the link: the script runs to its end (NavigateAsync waits for data-ready).
                await browser.NavigateAsync(site.IndexUrl + link);
                await NoErrorsAsync(browser, "on load");
                if (link.StartsWith('#') && link.Length < 100)
                    Assert.Equal(0, (await browser.EvaluateAsync("document.querySelectorAll('#detail h2').length"))!.GetValue<int>());

                // And arriving as a hash change in the running page.
                if (link.Contains('#'))
                {
                    await browser.EvaluateAsync("location.hash = '#00100010'");
                    await browser.WaitForAsync("document.querySelector('#detail h2') !== null");
                    await browser.EvaluateAsync($"location.hash = {JsonValue.Create(link[link.IndexOf('#')..]).ToJsonString()}");
                    await browser.WaitForAsync("document.querySelectorAll('#detail h2').length === 0");
                    await NoErrorsAsync(browser, "on hashchange");
                }

                // Still works: a search typed now, Enter on its first match, a detail link followed now.
                await browser.EvaluateAsync("(() => { const q = document.getElementById('q'); q.value = 'PatientName'; q.dispatchEvent(new Event('input')); })()");
                Assert.Equal("00100010", (await browser.EvaluateAsync("document.querySelector('#results li').dataset.key"))!.GetValue<string>());
                await browser.EvaluateAsync("document.getElementById('q').focus()");
                await browser.PressAsync("Enter");
                await browser.WaitForAsync("location.hash === '#00100010' && document.querySelector('#detail h2') !== null");
                await browser.EvaluateAsync("location.hash = '#00080020'");
                await browser.WaitForAsync("document.querySelector('#detail h2') !== null && document.querySelector('#detail h2').textContent === 'Study Date'");
                await NoErrorsAsync(browser, "afterwards");
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or Xunit.Sdk.XunitException)
            {
                failures.Add($"{shown}: {e.Message}");
            }
        }
        output.WriteLine($"{Links.Length} links, {failures.Count} failed");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task NoErrorsAsync(HeadlessBrowser browser, string when)
    {
        JsonArray errors = (await browser.EvaluateAsync("window.__pageErrors || ['the error recorder did not run']"))!.AsArray();
        Assert.True(errors.Count == 0, $"the page threw {when}: {string.Join("; ", errors.Select(e => e!.GetValue<string>()))}");
    }
}
