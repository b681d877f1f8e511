using DicomWeb.Client;
using DicomWeb.Sdk.Tests.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DicomWeb.Hosting.Tests;

/// <summary>Each form of AddDicomWebClient in the generic host, against an in-process server.</summary>
public sealed class RegistrationTests
{
    private static HostApplicationBuilder NewHost(params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return builder;
    }

    private static async Task<int> CountAsync(IDicomWebClient client)
    {
        int count = 0;
        await foreach (DicomDataset _ in client.SearchAsync(Qido.Studies()))
            count++;
        return count;
    }

    [Fact]
    public async Task Options_set_in_code_reach_the_client()
    {
        await using FakeServer server = await Servers.StudiesAsync(5);
        HostApplicationBuilder builder = NewHost();
        IHttpClientBuilder http = builder.Services.AddDicomWebClient(options =>
        {
            options.BaseAddress = server.Root;
            options.QidoPageSize = 2;
        });
        Assert.Equal(DicomWebServiceCollectionExtensions.DefaultClientName, http.Name);
        using IHost host = builder.Build();
        await host.StartAsync();

        Assert.Equal(5, await CountAsync(host.Services.GetRequiredService<IDicomWebClient>()));
        Assert.Equal(3, server.Requests.Count); // pages of 2: the QidoPageSize set in code
        Assert.All(server.Requests, r => Assert.Contains("limit=2", r, StringComparison.Ordinal));
        Assert.IsType<DicomWebClient>(host.Services.GetRequiredService<DicomWebClient>());
        await host.StopAsync();
    }

    [Fact]
    public async Task Options_bound_from_a_configuration_section_reach_the_client()
    {
        await using FakeServer server = await Servers.StudiesAsync(7);
        HostApplicationBuilder builder = NewHost(
            ("DicomWeb:BaseAddress", server.Root.AbsoluteUri), ("DicomWeb:QidoPageSize", "3"), ("DicomWeb:QidoPrefix", "qido/"), ("DicomWeb:QuoteMultipartType", "false"),
            ("DicomWeb:ResponseIdleTimeout", "00:00:30"), ("DicomWeb:MaxStowResponseBytes", "1048576"),
            ("DicomWeb:ResponseHeadersTimeout", "00:00:20"), ("DicomWeb:Retry:MaxRetries", "4"), ("DicomWeb:Retry:MaxDelay", "00:00:05"),
            ("DicomWeb:RedactQueryValues", "false"));
        builder.Services.AddDicomWebClient(builder.Configuration.GetSection("DicomWeb"));
        using IHost host = builder.Build();
        await host.StartAsync();

        DicomWebClientOptions options = host.Services.GetRequiredService<IOptionsMonitor<DicomWebClientOptions>>().Get(DicomWebServiceCollectionExtensions.DefaultClientName);
        Assert.Equal(new DicomWebClientOptions
        {
            BaseAddress = server.Root, QidoPageSize = 3, QidoPrefix = "qido/", QuoteMultipartType = false,
            ResponseIdleTimeout = TimeSpan.FromSeconds(30), MaxStowResponseBytes = 1048576,
            ResponseHeadersTimeout = TimeSpan.FromSeconds(20), Retry = { MaxRetries = 4, MaxDelay = TimeSpan.FromSeconds(5) }, RedactQueryValues = false,
            LoggerFactory = host.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(), // the container's, set by AddDicomWebClient
        }, options);
        Assert.Equal(7, await CountAsync(host.Services.GetRequiredService<IDicomWebClient>()));
        Assert.Equal(["/dicom-web/qido/studies?limit=3", "/dicom-web/qido/studies?limit=3&offset=3", "/dicom-web/qido/studies?limit=3&offset=6"], server.Requests);
        await host.StopAsync();
    }

    [Fact]
    public async Task Named_clients_reach_their_own_servers()
    {
        await using FakeServer first = await Servers.StudiesAsync(1);
        await using FakeServer second = await Servers.StudiesAsync(2);
        HostApplicationBuilder builder = NewHost(("Archive:BaseAddress", second.Root.AbsoluteUri));
        builder.Services.AddDicomWebClient("pacs", o => o.BaseAddress = first.Root);
        builder.Services.AddDicomWebClient("archive", builder.Configuration.GetSection("Archive"));
        using IHost host = builder.Build();
        await host.StartAsync();

        var factory = host.Services.GetRequiredService<IDicomWebClientFactory>();
        Assert.Equal(1, await CountAsync(factory.CreateClient("pacs")));
        Assert.Equal(2, await CountAsync(factory.CreateClient("archive")));
        Assert.Single(first.Requests);
        Assert.Single(second.Requests);
        var unknown = Assert.Throws<InvalidOperationException>(() => factory.CreateClient("other"));
        Assert.Contains("\"other\"", unknown.Message, StringComparison.Ordinal);
        Assert.Null(host.Services.GetService<IDicomWebClient>()); // no default client was registered
        await host.StopAsync();
    }

