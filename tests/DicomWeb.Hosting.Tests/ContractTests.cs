using DicomWeb.Client;
using DicomWeb.Sdk.Tests.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DicomWeb.Hosting.Tests;

/// <summary>The hosting lines of DESIGN.md's "Public API contract, second stage", as written, run against an in-process server.</summary>
public sealed class ContractTests
{
    [Fact]
    public async Task The_second_stage_hosting_contract_compiles_and_behaves_as_commented()
    {
        var authorizations = new List<string>();
        await using FakeServer server = await FakeServer.StartAsync(async context =>
        {
            lock (authorizations)
                authorizations.Add(context.Request.Headers.Authorization.ToString());
            await Servers.WriteStudiesAsync(context, 2);
        });
        await using FakeServer archiveServer = await Servers.StudiesAsync(3);
        Uri archiveUri = archiveServer.Root;
        var services = new ServiceCollection();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([new("DicomWeb:QidoPageSize", "1")]).Build();
        static Task<string> GetTokenAsync(CancellationToken ct) => Task.FromResult("contract-token");

        // As in DESIGN.md (the base address is the test server's instead of pacs.example.org):
        IHttpClientBuilder http = services.AddDicomWebClient(options =>
        {
            options.BaseAddress = server.Root;
            options.QidoPageSize = 100;
        });
        services.AddDicomWebClient(configuration.GetSection("DicomWeb"));    // the same options bound from configuration
        http.AddBasicAuthentication("user", "password");
        http.AddBearerToken(async ct => new BearerToken(await GetTokenAsync(ct), DateTimeOffset.UtcNow.AddMinutes(5)));
        using ServiceProvider provider = services.BuildServiceProvider();
        IDicomWebClient client = provider.GetRequiredService<IDicomWebClient>();   // the WHOLE client API
        services.AddDicomWebClient("archive", o => o.BaseAddress = archiveUri);     // several servers:
        using ServiceProvider withArchive = services.BuildServiceProvider();
        IDicomWebClient archive = withArchive.GetRequiredService<IDicomWebClientFactory>().CreateClient("archive");

        int studies = 0;
        await foreach (DicomDataset _ in client.SearchAsync(Qido.Studies()))
            studies++;
        Assert.Equal(2, studies);
        Assert.Equal(3, server.Requests.Count); // pages of one (QidoPageSize 1 from configuration, bound after the 100 set in code), then an empty one
        Assert.All(authorizations, a => Assert.Equal("Bearer contract-token", a)); // the token handler is nearer the wire
        int archived = 0;
        await foreach (DicomDataset _ in archive.SearchAsync(Qido.Studies()))
            archived++;
        Assert.Equal(3, archived);

        using var owned = new DicomWebClient(new Uri(server.Root.AbsoluteUri),
            new DicomWebClientOptions { ResponseIdleTimeout = TimeSpan.FromSeconds(30) });
        await foreach (DicomDataset _ in owned.SearchAsync(Qido.Studies().Limit(1)))
            studies++;
        Assert.Equal(3, studies);
    }
}
