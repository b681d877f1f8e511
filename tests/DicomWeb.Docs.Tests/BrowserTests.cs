using System.Text.Json;
using System.Text.Json.Nodes;
using DicomWeb.Docs.Tests.Browser;
using Xunit.Abstractions;

namespace DicomWeb.Docs.Tests;

/// <summary>The site in a real browser: headless Chromium, driven over the DevTools protocol.</summary>
[Collection(SiteCollection.Name)]
public class BrowserTests(SiteFixture site, ITestOutputHelper output)
{
    // Every spelling the issue names, words, VRs, repeating groups, UIDs and nonsense.
    public static readonly string[] ParityQueries =
    [
        "PatientName", "patientname", "patient name", "PATIENT NAME", "Patient's Name", "  patient  name ",
        "(0010,0010)", "0010,0010", "00100010", "0x00100010", "0X00100010", "0010 0010", "(0010, 0010)", "(0010,0010",
        "0010", "(0010,", "7FE0", "(7FE0,0010)", "pixel data", "PixelData",
        "(6002,3000)", "6002,3000", "60023000", "(60xx,3000)", "60xx", "(5010,3000)", "(0028,0410)", "(1000,0010)", "(FFFE,E000)", "fffee000",
        "birth date", "study date", "date", "modality", "modalities in study", "window center", "frame of reference uid", "exposure in µAs",
        "PN", "pn", "DA", "SQ", "UI", "OB", "us",
        "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.4.", "1.2.840.10008.5.1.4.1.1.2", "1.2.",
        "explicit vr little endian", "transfer syntax", "jpeg", "CTImageStorage", "ct image storage", "StudyInstanceUID", "study instance",
        "overlay", "retired", "group length", "face", "a", "x", "1", "0x",
        "", "   ", "!!!", "xyzzyplugh", "(zzzz,0000)", "0xZZ", "ÄÖÜ",
    ];

    [ChromiumFact]
    public async Task The_page_and_DicomDictionary_Search_give_the_same_hits_in_the_same_order()
    {
        HeadlessBrowser browser = await site.BrowserAsync();
        await browser.NavigateAsync(site.IndexUrl);
        var queries = new JsonArray(ParityQueries.Select(q => (JsonNode)q).ToArray());
        JsonArray fromPage = (await browser.EvaluateAsync($"{queries.ToJsonString()}.map(q => TagLookup.search(q, 50))"))!.AsArray();
        int nonEmpty = 0;
        for (int i = 0; i < ParityQueries.Length; i++)
        {
            string[] expected = DicomDictionary.Search(ParityQueries[i], 50).Select(m => m.Key).ToArray();
            string[] actual = fromPage[i]!.AsArray().Select(k => k!.GetValue<string>()).ToArray();
            int differ = Enumerable.Range(0, Math.Max(expected.Length, actual.Length))
                .FirstOrDefault(k => k >= expected.Length || k >= actual.Length || expected[k] != actual[k], -1);
            Assert.True(differ < 0,
                $"'{ParityQueries[i]}' differs at hit {differ}: C# [{string.Join(", ", expected.Skip(differ).Take(5))}] ({expected.Length} hits) vs page [{string.Join(", ", actual.Skip(differ).Take(5))}] ({actual.Length} hits)");
            if (expected.Length > 0)
                nonEmpty++;
        }
        output.WriteLine($"{ParityQueries.Length} queries, {nonEmpty} with hits, identical in C# and in the page");
        Assert.True(nonEmpty > 45);
    }

