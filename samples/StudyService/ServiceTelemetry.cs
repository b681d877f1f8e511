using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace StudyService;

/// <summary>
/// OpenTelemetry export (section "StudyService:Telemetry"), off unless Exporter is "otlp" (the
/// endpoint from the standard OTEL_EXPORTER_OTLP_* variables) or "console". Traces and metrics
/// of the SDK (ActivitySource and Meter "DicomWeb"), of the upstream HttpClient and of ASP.NET Core.
/// </summary>
public static class ServiceTelemetry
{
    /// <summary>The name of the SDK's ActivitySource and Meter (DicomWebClient.TelemetryName).</summary>
    public const string SdkName = "DicomWeb";

    public static void Add(IServiceCollection services, IConfigurationSection section)
    {
        string exporter = section["Exporter"] ?? "none";
        if (exporter == "none")
            return;
        bool otlp = exporter switch
        {
            "otlp" => true,
            "console" => false,
            _ => throw new InvalidOperationException($"{section.Path}:Exporter must be none, otlp or console."),
        };
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(section["ServiceName"] ?? "StudyService"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(SdkName, "System.Net.Http", "Microsoft.AspNetCore");
                if (otlp)
                    tracing.AddOtlpExporter();
                else
                    tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SdkName, "System.Net.Http", "Microsoft.AspNetCore.Hosting");
                if (otlp)
                    metrics.AddOtlpExporter();
                else
                    metrics.AddConsoleExporter();
            });
    }
}
