using DicomWeb.Client;
using DicomWeb.Folder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DicomWeb.Hosting;

/// <summary>
/// Registers a local folder (<see cref="DicomFolderClient"/>) as a DICOMweb store behind the same
/// <see cref="IDicomWebClient"/> and <see cref="IDicomWebClientFactory"/> as a server. The store is
/// opened (and its index brought up to date) when it is first asked for, shared by everyone who asks,
/// and closed with the container. A configuration section with <c>Folder</c> instead of
/// <c>BaseAddress</c> does the same through
/// <see cref="DicomWebServiceCollectionExtensions.AddDicomWebClient(IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/>,
/// so an app switches between a server and a folder by configuration alone.
/// </summary>
/// <example><code>
/// services.AddDicomFolderStore("./dicom-store");             // IDicomWebClient is the folder store
/// services.AddDicomFolderStore("scratch", "/tmp/scratch");   // IDicomWebClientFactory.CreateClient("scratch")
/// </code></example>
public static class DicomFolderStoreServiceCollectionExtensions
{
    /// <summary>Registers the default store (resolved as <see cref="IDicomWebClient"/> and <see cref="DicomFolderClient"/>): the folder <paramref name="folder"/>, created when missing.</summary>
    public static IServiceCollection AddDicomFolderStore(this IServiceCollection services, string folder, DicomFolderOptions? options = null) =>
        services.AddDicomFolderStore(DicomWebServiceCollectionExtensions.DefaultClientName, folder, options);

    /// <summary>Registers the folder <paramref name="folder"/> as the store named <paramref name="name"/> (see <see cref="IDicomWebClientFactory"/>).</summary>
    public static IServiceCollection AddDicomFolderStore(this IServiceCollection services, string name, string folder, DicomFolderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        services.AddSingleton(new DicomFolderStoreRegistration(name, Path.GetFullPath(folder), options ?? new DicomFolderOptions()));
        services.AddDicomWebClientFactory();
        if (name == DicomWebServiceCollectionExtensions.DefaultClientName)
        {
            // Singletons: the store is shared, and the container must not close it at the end of a scope.
            services.TryAddSingleton(provider => provider.GetRequiredService<DicomWebClientFactory>().OpenFolder(name));
            services.TryAddSingleton<IDicomWebClient>(provider => provider.GetRequiredService<DicomFolderClient>());
        }
        return services;
    }

    internal static void AddDicomWebClientFactory(this IServiceCollection services)
    {
        services.TryAddSingleton<DicomWebClientFactory>();
        services.TryAddSingleton<IDicomWebClientFactory>(provider => provider.GetRequiredService<DicomWebClientFactory>());
    }
}
