using Microsoft.AspNetCore.Cors.Infrastructure;

namespace DicomWeb.Server;

/// <summary>
/// CORS for browser viewers on another origin: what a DICOMweb client in a page sends and must
/// read. The origins are the application's choice (<c>WithOrigins</c>); this adds the methods,
/// request headers and exposed response headers DICOMweb needs.
/// </summary>
/// <example><code>
/// builder.Services.AddCors(cors => cors.AddPolicy("viewer", policy => policy.WithOrigins("https://viewer.example.org").AllowDicomWeb()));
/// app.UseCors();
/// app.MapDicomWeb("/dicom-web", store).RequireCors("viewer");
/// </code></example>
public static class DicomWebCorsPolicyBuilderExtensions
{
    /// <summary>The response headers a page's script may read: part and range descriptions, warnings, lengths.</summary>
    public static IReadOnlyList<string> ExposedHeaders { get; } = ["Content-Type", "Content-Length", "Content-Location", "Content-Range", "Warning"];

    /// <summary>
    /// Allows GET, POST, DELETE (and the preflight's OPTIONS) with the request headers DICOMweb
    /// clients send (Accept, Content-Type, Range, Authorization), and exposes
    /// <see cref="ExposedHeaders"/>. Credentials are not allowed here: call AllowCredentials
    /// yourself if cookies must go with the requests.
    /// </summary>
    public static CorsPolicyBuilder AllowDicomWeb(this CorsPolicyBuilder policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.WithMethods("GET", "POST", "DELETE", "OPTIONS")
            .WithHeaders("Accept", "Content-Type", "Range", "Authorization")
            .WithExposedHeaders([.. ExposedHeaders]);
    }
}
