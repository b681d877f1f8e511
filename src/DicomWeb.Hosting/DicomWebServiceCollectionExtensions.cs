using System.Net;
using DicomWeb.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomWeb.Hosting;

/// <summary>
/// Registers DICOMweb clients over IHttpClientFactory. Each registration returns the
/// <see cref="IHttpClientBuilder"/> of its HttpClient, so handlers (authentication, resilience,
/// your own) chain on it. Options are checked at start (ValidateOnStart) and at first use.
/// </summary>
/// <example><code>
/// builder.Services.AddDicomWebClient(builder.Configuration.GetSection("DicomWeb"))
///     .AddBasicAuthentication("orthanc", "secret");
/// // later: IDicomWebClient client (constructor injection)
/// </code></example>
public static class DicomWebServiceCollectionExtensions
{
    /// <summary>The name of the client that <see cref="IDicomWebClient"/> resolves to, and of its options and HttpClient.</summary>
    public const string DefaultClientName = "DicomWeb";

    /// <summary>
    /// Registers the default client (resolved as <see cref="IDicomWebClient"/> and
    /// <see cref="DicomWebClient"/>) with options set in code; <see cref="DicomWebClientOptions.BaseAddress"/> is required.
    /// </summary>
    public static IHttpClientBuilder AddDicomWebClient(this IServiceCollection services, Action<DicomWebClientOptions> configure) =>
        services.AddDicomWebClient(DefaultClientName, configure);

    /// <summary>
    /// Registers the default client with options bound from <paramref name="configuration"/> (e.g.
    /// the section "DicomWeb" holding BaseAddress, QidoPageSize...). The binding is source-generated:
    /// it works under trimming and Native AOT. Environment variables bind as DicomWeb__BaseAddress.
    /// </summary>
    public static IHttpClientBuilder AddDicomWebClient(this IServiceCollection services, IConfiguration configuration) =>
        services.AddDicomWebClient(DefaultClientName, configuration);

    /// <summary>Registers a client named <paramref name="name"/> (see <see cref="IDicomWebClientFactory"/>) with options set in code.</summary>
    public static IHttpClientBuilder AddDicomWebClient(this IServiceCollection services, string name, Action<DicomWebClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        string prefix = name == DefaultClientName ? "DicomWebClientOptions." : $"DicomWebClientOptions[\"{name}\"].";
        return services.Add(name, prefix, options => options.Configure(configure));
    }

    /// <summary>
    /// Registers a client named <paramref name="name"/> with options bound from <paramref name="configuration"/> (AOT-safe).
    /// A section that sets <c>Folder</c> (a path) instead of <c>BaseAddress</c> registers that folder as the
    /// store of this name (<see cref="DicomFolderStoreServiceCollectionExtensions.AddDicomFolderStore(IServiceCollection, string, string, DicomWeb.Folder.DicomFolderOptions?)"/>);
    /// the HttpClient builder returned then serves no store, so its handlers never run.
    /// </summary>
    /// <exception cref="ArgumentException">The section sets both <c>Folder</c> and <c>BaseAddress</c>.</exception>
    public static IHttpClientBuilder AddDicomWebClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string prefix = configuration is IConfigurationSection section ? section.Path + ":" : "";
        if (configuration["Folder"] is { Length: > 0 } folder)
        {
            if (!string.IsNullOrEmpty(configuration["BaseAddress"]))
                throw new ArgumentException($"{prefix}Folder and {prefix}BaseAddress are both set: a DICOMweb store is either a folder or a server (DICOMweb client \"{name}\").", nameof(configuration));
            services.AddDicomFolderStore(name, folder);
            return services.AddHttpClient(name);
        }
        return services.Add(name, prefix, options => options.Bind(configuration));
    }

    private static IHttpClientBuilder Add(this IServiceCollection services, string name, string settingPrefix, Action<OptionsBuilder<DicomWebClientOptions>> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        OptionsBuilder<DicomWebClientOptions> options = services.AddOptions<DicomWebClientOptions>(name);
        configure(options);
        // The client logs through the container's logging unless the options name a factory of their own.
        options.PostConfigure<IServiceProvider>(static (o, provider) => o.LoggerFactory ??= provider.GetService<ILoggerFactory>());
        options.ValidateOnStart();
        services.AddSingleton(new DicomWebClientRegistration(name, settingPrefix));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DicomWebClientOptions>, DicomWebClientOptionsValidator>());
        services.AddDicomWebClientFactory();
        if (name == DefaultClientName)
        {
            services.TryAddTransient(provider => provider.GetRequiredService<DicomWebClientFactory>().Create(DefaultClientName));
            services.TryAddTransient<IDicomWebClient>(provider => provider.GetRequiredService<DicomWebClientFactory>().Create(DefaultClientName));
        }
        return services.AddHttpClient(name)
            .ConfigureHttpClient((provider, http) =>
            {
                http.BaseAddress = provider.GetRequiredService<IOptionsMonitor<DicomWebClientOptions>>().Get(name).BaseAddress;
                // As with the client's own HttpClient: a silent server is ended by ResponseIdleTimeout,
                // while a long upload or download that keeps flowing is never cut.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            // Redirects are followed by the client itself, within the base address's origin only, so
            // that handlers' headers (API keys, tokens) and bodies never reach another origin.
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
            });
    }
}
