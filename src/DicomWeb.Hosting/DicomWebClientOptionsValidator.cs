using DicomWeb.Client;
using Microsoft.Extensions.Options;

namespace DicomWeb.Hosting;

/// <summary>
/// Checks the options of every registered client when they are first used (and at start with
/// ValidateOnStart): an absolute http(s) base address without user information, and limits in
/// range (the same ranges DicomWebClient checks, reported here with the setting's name).
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
        if (options.ResponseIdleTimeout != Timeout.InfiniteTimeSpan && (options.ResponseIdleTimeout <= TimeSpan.Zero || options.ResponseIdleTimeout.TotalMilliseconds > int.MaxValue))
            failures.Add($"{registration.Setting(nameof(DicomWebClientOptions.ResponseIdleTimeout))} must be positive (at most 24 days), or -00:00:00.001 for none.");
        if (options.ResponseHeadersTimeout != Timeout.InfiniteTimeSpan && (options.ResponseHeadersTimeout <= TimeSpan.Zero || options.ResponseHeadersTimeout.TotalMilliseconds > int.MaxValue))
            failures.Add($"{registration.Setting(nameof(DicomWebClientOptions.ResponseHeadersTimeout))} must be positive (at most 24 days), or -00:00:00.001 for none.");
        if (options.Retry is not DicomWebRetryOptions retry)
            failures.Add($"{registration.Setting(nameof(DicomWebClientOptions.Retry))} is missing.");
        else
        {
            if (retry.MaxRetries is < 0 or > 100)
                failures.Add($"{registration.Setting(nameof(DicomWebClientOptions.Retry))}:{nameof(DicomWebRetryOptions.MaxRetries)} must be between 0 (no retries) and 100.");
            if (retry.BaseDelay < TimeSpan.Zero || retry.BaseDelay.TotalMilliseconds > int.MaxValue)
                failures.Add($"{registration.Setting(nameof(DicomWebClientOptions.Retry))}:{nameof(DicomWebRetryOptions.BaseDelay)} must be between zero and 24 days.");
            if (retry.MaxDelay < TimeSpan.Zero || retry.MaxDelay.TotalMilliseconds > int.MaxValue)
                failures.Add($"{registration.Setting(nameof(DicomWebClientOptions.Retry))}:{nameof(DicomWebRetryOptions.MaxDelay)} must be between zero and 24 days.");
        }
        if (options.MaxRedirects < 0)
            failures.Add($"{registration.Setting(nameof(DicomWebClientOptions.MaxRedirects))} cannot be negative.");
        if (options.MaxDatasetBytes < 2)
            failures.Add($"{registration.Setting(nameof(DicomWebClientOptions.MaxDatasetBytes))} must be positive.");
        if (options.ErrorBodyExcerptLength < 0)
            failures.Add($"{registration.Setting(nameof(DicomWebClientOptions.ErrorBodyExcerptLength))} cannot be negative.");
        if (options.MaxStowResponseBytes < 0)
            failures.Add($"{registration.Setting(nameof(DicomWebClientOptions.MaxStowResponseBytes))} cannot be negative.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
