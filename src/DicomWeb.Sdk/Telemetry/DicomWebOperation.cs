using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Client;

/// <summary>The DICOMweb operations that get an activity, metrics and a log entry each.</summary>
internal enum DicomWebOperationKind
{
    Search,
    Retrieve,
    Metadata,
    Store,
    Delete,
}

/// <summary>
/// One operation while it runs (a search with its pages, a retrieve, a store with its requests):
/// its activity, what it counted, and the one log entry and the metrics it ends with. Made only
/// when someone listens (an ActivityListener, a MeterListener, a logger at Warning or lower), so
/// that a client nobody observes pays nothing. The requests, retries and bodies of the operation
/// find it through <see cref="Current"/>.
/// </summary>
internal sealed class DicomWebOperation
{
    private static readonly AsyncLocal<DicomWebOperation?> CurrentOperation = new();

    private readonly DicomWebOperationKind _kind;
    private readonly string _method;
    private readonly string _serverAddress;
    private readonly int _serverPort;
    private readonly ILogger? _logger;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _bytesReceived, _bytesSent, _results;
    private int _retries, _lastStatus, _ended;
    private int _stored, _failed, _notSent;
    private string? _path;
    private readonly bool _opaquePath;
    private readonly bool _queryValues;

    /// <param name="kind">The operation.</param>
    /// <param name="level">study, series, instance (or frames, bulkdata).</param>
    /// <param name="resource">What a retrieve asks for: instances, frames, rendered, thumbnail, bulkdata; null for the others.</param>
    /// <param name="method">The HTTP method of its requests.</param>
    /// <param name="root">The DICOMweb root (server.address and server.port).</param>
    /// <param name="logger">The client's logger, if any.</param>
    /// <param name="opaquePath">Whether the URL came from the server (a BulkDataURI): then no part of it is shown.</param>
    /// <param name="queryValues">Whether logs show query values (DicomWebClientOptions.RedactQueryValues = false).</param>
    public DicomWebOperation(DicomWebOperationKind kind, string level, string? resource, HttpMethod method, Uri root, ILogger? logger, bool opaquePath = false, bool queryValues = false)
    {
        _kind = kind;
        _opaquePath = opaquePath;
        _queryValues = queryValues;
        _method = method.Method;
        _serverAddress = root.Host;
        _serverPort = root.Port;
        _logger = logger;
        Activity = DicomWebTelemetry.Source.StartActivity(kind == DicomWebOperationKind.Delete ? "DICOMweb delete" : $"{Service} {Name}", ActivityKind.Internal);
        if (Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag("dicomweb.operation", Name);
            activity.SetTag("dicomweb.service", Service);
            activity.SetTag("dicomweb.level", level);
            if (resource is not null)
                activity.SetTag("dicomweb.resource", resource);
            activity.SetTag("http.request.method", _method);
            activity.SetTag("server.address", _serverAddress);
            activity.SetTag("server.port", _serverPort);
        }
    }

    /// <summary>The operation of the code running now (set for each step of a streamed operation).</summary>
    public static DicomWebOperation? Current
    {
        get => CurrentOperation.Value;
        set => CurrentOperation.Value = value;
    }

    /// <summary>The operation's activity: the parent of the HttpClient activities of its requests.</summary>
    public Activity? Activity { get; }

    public string Name => _kind switch
    {
        DicomWebOperationKind.Search => "search",
        DicomWebOperationKind.Retrieve => "retrieve",
        DicomWebOperationKind.Metadata => "metadata",
        DicomWebOperationKind.Store => "store",
        _ => "delete",
    };

    /// <summary>The PS3.18 service; delete is not one (servers offer it beside WADO-RS).</summary>
    public string Service => _kind switch
    {
        DicomWebOperationKind.Search => "QIDO-RS",
        DicomWebOperationKind.Retrieve or DicomWebOperationKind.Metadata => "WADO-RS",
        DicomWebOperationKind.Store => "STOW-RS",
        _ => "delete",
    };

    /// <summary>Makes this the operation of the code that runs from here in this async flow.</summary>
    public void Enter()
    {
        if (CurrentOperation.Value != this)
            CurrentOperation.Value = this;
    }

