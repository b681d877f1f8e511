using DicomWeb.Client;

namespace DicomWeb.Hosting;

/// <summary>
/// Creates the DICOMweb clients registered by name with
/// <see cref="DicomWebServiceCollectionExtensions.AddDicomWebClient(Microsoft.Extensions.DependencyInjection.IServiceCollection, string, Action{DicomWebClientOptions})"/>.
/// Clients are cheap and short-lived (their HttpClient comes from IHttpClientFactory); what a
/// client learns about its server is kept per name and base address, so it survives them.
/// </summary>
/// <example><code>
/// services.AddDicomWebClient("archive", o => o.BaseAddress = new Uri("https://archive.example.org/dicom-web/"));
/// IDicomWebClient archive = provider.GetRequiredService&lt;IDicomWebClientFactory&gt;().CreateClient("archive");
/// </code></example>
public interface IDicomWebClientFactory
{
    /// <summary>A client of the server registered as <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">No client of that name is registered.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">Its options are invalid (e.g. no BaseAddress).</exception>
    IDicomWebClient CreateClient(string name);
}