    [ChromiumFact]
    public async Task Typing_searches_and_the_arrows_and_Enter_open_a_detail_view()
    {
        HeadlessBrowser browser = await site.BrowserAsync();
        await browser.NavigateAsync(site.IndexUrl);
        await browser.EvaluateAsync("document.getElementById('q').focus()");
        await browser.TypeAsync("patient name");
        Assert.Equal("00100010", await FirstResultAsync(browser));
        Assert.Equal("patient name", (await browser.EvaluateAsync("document.getElementById('q').value"))!.GetValue<string>());
        Assert.Equal("?q=patient%20name", (await browser.EvaluateAsync("location.search"))!.GetValue<string>());   // a link to this search

        await browser.PressAsync("ArrowDown");
        await browser.PressAsync("ArrowDown");
        await browser.PressAsync("ArrowUp");
        string second = (await browser.EvaluateAsync("document.querySelector('#results li.active').dataset.key"))!.GetValue<string>();
        Assert.Equal((await browser.EvaluateAsync("document.querySelectorAll('#results li')[1].dataset.key"))!.GetValue<string>(), second);

        await browser.PressAsync("Enter");
        await browser.WaitForAsync($"location.hash === '#{second}' && document.querySelector('#detail h2') !== null");
        Assert.Equal("q", (await browser.EvaluateAsync("document.activeElement.id"))!.GetValue<string>());

        // Enter on the match whose detail is open already shows it again (no hashchange fires).
        await browser.EvaluateAsync("document.getElementById('detail').innerHTML = ''");
        await browser.PressAsync("Enter");
        await browser.WaitForAsync("document.querySelector('#detail h2') !== null");

        await browser.PressAsync("Escape");
        await browser.WaitForAsync("document.getElementById('q').value === '' && document.querySelectorAll('#results li').length === 0");
    }

    [ChromiumFact]
    public async Task A_query_in_the_link_opens_with_that_search()
    {
        HeadlessBrowser browser = await site.BrowserAsync();
        await browser.NavigateAsync(site.IndexUrl + "?q=StudyDate");
        Assert.Equal("StudyDate", (await browser.EvaluateAsync("document.getElementById('q').value"))!.GetValue<string>());
        Assert.Equal("00080020", await FirstResultAsync(browser));

        await browser.NavigateAsync(site.IndexUrl + "?q=" + Uri.EscapeDataString("(6002,3000)"));
        Assert.Equal("60xx3000", await FirstResultAsync(browser));
    }

    [ChromiumFact]
    public async Task An_anchor_opens_the_detail_view_with_tag_type_matchers_model_types_and_JSON()
    {
        HeadlessBrowser browser = await site.BrowserAsync();
        await browser.NavigateAsync(site.IndexUrl + "#00100010");
        string text = await DetailTextAsync(browser);
        output.WriteLine(text);
        Assert.Contains("Patient's Name", text);
        Assert.Contains("(0010,0010)", text);
        Assert.Contains("DicomTags.PatientName : PersonNameTag", text);
        Assert.Contains("Qido.Studies().Where(PatientName.Like(\"Doe*\"))", text);
        Assert.Contains("Qido.Studies().Where(PatientName.Is(\"Doe^Jane\"))", text);
        Assert.Contains("public PersonName? PatientName { get; init; }", text);
        Assert.Contains("\"00100010\"", text);
        Assert.Contains("\"Alphabetic\": \"Doe^Jane\"", text);
        Assert.DoesNotContain("retired", text);

        await browser.NavigateAsync(site.IndexUrl + "#00080020");
        text = await DetailTextAsync(browser);
        Assert.Contains("DicomTags.StudyDate : DateTag", text);
        foreach (string matcher in new[] { "Is", "Between", "From", "Until" })
            Assert.Contains($"StudyDate.{matcher}(", text);
        Assert.DoesNotContain("StudyDate.Like(", text);

        await browser.NavigateAsync(site.IndexUrl + "#0020000D");
        text = await DetailTextAsync(browser);
        Assert.Contains("DicomTags.StudyInstanceUID : UidTag", text);
        Assert.Contains("StudyInstanceUID.In(", text);
        Assert.DoesNotContain("StudyInstanceUID.Like(", text);
    }