    [Theory]
    [InlineData(null, "DicomWeb:BaseAddress is missing")]
    [InlineData("ftp://pacs.example.org/dicom-web/", "DicomWeb:BaseAddress has the scheme \"ftp\"")]
    [InlineData("dicom-web/", "DicomWeb:BaseAddress is not an absolute URI")]
    [InlineData("https://admin:s3cret-pw@pacs.example.org/dicom-web/", "DicomWeb:BaseAddress carries user information")]
    public async Task A_bad_base_address_in_configuration_stops_the_host_at_start_naming_the_setting(string? baseAddress, string expected)
    {
        HostApplicationBuilder builder = NewHost(("DicomWeb:BaseAddress", baseAddress), ("DicomWeb:QidoPageSize", "10"));
        builder.Services.AddDicomWebClient(builder.Configuration.GetSection("DicomWeb"));
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_base_address_set_in_code_names_the_option_and_the_client()
    {
        HostApplicationBuilder builder = NewHost();
        builder.Services.AddDicomWebClient("archive", o => o.QidoPageSize = 0);
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("DicomWebClientOptions[\"archive\"].BaseAddress is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("DicomWebClientOptions[\"archive\"].QidoPageSize must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handlers_chained_on_the_returned_builder_see_every_request()
    {
        await using FakeServer server = await FakeServer.StartAsync(async context =>
        {
            bool tagged = context.Request.Headers["X-Tenant"] == "radiology";
            context.Response.StatusCode = tagged ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden;
            await Servers.WriteStudiesAsync(context, 1);
        });
        var counter = new CountingHandler();
        HostApplicationBuilder builder = NewHost();
        builder.Services.AddDicomWebClient(o => o.BaseAddress = server.Root)
            .AddHttpMessageHandler(() => counter)
            .ConfigureHttpClient(http => http.DefaultRequestHeaders.Add("X-Tenant", "radiology"));
        using IHost host = builder.Build();

        Assert.Equal(1, await CountAsync(host.Services.GetRequiredService<IDicomWebClient>()));
        Assert.Equal(1, counter.Count);
    }

    [Fact]
    public async Task What_a_client_learns_about_its_server_survives_transient_instances()
    {
        // A server that refuses the quoted multipart type parameter (406) and takes it unquoted.
        await using FakeServer server = await FakeServer.StartAsync(async context =>
        {
            if (context.Request.Headers.Accept.ToString().Contains("type=\"", StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status406NotAcceptable;
                return;
            }
            context.Response.ContentType = "multipart/related; type=\"application/dicom\"; boundary=b";
            await context.Response.WriteAsync("--b\r\nContent-Type: application/dicom\r\n\r\nDICM\r\n--b--\r\n");
        });
        HostApplicationBuilder builder = NewHost();
        builder.Services.AddDicomWebClient(o => o.BaseAddress = server.Root);
        using IHost host = builder.Build();

        IDicomWebClient first = host.Services.GetRequiredService<IDicomWebClient>();
        IDicomWebClient second = host.Services.GetRequiredService<IDicomWebClient>();
        Assert.NotSame(first, second);
        await foreach (DicomPart part in first.RetrieveAsync(Wado.Study("1.2.3")))
            await part.Content.CopyToAsync(Stream.Null);
        Assert.Equal(2, server.Requests.Count); // quoted, refused; unquoted, served
        await foreach (DicomPart part in second.RetrieveAsync(Wado.Study("1.2.3")))
            await part.Content.CopyToAsync(Stream.Null);
        Assert.Equal(3, server.Requests.Count); // the second client asked unquoted at once
        Assert.DoesNotContain("type=\"", server.AcceptHeaders[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_to_another_origin_is_not_followed_so_handler_headers_stay_home()
    {
        await using FakeServer elsewhere = await Servers.StudiesAsync(1);
        await using FakeServer server = await FakeServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = new Uri(elsewhere.Root, "studies").AbsoluteUri;
            return Task.CompletedTask;
        });
        HostApplicationBuilder builder = NewHost();
        builder.Services.AddDicomWebClient(o => o.BaseAddress = server.Root).AddBasicAuthentication("user", "password");
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<DicomWebException>(() => CountAsync(host.Services.GetRequiredService<IDicomWebClient>()));
        Assert.Contains("another origin", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.Empty(elsewhere.Requests); // the HttpClient did not follow it on its own
    }

    [Fact]
    public async Task A_bad_limit_in_configuration_stops_the_host_naming_the_setting()
    {
        HostApplicationBuilder builder = NewHost(("Pacs:BaseAddress", "https://pacs.example.org/dicom-web/"), ("Pacs:ResponseIdleTimeout", "-00:00:05"), ("Pacs:MaxRedirects", "-1"));
        builder.Services.AddDicomWebClient("pacs", builder.Configuration.GetSection("Pacs"));
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Pacs:ResponseIdleTimeout must be positive", error.Message, StringComparison.Ordinal);
        Assert.Contains("Pacs:MaxRedirects cannot be negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_host_the_options_are_checked_when_the_client_is_made()
    {
        var services = new ServiceCollection();
        services.AddDicomWebClient(new ConfigurationBuilder().AddInMemoryCollection([new("DicomWeb:QidoPageSize", "5")]).Build().GetSection("DicomWeb"));
        using ServiceProvider provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IDicomWebClient>());
        Assert.Contains("DicomWeb:BaseAddress is missing", error.Message, StringComparison.Ordinal);
    }
}
