using System.Collections.Concurrent;
using DicomWeb.Client;
using Microsoft.Extensions.Options;

namespace DicomWeb.Hosting;

/// <summary>
/// Makes a <see cref="DicomWebClient"/> over the named HttpClient of IHttpClientFactory, with the
/// named options, and one <see cref="DicomWebServerState"/> per name and base address.
/// </summary>
internal sealed class DicomWebClientFactory(IHttpClientFactory httpClients, IOptionsMonitor<DicomWebClientOptions> options, IEnumerable<DicomWebClientRegistration> registrations)
    : IDicomWebClientFactory
{
    private readonly HashSet<string> _names = [.. registrations.Select(r => r.Name)];
    private readonly ConcurrentDictionary<(string Name, Uri? BaseAddress), DicomWebServerState> _servers = new();

    public IDicomWebClient CreateClient(string name) => Create(name);

    public DicomWebClient Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_names.Contains(name))
            throw new InvalidOperationException($"No DICOMweb client named \"{name}\" is registered: add it with services.AddDicomWebClient(\"{name}\", ...).");
        DicomWebClientOptions current = options.Get(name);
        DicomWebServerState server = _servers.GetOrAdd((name, current.BaseAddress), static (_, o) => new DicomWebServerState(o), current);
        return new DicomWebClient(httpClients.CreateClient(name), current, server);
    }
}
