using System.Net;
using DicomWeb.Client;
using DicomWeb.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DicomWeb.Hosting.Tests;

/// <summary>A real Orthanc with "AuthenticationEnabled" and "RegisteredUsers": 401 without credentials, served with them.</summary>
public sealed class BasicAuthenticationOrthancTests : IAsyncLifetime
{
    private readonly OrthancServer _orthanc = new(new Dictionary<string, string> { ["radiologist"] = "pässwörd:with-colon" });
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-hosting-").FullName;

    public Task InitializeAsync() => _orthanc.StartAsync();

    public async Task DisposeAsync()
    {
        await _orthanc.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private IHost Host(Action<IHttpClientBuilder>? authenticate)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        IHttpClientBuilder http = builder.Services.AddDicomWebClient(o => o.BaseAddress = _orthanc.DicomWebRoot);
        authenticate?.Invoke(http);
        return builder.Build();
    }

    [Fact]
    public async Task Without_credentials_Orthanc_answers_401()
    {
        using IHost host = Host(null);
        await host.StartAsync();
        IDicomWebClient client = host.Services.GetRequiredService<IDicomWebClient>();

        var error = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomDataset _ in client.SearchAsync(Qido.Studies())) { }
        });
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);

        using IHost wrong = Host(http => http.AddBasicAuthentication("radiologist", "not-the-pw-4f9c"));
        var refused = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomDataset _ in wrong.Services.GetRequiredService<IDicomWebClient>().SearchAsync(Qido.Studies())) { }
        });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        string encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("radiologist:not-the-pw-4f9c"));
        Assert.DoesNotContain("not-the-pw-4f9c", refused.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(encoded, refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_basic_credentials_store_search_and_retrieve_succeed()
    {
        using IHost host = Host(http => http.AddBasicAuthentication("radiologist", "pässwörd:with-colon"));
        await host.StartAsync();
        IDicomWebClient client = host.Services.GetRequiredService<IDicomWebClient>();
        string study = SyntheticInstances.NewUid();
        string path = await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create(study, SyntheticInstances.NewUid(), SyntheticInstances.NewUid()), _folder);

        StowResult stored = await client.StoreAsync([path]);
        Assert.True(stored.AllStored, stored.ToString());

        var found = new List<DicomDataset>();
        await foreach (DicomDataset result in client.SearchAsync(Qido.Studies().Where(DicomTags.StudyInstanceUID.Is(study))))
            found.Add(result);
        Assert.Equal(study, Assert.Single(found).Get(DicomTags.StudyInstanceUID));
        Assert.Single(await client.RetrieveMetadataAsync(Wado.Study(study)));
    }
}
