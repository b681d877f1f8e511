using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Client;

// Observability: every public operation runs inside a DicomWebOperation when anyone listens
// (ActivityListener, MeterListener, a logger), and as it is when nobody does.
public sealed partial class DicomWebClient
{
    /// <summary>
    /// The name of the SDK's <see cref="System.Diagnostics.ActivitySource"/> and
    /// <see cref="System.Diagnostics.Metrics.Meter"/>: "DicomWeb". Each operation (search, retrieve,
    /// metadata, store, delete) is an activity, the parent of the HttpClient activities of its
    /// requests; the meter counts operations, requests, retries, bytes and stored instances and
    /// measures durations in seconds (docs/resilience.md lists every name and attribute).
    /// </summary>
    /// <example><code>
    /// builder.Services.AddOpenTelemetry()
    ///     .WithTracing(t => t.AddSource(DicomWebClient.TelemetryName).AddHttpClientInstrumentation())
    ///     .WithMetrics(m => m.AddMeter(DicomWebClient.TelemetryName));
    /// </code></example>
    public const string TelemetryName = "DicomWeb";

    private ILogger? _logger;

    private ILogger? Logger => _logger ??= _options.LoggerFactory?.CreateLogger<DicomWebClient>();

    private bool Observed => DicomWebTelemetry.Listening || Logger is { } logger && logger.IsEnabled(LogLevel.Warning);

    /// <summary>An operation when anyone listens, else null (nothing is allocated for it).</summary>
    private DicomWebOperation? StartOperation(DicomWebOperationKind kind, string level, string? resource, HttpMethod method, bool opaquePath = false)
    {
        if (!Observed)
            return null;
        ILogger? logger = Logger;
        return new DicomWebOperation(kind, level, resource, method, _root, logger is not null && logger.IsEnabled(LogLevel.Warning) ? logger : null, opaquePath, !_options.RedactQueryValues);
    }

    /// <summary>A streamed operation, observed from its first step to its last (or until the caller stops).</summary>
    private IAsyncEnumerable<T> Observe<T>(IAsyncEnumerable<T> source, DicomWebOperationKind kind, string level, string? resource = null, bool opaquePath = false) =>
        Observed ? ObserveAsync(source, kind, level, resource, opaquePath) : source;

    private async IAsyncEnumerable<T> ObserveAsync<T>(IAsyncEnumerable<T> source, DicomWebOperationKind kind, string level, string? resource, bool opaquePath,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Started at the first step, not when the enumerable was made: that is when the operation begins.
        DicomWebOperation? operation = StartOperation(kind, level, resource, HttpMethod.Get, opaquePath);
        if (operation is null)
        {
            await foreach (T item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
                yield return item;
            yield break;
        }
        Exception? error = null;
        IAsyncEnumerator<T>? items = null;
        try
        {
            while (true)
            {
                try
                {
                    // Each step runs in the caller's async flow. The operation is current for the first
                    // one, where the source sends its request and captures what it needs (a search keeps
                    // the operation and enters it again for each page): setting it for every result would
                    // cost an execution context per result.
                    if (items is null)
                    {
                        operation.Enter();
                        items = source.GetAsyncEnumerator(cancellationToken);
                    }
                    if (!await items.MoveNextAsync().ConfigureAwait(false))
                        break;
                }
                catch (Exception e)
                {
                    error = e;
                    throw;
                }
                operation.Result(items.Current);
                yield return items.Current;
            }
        }
        finally
        {
            if (items is not null)
                await items.DisposeAsync().ConfigureAwait(false);
            operation.End(error);
        }
    }

    /// <summary>A store, observed.</summary>
    private Task<StowResult> ObserveStore(IEnumerable<StowInstance> instances, StowOptions? options, IProgress<StowProgress>? progress, CancellationToken cancellationToken) =>
        Observed ? ObservedStoreAsync(instances, options, progress, cancellationToken) : StoreInstancesAsync(instances, options, progress, cancellationToken);

    // Async, so that the activity made current here (and the operation) never outlive the call in the caller's flow.
    private async Task<StowResult> ObservedStoreAsync(IEnumerable<StowInstance> instances, StowOptions? options, IProgress<StowProgress>? progress, CancellationToken cancellationToken)
    {
        DicomWebOperation? operation = StartOperation(DicomWebOperationKind.Store, options?.StudyInstanceUid is null ? "studies" : "study", null, HttpMethod.Post);
        if (operation is null)
            return await StoreInstancesAsync(instances, options, progress, cancellationToken).ConfigureAwait(false);
        operation.Enter();
        try
        {
            StowResult result = await StoreInstancesAsync(instances, options, progress, cancellationToken).ConfigureAwait(false);
            operation.Stored(result);
            operation.End(null);
            return result;
        }
        catch (Exception e)
        {
            if (e is StowCanceledException canceled)
                operation.Stored(canceled.Result);
            operation.End(e);
            throw;
        }
    }

    /// <summary>A delete, observed.</summary>
    private async Task ObserveDeleteAsync(WadoResource resource, Func<Task> delete)
    {
        DicomWebOperation? operation = StartOperation(DicomWebOperationKind.Delete, Level(resource), null, HttpMethod.Delete);
        if (operation is null)
        {
            await delete().ConfigureAwait(false);
            return;
        }
        operation.Enter();
        try
        {
            await delete().ConfigureAwait(false);
            operation.End(null);
        }
        catch (Exception e)
        {
            operation.End(e);
            throw;
        }
    }

    private static string Level(WadoResource resource) =>
        resource.IsFrames ? "frames" : resource.SopInstanceUid is not null ? "instance" : resource.SeriesInstanceUid is not null ? "series" : "study";

    private static string Level(QidoQuery query) => query.Level switch
    {
        QidoLevel.Studies => "study",
        QidoLevel.Series => "series",
        _ => "instance",
    };
}