    [ChromiumFact]
    public async Task Repeating_groups_retired_elements_and_transfer_syntaxes_have_their_detail_views()
    {
        HeadlessBrowser browser = await site.BrowserAsync();
        await browser.NavigateAsync(site.IndexUrl + "#60023000");
        string text = await DetailTextAsync(browser);
        Assert.Contains("(60xx,3000)", text);
        Assert.Contains("DicomTags.OverlayData(ushort group) : BinaryTag", text);
        Assert.Contains("\"60003000\"", text);

        await browser.NavigateAsync(site.IndexUrl + "#00000001");
        text = await DetailTextAsync(browser);
        Assert.Contains("retired", text);
        Assert.Contains("[Obsolete]", text);
        Assert.Contains("DicomTags.CommandLengthToEnd : NumberTag<uint>", text);
        Assert.Contains("CommandLengthToEnd.Is(42u)", text);

        await browser.NavigateAsync(site.IndexUrl + "#1.2.840.10008.1.2.4.50");
        text = await DetailTextAsync(browser);
        Assert.Contains("DicomUids.JPEGBaseline8Bit", text);
        Assert.Contains("Lossy\nyes", text);
        Assert.Contains("Encapsulated\nyes", text);
        Assert.Contains("little endian", text);

        await browser.NavigateAsync(site.IndexUrl + "?q=retired");
        Assert.True((await browser.EvaluateAsync("document.querySelectorAll('#results .badge.retired').length"))!.GetValue<int>() > 0);
    }

    [ChromiumFact]
    public async Task Each_keystroke_searches_the_whole_dictionary_once_and_draws_the_hits_DicomDictionary_Search_gives()
    {
        // Timings of the same typing are reported by tests/DicomWeb.Benchmarks (--tag-lookup), not asserted here.
        HeadlessBrowser browser = await site.BrowserAsync();
        await browser.NavigateAsync(site.IndexUrl);
        await browser.EvaluateAsync("document.getElementById('q').focus()");
        int searches = (await browser.EvaluateAsync("TagLookup.stats.searches"))!.GetValue<int>();
        string typed = "";
        foreach (char c in "patient birth date")
        {
            await browser.TypeAsync(c.ToString());
            typed += c;
            JsonNode state = (await browser.EvaluateAsync("({ searches: TagLookup.stats.searches, keys: [...document.querySelectorAll('#results li')].map(li => li.dataset.key) })"))!;
            Assert.Equal(++searches, state["searches"]!.GetValue<int>());
            string[] expected = DicomDictionary.Search(typed, 50).Select(m => m.Key).ToArray();
            Assert.Equal(expected, state["keys"]!.AsArray().Select(k => k!.GetValue<string>()).ToArray());
        }
        Assert.Equal("00100030", await FirstResultAsync(browser));   // Patient's Birth Date
    }

    [ChromiumFact]
    public async Task A_screenshot_of_a_search_and_its_detail_view_is_written_to_the_test_output()
    {
        HeadlessBrowser browser = await site.BrowserAsync();
        await browser.NavigateAsync(site.IndexUrl + "?q=" + Uri.EscapeDataString("patient birth") + "#00100030");
        await browser.WaitForAsync("document.querySelector('#detail h2') !== null");
        byte[] png = await browser.ScreenshotAsync();
        string folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "tag-lookup.png");
        await File.WriteAllBytesAsync(path, png);
        output.WriteLine($"screenshot: {path} ({png.Length} bytes)");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        Assert.True(png.Length > 20_000, "the screenshot looks empty");
    }

    private static async Task<string> FirstResultAsync(HeadlessBrowser browser)
    {
        await browser.WaitForAsync("document.querySelector('#results li') !== null");
        return (await browser.EvaluateAsync("document.querySelector('#results li').dataset.key"))!.GetValue<string>();
    }

    private static async Task<string> DetailTextAsync(HeadlessBrowser browser)
    {
        await browser.WaitForAsync("document.querySelector('#detail h2') !== null");
        return (await browser.EvaluateAsync("document.getElementById('detail').innerText"))!.GetValue<string>();
    }
}
