using System.Text.Json;
using DicomWeb.Docs.Tests.Browser;

namespace DicomWeb.Docs.Tests;

/// <summary>The site built once into a temporary folder (in-process, as the test command builds it), and one browser for the tests that need it.</summary>
public sealed class SiteFixture : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("dicomweb-docs-site-").FullName;

    public SiteBuildReport Report { get; private set; } = null!;

    /// <summary>The data the page loads, parsed from dictionary-data.js.</summary>
    public JsonElement Data { get; private set; }

    public string IndexUrl => new Uri(Report.IndexPath).AbsoluteUri;

    private HeadlessBrowser? _browser;

    /// <summary>The browser, started on first use (only tests that can run with chromium ask).</summary>
    public async Task<HeadlessBrowser> BrowserAsync() =>
        _browser ??= await HeadlessBrowser.StartAsync(Chromium.Executable ?? throw new InvalidOperationException(Chromium.Problem));

    public Task InitializeAsync()
    {
        Report = TagLookupSite.Build(Folder);
        string script = File.ReadAllText(Path.Combine(Folder, "dictionary-data.js"));
        const string prefix = "window.DICOM_DICTIONARY = ";
        Data = JsonDocument.Parse(script[prefix.Length..script.LastIndexOf(';')]).RootElement.Clone();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>
{
    public const string Name = "Tag-lookup site";
}
