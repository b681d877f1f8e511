using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using DicomWeb.Json;

namespace DicomWeb.Client;

// How every request goes out and every response comes in: redirects followed within the origin,
// responses from elsewhere refused, idle timeouts on headers and bodies, errors made DicomWebExceptions.
public sealed partial class DicomWebClient
{
    private static readonly string[] JsonTypes = ["application/dicom+json", "application/json"];

    // Request headers a cross-origin request may keep: they say what is wanted, nothing about who asks.
    private static readonly HashSet<string> PortableHeaders = new(StringComparer.OrdinalIgnoreCase) { "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Range", "User-Agent" };

    private HttpClient? _foreign;   // bare, for redirects to other origins when allowed

    /// <summary>
    /// One attempt of a request (<see cref="SendAsync"/> retries them): sends it and follows redirects: within the base address's origin always (a body only
    /// when <paramref name="body"/> can make it again), to another origin only when the options
    /// allow it and then without body or credentials. The response is returned whatever its status.
    /// </summary>
    /// <param name="method">The method.</param>
    /// <param name="url">The URL, on the base address's origin.</param>
    /// <param name="configure">Sets the request's headers.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <param name="body">Makes the request body, once per attempt; null for none.</param>
    /// <param name="replayable">Whether <paramref name="body"/> can be called more than once.</param>
    private async Task<HttpResponseMessage> SendAttemptAsync(HttpMethod method, Uri url, Action<HttpRequestMessage>? configure, CancellationToken cancellationToken,
        Func<HttpContent>? body = null, bool replayable = true)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Uri current = url;
        HttpMethod currentMethod = method;
        bool foreign = false;
        for (int redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(currentMethod, current);
            configure?.Invoke(request);
            if (foreign)
            {
                foreach (string name in request.Headers.Select(h => h.Key).Where(n => !PortableHeaders.Contains(n)).ToList())
                    request.Headers.Remove(name);
            }
            if (body is not null)
            {
                request.Content = new ProgressContent(body());
                request.Options.Set(DicomWebRequestOptions.Replayable, replayable); // for handlers that would send it again (DicomWeb.Hosting's token renewal)
            }
            HttpResponseMessage response = await SendOnceAsync(foreign ? Foreign : _http, request, url, cancellationToken).ConfigureAwait(false);

            // A caller's HttpClient may follow redirects itself: what comes from elsewhere is refused.
            Uri answered = response.RequestMessage?.RequestUri ?? current;
            if (!foreign && !SameOrigin(answered, _root))
            {
                response.Dispose();
                throw Error($"the response came from another origin ({Origin(answered)}): the HttpClient followed a redirect itself; switch its automatic redirects off (SocketsHttpHandler.AllowAutoRedirect = false) so that this client follows them within {Origin(_root)} only", method, url, null, null);
            }
            int status = (int)response.StatusCode;
            if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not Uri location)
                return response;

