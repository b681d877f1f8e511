using System.Globalization;

namespace StudyService.Startup;

/// <summary>
/// Checks ASPNETCORE_URLS (the "urls" setting) before Kestrel reads it: Kestrel takes
/// "http://127.0.0.1:abc" as the host "127.0.0.1:abc" on port 80 and listens on every address,
/// where the operator asked for one.
/// </summary>
public static class ListenAddresses
{
    public static void Check(IConfiguration configuration)
    {
        if (configuration["urls"] is not string urls)
            return;
        foreach (string url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsValid(url))
                throw new InvalidOperationException($"ASPNETCORE_URLS holds \"{url}\", which is not an address to listen on: write http://HOST:PORT (HOST an IP address, a name, [IPv6], * or +; PORT 0 to 65535), e.g. http://0.0.0.0:8080.");
        }
    }

    private static bool IsValid(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0 || !(url[..scheme].Equals("http", StringComparison.OrdinalIgnoreCase) || url[..scheme].Equals("https", StringComparison.OrdinalIgnoreCase)))
            return false;
        string authority = url[(scheme + 3)..];
        int slash = authority.IndexOf('/');
        if (slash >= 0)
            authority = authority[..slash];
        string host;
        string? port = null;
        if (authority.StartsWith('['))
        {
            int close = authority.IndexOf(']');
            if (close < 0)
                return false;
            host = authority[..(close + 1)];
            string rest = authority[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                    return false;
                port = rest[1..];
            }
        }
        else
        {
            int colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            port = colon < 0 ? null : authority[(colon + 1)..];
            if (host.Contains(':'))
                return false;
        }
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '@' or '?' or '#'))
            return false;
        return port is null || ushort.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }
}
