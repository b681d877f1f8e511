using DicomWeb.Client;
using Microsoft.Extensions.Options;

namespace DicomWeb.Hosting;

/// <summary>
/// Checks the options of every registered client when they are first used (and at start with
/// ValidateOnStart): an absolute http(s) base address without user information, and positive limits.
/// Errors name the setting, never its value (a URI may carry credentials).
/// </summary>
internal sealed class DicomWebClientOptionsValidator(IEnumerable<DicomWebClientRegistration> registrations) : IValidateOptions<DicomWebClientOptions>
{
    private readonly DicomWebClientRegistration[] _registrations = [.. registrations];

    public ValidateOptionsResult Validate(string? name, DicomWebClientOptions options)
    {
        DicomWebClientRegistration? registration = _registrations.LastOrDefault(r => r.Name == name);
        if (registration is null)
            return ValidateOptionsResult.Skip;
        var failures = new List<string>();
        string baseAddress = registration.Setting(nameof(DicomWebClientOptions.BaseAddress));
        if (options.BaseAddress is not Uri uri)
            failures.Add($"{baseAddress} is missing: set it to the DICOMweb root of the server, e.g. https://pacs.example.org/dicom-web/ (DICOMweb client \"{registration.Name}\").");
        else if (!uri.IsAbsoluteUri)
            failures.Add($"{baseAddress} is not an absolute URI: give the whole DICOMweb root, e.g. https://pacs.example.org/dicom-web/ (DICOMweb client \"{registration.Name}\").");
        else if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            failures.Add($"{baseAddress} has the scheme \"{uri.Scheme}\": DICOMweb needs http or https (DICOMweb client \"{registration.Name}\").");
        else if (uri.UserInfo.Length > 0)
            failures.Add($"{baseAddress} carries user information: put credentials in AddBasicAuthentication, not in the URI (DICOMweb client \"{registration.Name}\").");
        if (options.QidoPageSize is <= 0)
            failures.Add($"{registration.Setting(nameof(DicomWebClientOptions.QidoPageSize))} must be positive (or absent).");
        if (options.MaxQidoPages <= 0)
            failures.Add($"{registration.Setting(nameof(DicomWebClientOptions.MaxQidoPages))} must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