    /// <summary>One HTTP request of the operation, answered (status) or not (error).</summary>
    public void Request(HttpMethod method, Uri url, HttpStatusCode? status, Exception? error, TimeSpan elapsed, int attempt)
    {
        string path = _path ??= Show(url);
        if (status is HttpStatusCode code)
            _lastStatus = (int)code;
        if (DicomWebTelemetry.Requests.Enabled)
        {
            var tags = Tags();
            if (status is HttpStatusCode answered)
                tags.Add("http.response.status_code", (int)answered);
            else
                tags.Add("error.type", ErrorType(error));
            DicomWebTelemetry.Requests.Add(1, tags);
        }
        if (_logger is not null && _logger.IsEnabled(LogLevel.Debug))
        {
            string requestPath = Show(url);
            if (status is HttpStatusCode answered)
                DicomWebLog.RequestCompleted(_logger, method.Method, requestPath, attempt, (int)answered, elapsed.TotalMilliseconds);
            else
                DicomWebLog.RequestFailed(_logger, method.Method, requestPath, attempt, ErrorType(error), elapsed.TotalMilliseconds);
        }
    }

    /// <summary>A request about to be sent again after <paramref name="delay"/>.</summary>
    public void Retry(HttpMethod method, Uri url, int retry, int maxRetries, TimeSpan delay, HttpStatusCode? status, Exception? error)
    {
        Interlocked.Increment(ref _retries);
        string reason = status is HttpStatusCode code ? ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture) : ErrorType(error);
        if (DicomWebTelemetry.Retries.Enabled)
        {
            var tags = Tags();
            tags.Add(status is null ? "error.type" : "http.response.status_code", status is HttpStatusCode s ? (int)s : reason);
            DicomWebTelemetry.Retries.Add(1, tags);
        }
        Activity?.AddEvent(new ActivityEvent("dicomweb.retry", tags: new ActivityTagsCollection
        {
            ["dicomweb.retry"] = retry,
            ["dicomweb.retry.delay"] = delay.TotalSeconds,
            [status is null ? "error.type" : "http.response.status_code"] = status is HttpStatusCode st ? (int)st : reason,
        }));
        if (_logger is not null && _logger.IsEnabled(LogLevel.Information))
            DicomWebLog.Retrying(_logger, method.Method, Show(url), status is null ? "no response (" + reason + ")" : "status " + reason, retry, maxRetries, delay.TotalMilliseconds);
    }

    public void Received(long bytes) => Interlocked.Add(ref _bytesReceived, bytes);

    public void Sent(long bytes) => Interlocked.Add(ref _bytesSent, bytes);

    /// <summary>A result handed to the caller: a search result, a metadata data set, a part.</summary>
    public void Result(object? item)
    {
        long count = Interlocked.Increment(ref _results);
        if (item is DicomPart part && _logger is not null && _logger.IsEnabled(LogLevel.Debug))
            DicomWebLog.PartReceived(_logger, Name, count, part.MediaType);
    }

    public void Page(int page, int results)
    {
        if (_logger is not null && _logger.IsEnabled(LogLevel.Debug))
            DicomWebLog.SearchPage(_logger, page, results);
    }

    public void Stored(StowResult result)
    {
        _stored = result.Stored.Count;
        _failed = result.Failed.Count;
        _notSent = result.NotSent.Count;
        if (_logger is not null && _logger.IsEnabled(LogLevel.Debug))
            DicomWebLog.StoreOutcome(_logger, _stored, _failed, _notSent);
    }

    /// <summary>Ends the operation (once): the activity stops with its counts and status, the metrics and the log entry are written.</summary>
    public void End(Exception? error)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
            return;
        TimeSpan elapsed = Stopwatch.GetElapsedTime(_started);
        int status = error is DicomWebException { StatusCode: HttpStatusCode code } ? (int)code : _lastStatus;
        string? errorType = error is null ? null : ErrorType(error);
        long results = _kind == DicomWebOperationKind.Store ? _stored : Interlocked.Read(ref _results);
        long received = Interlocked.Read(ref _bytesReceived), sent = Interlocked.Read(ref _bytesSent);

        if (Activity is Activity activity)
        {
            if (activity.IsAllDataRequested)
            {
                if (_path is not null)
                    activity.SetTag("url.template", Template(_path));
                if (status != 0)
                    activity.SetTag("http.response.status_code", status);
                activity.SetTag("dicomweb.results", results);
                activity.SetTag("dicomweb.retries", _retries);
                activity.SetTag("dicomweb.bytes.received", received);
                if (sent > 0)
                    activity.SetTag("dicomweb.bytes.sent", sent);
                if (_kind == DicomWebOperationKind.Store)
                {
                    activity.SetTag("dicomweb.instances.stored", _stored);
                    activity.SetTag("dicomweb.instances.failed", _failed + _notSent);
                }
            }
            if (errorType is not null)
            {
                activity.SetTag("error.type", errorType);
                activity.SetStatus(ActivityStatusCode.Error, errorType);
            }
            else if (_kind == DicomWebOperationKind.Store && _failed + _notSent > 0)
            {
                // The call returned a result, but not everything was stored: an error for whoever watches.
                activity.SetTag("error.type", "dicomweb.instances_failed");
                activity.SetStatus(ActivityStatusCode.Error, "not every instance was stored");
            }
            activity.Stop();
        }

        if (DicomWebTelemetry.OperationDuration.Enabled || DicomWebTelemetry.Operations.Enabled)
        {
            var tags = Tags();
            if (status != 0)
                tags.Add("http.response.status_code", status);
            if (errorType is not null)
                tags.Add("error.type", errorType);
            DicomWebTelemetry.OperationDuration.Record(elapsed.TotalSeconds, tags);
            DicomWebTelemetry.Operations.Add(1, tags);
        }
        if (DicomWebTelemetry.Bytes.Enabled)
        {
            var tags = Tags();
            tags.Add("network.io.direction", "receive");
            DicomWebTelemetry.Bytes.Add(received, tags);
            if (sent > 0)
            {
                tags = Tags();
                tags.Add("network.io.direction", "transmit");
                DicomWebTelemetry.Bytes.Add(sent, tags);
            }
        }
        if (DicomWebTelemetry.Results.Enabled && _kind != DicomWebOperationKind.Store && _kind != DicomWebOperationKind.Delete)
            DicomWebTelemetry.Results.Add(results, Tags());
        if (DicomWebTelemetry.StoredInstances.Enabled && _kind == DicomWebOperationKind.Store)
        {
            foreach ((string outcome, int count) in new[] { ("stored", _stored), ("failed", _failed), ("not_sent", _notSent) })
            {
                var tags = Tags();
                tags.Add("dicomweb.stow.outcome", outcome);
                DicomWebTelemetry.StoredInstances.Add(count, tags);
            }
        }
        if (_logger is not null)
        {
            string path = _path ?? "-";
            if (errorType is not null)
                DicomWebLog.OperationFailed(_logger, Name, Service, _method, path, errorType, status, elapsed.TotalMilliseconds, results, received, sent, _retries);
            else
                DicomWebLog.OperationCompleted(_logger, Name, Service, _method, path, status, elapsed.TotalMilliseconds, results, received, sent, _retries);
        }
    }

    private string Show(Uri url) => _opaquePath ? "{BulkDataURI}" : SafePath(url, _queryValues);

    private TagList Tags() => new()
    {
        { "dicomweb.operation", Name },
        { "dicomweb.service", Service },
        { "http.request.method", _method },
        { "server.address", _serverAddress },
        { "server.port", _serverPort },
    };

    /// <summary>
    /// error.type as OpenTelemetry defines it: the status code for an HTTP error, else the type of
    /// the exception that ended the call (the inner one for a DicomWebException that wraps one).
    /// </summary>
    public static string ErrorType(Exception? error) => error switch
    {
        null => "_OTHER",
        DicomWebException { StatusCode: HttpStatusCode code } => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
        DicomWebException { InnerException: Exception inner } when inner is not DicomWebException => inner.GetType().FullName ?? "_OTHER",
        _ => error.GetType().FullName ?? "_OTHER",
    };

    /// <summary>
    /// A URL as logs may show it: the path with every UID-like segment (digits and dots) and frame
    /// list replaced, and the query as exception messages show it (values REDACTED unless
    /// <paramref name="queryValues"/>, those of value-free parameters kept), e.g.
    /// "/dicom-web/studies/{uid}/series?Modality=REDACTED&amp;limit=100". Never user information.
    /// </summary>
    public static string SafePath(Uri url, bool queryValues = false)
    {
        if (!url.IsAbsoluteUri)
            return "-";
        var text = new StringBuilder();
        foreach (string segment in url.AbsolutePath.Split('/'))
        {
            if (text.Length > 0 || segment.Length > 0)
                text.Append('/');
            text.Append(segment.Length > 0 && segment.All(c => char.IsAsciiDigit(c) || c == '.') ? "{uid}"
                : segment.Length > 0 && segment.All(c => char.IsAsciiDigit(c) || c == ',' || c == '%') ? "{frames}"
                : segment.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) ? "{value}"
                : segment);
        }
        string query = url.Query;
        int fragment = query.IndexOf('#', StringComparison.Ordinal);   // a URL made without canonicalization keeps it in the query
        if (fragment >= 0)
            query = query[..fragment];
        if (query.Length > 1)
            text.Append('?').Append(UrlRedaction.Query(query[1..], queryValues));
        return text.ToString();
    }

    // The path without its query: low cardinality, for url.template.
    private static string Template(string safePath)
    {
        int query = safePath.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? safePath : safePath[..query];
    }
}
