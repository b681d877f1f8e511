using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Hosting;

/// <summary>
/// Adds "Authorization: Bearer" from a <see cref="BearerTokenSource"/>. After a 401 it renews the
/// token once and sends the request once more when the request can be replayed; otherwise it
/// returns the 401 and forgets the token, so the next request starts with a new one.
/// </summary>
internal sealed class BearerTokenHandler(BearerTokenSource source, TimeProvider time, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        BearerToken token = await source.GetAsync(time, logger, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
            return response;
        string path = LoggedPath(request.RequestUri);
        if (!RequestReplay.CanReplay(request))
        {
            source.Forget(token);
            HostingLog.UnauthorizedNotReplayed(logger, source.ClientName, request.Method.Method, path);
            return response;
        }
        response.Dispose();
        token = await source.RenewAfterUnauthorizedAsync(token, time, logger, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        HostingLog.UnauthorizedReplayed(logger, source.ClientName, request.Method.Method, path);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    // As DicomWebClient's own log entries show a path: no host, no query, UIDs as {uid}.
    private static string LoggedPath(Uri? url) =>
        url is { IsAbsoluteUri: true }
            ? string.Join('/', url.AbsolutePath.Split('/').Select(segment => segment.Length > 0 && segment.All(c => char.IsAsciiDigit(c) || c == '.') ? "{uid}" : segment))
            : "-";

    // HttpClient.Send (synchronous) gets the same treatment; the DicomWeb client itself only sends asynchronously.
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();
}
