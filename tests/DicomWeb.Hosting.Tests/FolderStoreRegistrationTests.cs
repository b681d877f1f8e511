using DicomWeb.Client;
using DicomWeb.Folder;
using DicomWeb.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DicomWeb.Hosting.Tests;

/// <summary>A folder store registered like a server: by code, by name, and by configuration alone.</summary>
public sealed class FolderStoreRegistrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-hosting-folder-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IHost Build(Action<HostApplicationBuilder> configure, params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        configure(builder);
        return builder.Build();
    }

    private static async Task<string> StoreAndFindAsync(IDicomWebClient client)
    {
        DicomDataset instance = SyntheticInstances.Create(SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), SyntheticInstances.NewUid());
        StowResult stored = await client.StoreAsync([instance]);
        Assert.Single(stored.Stored);
        string study = instance.Get(DicomTags.StudyInstanceUID)!;
        await foreach (DicomDataset found in client.SearchAsync(Qido.Studies().Where(DicomTags.StudyInstanceUID.Is(study))))
            return found.Get(DicomTags.StudyInstanceUID)!;
        throw new Xunit.Sdk.XunitException("the stored study was not found");
    }

    [Fact]
    public async Task A_folder_registered_in_code_is_the_IDicomWebClient_shared_and_closed_with_the_container()
    {
        DicomFolderClient store;
        using (IHost host = Build(b => b.Services.AddDicomFolderStore(_folder)))
        {
            IDicomWebClient client = host.Services.GetRequiredService<IDicomWebClient>();
            store = Assert.IsType<DicomFolderClient>(client);
            Assert.Same(store, host.Services.GetRequiredService<IDicomWebClient>());
            using (IServiceScope scope = host.Services.CreateScope())
                Assert.Same(store, scope.ServiceProvider.GetRequiredService<IDicomWebClient>());
            Assert.Equal(_folder, store.Folder);
            await StoreAndFindAsync(store);   // still open after the scope ended
        }
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.DeleteAsync(Wado.Study(SyntheticInstances.NewUid())));
        Assert.Single(Directory.GetFiles(_folder, "*.dcm", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_named_folder_comes_from_the_factory_beside_a_named_server()
    {
        using IHost host = Build(b =>
        {
            b.Services.AddDicomFolderStore("scratch", _folder);
            b.Services.AddDicomWebClient("archive", o => o.BaseAddress = new Uri("http://127.0.0.1:1/dicom-web/"));
        });
        var factory = host.Services.GetRequiredService<IDicomWebClientFactory>();
        IDicomWebClient scratch = factory.CreateClient("scratch");
        Assert.IsType<DicomFolderClient>(scratch);
        Assert.Same(scratch, factory.CreateClient("scratch"));
        Assert.IsType<DicomWebClient>(factory.CreateClient("archive"));
        Assert.NotNull(await StoreAndFindAsync(scratch));
        var missing = Assert.Throws<InvalidOperationException>(() => factory.CreateClient("other"));
        Assert.Contains("\"other\"", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_code_gets_a_folder_or_a_server_from_configuration_alone()
    {
        static void Register(HostApplicationBuilder b) => b.Services.AddDicomWebClient(b.Configuration.GetSection("DicomWeb"));

        using (IHost folderHost = Build(Register, ("DicomWeb:Folder", _folder)))
        {
            await folderHost.StartAsync();   // ValidateOnStart has nothing to say about a folder
            IDicomWebClient client = folderHost.Services.GetRequiredService<IDicomWebClient>();
            Assert.Equal(_folder, Assert.IsType<DicomFolderClient>(client).Folder);
            Assert.NotNull(await StoreAndFindAsync(client));
            await folderHost.StopAsync();
        }
        using (IHost serverHost = Build(Register, ("DicomWeb:BaseAddress", "http://127.0.0.1:1/dicom-web/")))
        {
            await serverHost.StartAsync();
            Assert.IsType<DicomWebClient>(serverHost.Services.GetRequiredService<IDicomWebClient>());
            await serverHost.StopAsync();
        }
    }

    [Fact]
    public void A_section_with_both_a_folder_and_a_base_address_is_refused_naming_both_settings()
    {
        var e = Assert.Throws<ArgumentException>(() => Build(
            b => b.Services.AddDicomWebClient(b.Configuration.GetSection("DicomWeb")),
            ("DicomWeb:Folder", _folder), ("DicomWeb:BaseAddress", "http://127.0.0.1:1/dicom-web/")));
        Assert.Contains("DicomWeb:Folder and DicomWeb:BaseAddress", e.Message, StringComparison.Ordinal);
    }
}
