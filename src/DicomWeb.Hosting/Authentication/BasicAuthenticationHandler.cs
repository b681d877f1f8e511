using System.Net.Http.Headers;
using System.Text;

namespace DicomWeb.Hosting;

/// <summary>Adds "Authorization: Basic" (RFC 7617, UTF-8) to every request that has no Authorization yet.</summary>
internal sealed class BasicAuthenticationHandler : DelegatingHandler
{
    private readonly string _parameter;

    public BasicAuthenticationHandler(string userName, string password) =>
        _parameter = Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + password));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorize(request);
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorize(request);
        return base.Send(request, cancellationToken);
    }

    private void Authorize(HttpRequestMessage request) => request.Headers.Authorization ??= new AuthenticationHeaderValue("Basic", _parameter);

    /// <summary>No credentials here.</summary>
    public override string ToString() => nameof(BasicAuthenticationHandler);
}
