using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DicomWeb.Client;

/// <summary>
/// The ActivitySource and the Meter of the SDK, both named <see cref="DicomWebClient.TelemetryName"/>,
/// and the instruments of the Meter. Names and attributes follow the OpenTelemetry semantic
/// conventions where they apply (server.address, http.request.method, http.response.status_code,
/// error.type, durations in seconds); the rest is under "dicomweb.". No attribute carries a UID,
/// a match value or anything else from the data.
/// </summary>
internal static class DicomWebTelemetry
{
    private static readonly string? Version = typeof(DicomWebTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource Source = new(DicomWebClient.TelemetryName, Version);

    public static readonly Meter Meter = new(DicomWebClient.TelemetryName, Version);

    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>("dicomweb.client.operation.duration", "s",
        "Duration of DICOMweb operations: a search with all its pages, a retrieve until its last part was read, a store with all its requests, retries included."
#if NET9_0_OR_GREATER
        , advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60, 300] }
#endif
        );

    public static readonly Counter<long> Operations = Meter.CreateCounter<long>("dicomweb.client.operations", "{operation}", "DICOMweb operations ended, successful or not.");

    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("dicomweb.client.requests", "{request}", "HTTP requests sent for DICOMweb operations (pages, retries and redirects count once each attempt).");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("dicomweb.client.retries", "{retry}", "Requests sent again after a transient failure (408, 429, 502, 503, 504, no connection, no response headers).");

    public static readonly Counter<long> Bytes = Meter.CreateCounter<long>("dicomweb.client.io", "By", "Bytes of request bodies sent (network.io.direction=transmit) and response bodies read (receive).");

    public static readonly Counter<long> Results = Meter.CreateCounter<long>("dicomweb.client.results", "{result}", "Search results, metadata data sets and retrieved parts handed to the caller.");

    public static readonly Counter<long> StoredInstances = Meter.CreateCounter<long>("dicomweb.client.stow.instances", "{instance}", "STOW-RS instances by outcome (dicomweb.stow.outcome: stored, failed, not_sent).");

    /// <summary>Whether anything listens: an activity listener for the source, or a meter listener on any instrument.</summary>
    public static bool Listening =>
        Source.HasListeners() || OperationDuration.Enabled || Operations.Enabled || Requests.Enabled || Retries.Enabled || Bytes.Enabled || Results.Enabled || StoredInstances.Enabled;
}
