namespace DicomWeb.Hosting;

/// <summary>
/// An OAuth 2.0 bearer access token and when it expires. <see cref="ToString"/> never shows the token.
/// </summary>
/// <param name="AccessToken">The token sent as "Authorization: Bearer {AccessToken}".</param>
/// <param name="ExpiresOn">When the server stops accepting it; the token is renewed shortly before.</param>
public sealed record BearerToken(string AccessToken, DateTimeOffset ExpiresOn)
{
    /// <summary>The expiry only: the token itself is a credential and stays out of logs.</summary>
    public override string ToString() => $"BearerToken {{ ExpiresOn = {ExpiresOn:O} }}";
}
