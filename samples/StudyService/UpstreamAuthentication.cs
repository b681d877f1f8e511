using DicomWeb.Hosting;

namespace StudyService;

/// <summary>
/// Credentials for the upstream DICOMweb server (section "StudyService:Upstream"): Basic with
/// User and Password, or a fixed BearerToken (e.g. from a secret mounted as an environment
/// variable). Neither is ever logged.
/// </summary>
public static class UpstreamAuthentication
{
    public static void Add(IHttpClientBuilder upstream, IConfigurationSection section)
    {
        string? user = section["User"], password = section["Password"], token = section["BearerToken"];
        if (!string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(user))
            throw new InvalidOperationException($"{section.Path}: set either User and Password or BearerToken, not both.");
        if (!string.IsNullOrEmpty(user))
            upstream.AddBasicAuthentication(user, password ?? "");
        else if (!string.IsNullOrEmpty(token))
            upstream.AddBearerToken(_ => ValueTask.FromResult(new BearerToken(token, DateTimeOffset.MaxValue)));
    }
}
