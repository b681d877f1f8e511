using System.Collections.Concurrent;
using DicomWeb.Client;
using DicomWeb.Folder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DicomWeb.Hosting;

/// <summary>
/// Makes a <see cref="DicomWebClient"/> over the named HttpClient of IHttpClientFactory, with the
/// named options, and one <see cref="DicomWebServerState"/> per name and base address; or hands
/// out the one <see cref="DicomFolderClient"/> of a name registered as a folder, opened on first use
/// and closed with the container.
/// </summary>
internal sealed class DicomWebClientFactory(
    IServiceProvider services,
    IEnumerable<DicomWebClientRegistration> registrations,
    IEnumerable<DicomFolderStoreRegistration> folders)
    : IDicomWebClientFactory, IDisposable
{
    private readonly HashSet<string> _names = [.. registrations.Select(r => r.Name)];
    private readonly Dictionary<string, DicomFolderStoreRegistration> _folders = folders.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.Last());
    private readonly ConcurrentDictionary<(string Name, Uri? BaseAddress), DicomWebServerState> _servers = new();
    private readonly ConcurrentDictionary<string, Lazy<DicomFolderClient>> _openFolders = new();

    public IDicomWebClient CreateClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _folders.ContainsKey(name) ? OpenFolder(name) : Create(name);
    }

    public DicomWebClient Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_names.Contains(name))
        {
            throw new InvalidOperationException(_folders.ContainsKey(name)
                ? $"The DICOMweb store \"{name}\" is a folder (DicomFolderClient), not a server: ask for IDicomWebClient."
                : $"No DICOMweb client named \"{name}\" is registered: add it with services.AddDicomWebClient(\"{name}\", ...).");
        }
        // Resolved here rather than injected, so that an app with folder stores only needs no HTTP services.
        DicomWebClientOptions current = services.GetRequiredService<IOptionsMonitor<DicomWebClientOptions>>().Get(name);
        DicomWebServerState server = _servers.GetOrAdd((name, current.BaseAddress), static (_, o) => new DicomWebServerState(o), current);
        return new DicomWebClient(services.GetRequiredService<IHttpClientFactory>().CreateClient(name), current, server);
    }

    public DicomFolderClient OpenFolder(string name)
    {
        if (!_folders.TryGetValue(name, out DicomFolderStoreRegistration? folder))
            throw new InvalidOperationException($"No DICOMweb folder store named \"{name}\" is registered: add it with services.AddDicomFolderStore(\"{name}\", folder).");
        return _openFolders.GetOrAdd(name, _ => new Lazy<DicomFolderClient>(() => DicomFolderClient.Open(folder.Folder, folder.Options))).Value;
    }

    public void Dispose()
    {
        foreach (Lazy<DicomFolderClient> opened in _openFolders.Values)
        {
            if (opened.IsValueCreated)
                opened.Value.Dispose();
        }
    }

}