            HttpStatusCode code = response.StatusCode;
            response.Dispose();
            Uri target = location.IsAbsoluteUri ? location : new Uri(answered, location);
            if (redirects + 1 > _options.MaxRedirects)
                throw Error($"more than {_options.MaxRedirects} redirects (MaxRedirects); the last one to {Show(target)}", method, url, code, null);
            if (target.Scheme is not ("http" or "https"))
                throw Error($"the server redirected to '{Show(target)}', which is not http or https", method, url, code, null);
            bool sameOrigin = SameOrigin(target, _root);
            if (!sameOrigin && !_options.AllowCrossOriginRedirects)
                throw Error($"the server redirected to another origin ({Origin(target)}); not followed, so that credentials and the request body stay with {Origin(_root)} (DicomWebClientOptions.AllowCrossOriginRedirects)", method, url, code, null);
            if (code == HttpStatusCode.SeeOther && currentMethod != HttpMethod.Head)
            {
                // 303: the answer is elsewhere, asked for with GET (RFC 9110 15.4.4). Other codes keep
                // the method and body: a STOW-RS POST turned into a GET would store nothing.
                currentMethod = HttpMethod.Get;
                body = null;
            }
            if (!sameOrigin || foreign)
            {
                if (body is not null)
                    throw Error($"the server redirected ({status}) to another origin ({Origin(target)}) with the request body; a body is never sent to another origin", method, url, code, null);
                foreign = true;
            }
            if (body is not null && !replayable)
                throw Error($"the server redirected ({status}) to {Show(target)}, and the request body cannot be sent again (a source is not seekable)", method, url, code, null);
            current = target;
        }
    }

    /// <summary>
    /// One request: each write of its body is bounded by the idle timeout, the wait for its headers
    /// by the headers timeout (from the last byte sent); every failure is a DicomWebException.
    /// </summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpClient client, HttpRequestMessage request, Uri url, CancellationToken cancellationToken)
    {
        TimeSpan idle = _options.ResponseIdleTimeout, headers = _options.ResponseHeadersTimeout;
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var content = request.Content as ProgressContent;
        bool sending = false;   // while the body is written, the idle timeout runs; after it, the headers timeout
        silence.CancelAfter(headers);
        if (content is not null)
        {
            content.Progress = sent =>
            {
                sending = !sent;
                try
                {
                    silence.CancelAfter(sent ? headers : idle);
                }
                catch (ObjectDisposedException)
                {
                    // the response is in; nothing left to time
                }
            };
        }
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, silence.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e) when (silence.IsCancellationRequested && sending)
        {
            throw Error($"the request body could not be sent: no byte went out for {idle} (ResponseIdleTimeout)", request.Method, url, null, null, e);
        }
        catch (OperationCanceledException e) when (silence.IsCancellationRequested)
        {
            throw new DicomWebException($"no response for {headers} (ResponseHeadersTimeout) after the request was sent", request.Method, url, null, null, e, !_options.RedactQueryValues) { IsTransient = request.Content is null };
        }
        catch (OperationCanceledException e)
        {
            // HttpClient.Timeout, or a handler's own timeout: not the caller's cancellation.
            throw Error($"no response: the request timed out ({e.Message})", request.Method, url, null, null, e);
        }
        catch (HttpRequestException e)
        {
            // Nothing reached the server when the connection could not be made at all.
            bool notSent = e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError;
            // A certificate that does not fit, or a limit of the handler, will be the same next time.
            bool transient = e.HttpRequestError is not (HttpRequestError.SecureConnectionError or HttpRequestError.ConfigurationLimitExceeded);
            string cause = e.InnerException is PartLengthException changed ? $"{e.Message} {changed.Message}" : e.Message;
            throw new DicomWebException($"no response ({cause})", request.Method, url, null, null, e, !_options.RedactQueryValues) { RequestNotSent = notSent, IsTransient = transient };
        }
        catch (DicomWebException)
        {
            throw;
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException))
        {
            // A handler of the caller's pipeline (circuit breaker, rate limiter...) or the request content failed.
            throw Error($"the request failed in the HTTP pipeline ({e.GetType().Name}: {e.Message})", request.Method, url, null, null, e);
        }
        finally
        {
            if (content is not null)
                content.Progress = null;
        }
    }

    private HttpClient Foreign
    {
        get
        {
            if (_foreign is { } client)
                return client;
            var created = new HttpClient(CreateHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            HttpClient? existing = Interlocked.CompareExchange(ref _foreign, created, null);
            if (existing is null)
                return created;
            created.Dispose();
            return existing;
        }
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        a.IsAbsoluteUri && string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    // Scheme, host and port: never the user information GetLeftPart(UriPartial.Authority) would keep.
    private string Origin(Uri uri) => uri.IsAbsoluteUri ? uri.Scheme + "://" + uri.Authority : Show(uri);

    /// <summary>A URL as this client's messages show it (<see cref="DicomWebClientOptions.RedactQueryValues"/>).</summary>
    private string Show(Uri url) => UrlRedaction.Show(url, !_options.RedactQueryValues);

    /// <summary>A DicomWebException whose URL is shown as the options say.</summary>
    private DicomWebException Error(string message, HttpMethod method, Uri? url, HttpStatusCode? status, string? bodyExcerpt, Exception? innerException = null) =>
        new(message, method, url, status, bodyExcerpt, innerException, !_options.RedactQueryValues) { IsTransient = status is { } code && RetryPolicy.IsTransient(code) };

    /// <summary>A DicomWebException for a response: its status, a snapshot of its headers, whether it is transient.</summary>
    private DicomWebException Error(string message, HttpResponseMessage response, string? bodyExcerpt, Exception? innerException = null) =>
        new(message, response.RequestMessage!.Method, response.RequestMessage.RequestUri, response.StatusCode, bodyExcerpt, innerException, !_options.RedactQueryValues)
        {
            IsTransient = RetryPolicy.IsTransient(response.StatusCode),
            ResponseHeaders = DicomWebException.Snapshot(response),
        };

    /// <summary>The body of a response, read under the idle timeout and the caller's token.</summary>
    private async Task<ResponseBodyStream> OpenBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken, bool wrapConnectionErrors = false)
    {
        HttpRequestMessage request = response.RequestMessage!;
        Stream raw;
        try
        {
            raw = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw Error($"the response body could not be read ({e.Message})", response, null, e);
        }
        return new ResponseBodyStream(raw, _options.ResponseIdleTimeout, request.Method, request.RequestUri, response.StatusCode, cancellationToken) { WrapConnectionErrors = wrapConnectionErrors, QueryValues = !_options.RedactQueryValues };
    }

    /// <summary>Throws a DicomWebException for a status that is not 2xx, with the start of the body.</summary>
    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken, string message = "the server refused the request")
    {
        if (response.IsSuccessStatusCode)
            return;
        string excerpt = await ReadExcerptAsync(response, cancellationToken).ConfigureAwait(false);
        throw Error(message, response, excerpt);
    }

    /// <summary>
    /// The start of a body, as text of at most <see cref="DicomWebClientOptions.ErrorBodyExcerptLength"/>
    /// characters: only the bytes those need are read, so a huge error body costs nothing.
    /// </summary>
    private async Task<string> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        int chars = Math.Max(0, _options.ErrorBodyExcerptLength);
        byte[] buffer = new byte[chars * 4 + 4];
        int length = 0;
        string? stop = null;
        try
        {
            await using Stream body = await OpenBodyAsync(response, cancellationToken).ConfigureAwait(false);
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                length += read;
        }
        catch (Exception e) when (e is DicomWebException or IOException or HttpRequestException)
        {
            stop = e is DicomWebException ? " [the body stopped coming]" : " [the body broke off]";
        }
        string text = Encoding.UTF8.GetString(buffer, 0, length);
        bool cut = text.Length > chars || length == buffer.Length;
        if (text.Length > chars)
            text = text[..chars];
        return text + (cut ? "..." : "") + stop;
    }

    /// <summary>Refuses a successful response whose Content-Type is none of those expected (a missing one is let through: the body is checked as it is read).</summary>
    private void CheckContentType(HttpResponseMessage response, IReadOnlyCollection<string> expected, string? what = null)
    {
        string? raw = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out HeaderStringValues types) ? types.ToString() : null;
        if (raw is null)
            return;
        string? mediaType = MediaTypeHeader.TryParse(raw)?.MediaType;
        if (mediaType is not null && expected.Any(e => Matches(e, mediaType)))
            return;
        DicomWebException error = Error($"the server answered {(int)response.StatusCode} with Content-Type '{raw}', not {what ?? string.Join(" or ", expected)}", response, null);
        response.Dispose();
        throw error;
    }

    // An expected type like "image/*" or "*/*" (from an Accept the caller chose) matches its family.
    private static bool Matches(string expected, string mediaType) =>
        expected == "*/*" || expected.Equals(mediaType, StringComparison.OrdinalIgnoreCase)
        || expected.EndsWith("/*", StringComparison.Ordinal) && mediaType.StartsWith(expected[..^1], StringComparison.OrdinalIgnoreCase);

    /// <summary>The data sets of a DICOM JSON body (an array, or one object), each parsed as it arrives.</summary>
    private IAsyncEnumerable<DicomDataset> ReadDatasetsAsync(Stream body, string what, Uri url, HttpStatusCode status, CancellationToken cancellationToken) =>
        ReadJsonAsync(DicomJson.DeserializeAsyncEnumerable(body, _jsonOptions, cancellationToken), what, url, status, cancellationToken);

    /// <summary>The objects of a DICOM JSON body read straight into a model type, each as it arrives.</summary>
    private IAsyncEnumerable<T> ReadModelsAsync<T>(Stream body, string what, Uri url, HttpStatusCode status, CancellationToken cancellationToken) where T : IDicomJsonModel<T> =>
        ReadJsonAsync(DicomJson.DeserializeAsyncEnumerable<T>(body, _jsonOptions, cancellationToken), what, url, status, cancellationToken);

    // The JSON reader's errors (malformed, not DICOM JSON, an object over MaxDatasetBytes) become the call's DicomWebException.
    private async IAsyncEnumerable<T> ReadJsonAsync<T>(IAsyncEnumerable<T> items, string what, Uri url, HttpStatusCode status, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<T> enumerator = items.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            for (int index = 0; ; index++)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                        yield break;
                }
                catch (JsonException e)
                {
                    throw Error($"{what} item [{index}] is not valid DICOM JSON ({e.Message})", HttpMethod.Get, url, status, null, e);
                }
                yield return enumerator.Current;
            }
        }
    }
}
