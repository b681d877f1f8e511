using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using DicomWeb.Client;

namespace DicomWeb.Cli;

/// <summary>
/// The options every verb that talks to a store shares, and the one place that turns them into a
/// client: a DICOMweb server over HTTP, or a local folder (a file:// URL or --folder).
/// </summary>
internal static class Connection
{
    public static readonly Option<string?> Url = new("--url")
    {
        Description = "The DICOMweb base URL (default: DICOMWEB_URL); a file:// URL is a local folder store; user:password@ in it is Basic authentication, never printed",
        Recursive = true,
    };

    public static readonly Option<string?> Folder = new("--folder")
    {
        Description = "A local folder used as the store instead of a server",
        Recursive = true,
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "A bearer token (default: DICOMWEB_TOKEN); never printed",
        Recursive = true,
    };

    public static readonly Option<string?> User = new("--user")
    {
        Description = "A user name for Basic authentication; the password comes from --password or DICOMWEB_PASSWORD",
        Recursive = true,
    };

    public static readonly Option<string?> Password = new("--password")
    {
        Description = "The Basic authentication password (prefer DICOMWEB_PASSWORD: a command line is visible to other users); never printed",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Print details of errors (status, URL, server excerpt)",
        Recursive = true,
    };

    /// <summary>The options every verb takes from the root.</summary>
    public static IReadOnlyList<Option> Options => [Url, Folder, Token, User, Password, Verbose];

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Url);
        root.Options.Add(Folder);
        root.Options.Add(Token);
        root.Options.Add(User);
        root.Options.Add(Password);
        root.Options.Add(Verbose);
    }

    /// <summary>The client the command line names, disposed with the lease.</summary>
    /// <exception cref="UsageException">No store is named, the URL is not one, or credentials are half given or given twice.</exception>
    public static Lease Open(ParseResult parse, DicomWebClientOptions? options = null) => new(OpenClient(parse, options ?? new DicomWebClientOptions()));

    /// <summary>A client and its disposal (a folder store may hold nothing to dispose).</summary>
    public sealed class Lease(IDicomWebClient client) : IDisposable
    {
        public IDicomWebClient Client { get; } = client;

        public void Dispose() => (Client as IDisposable)?.Dispose();
    }

    /// <summary>The HTTP(S) base URL the command line names, without user information; null for a folder store or none.</summary>
    public static Uri? HttpRoot(ParseResult parse)
    {
        if (parse.GetValue(Folder) is not null)
            return null;
        string? url = parse.GetValue(Url) ?? NullIfEmpty(Environment.GetEnvironmentVariable("DICOMWEB_URL"));
        return HttpRoot(url);
    }

    /// <summary><paramref name="url"/> as an HTTP(S) URL without user information, or null when it is not one.</summary>
    public static Uri? HttpRoot(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https"
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri
            : null;

    private static IDicomWebClient OpenClient(ParseResult parse, DicomWebClientOptions options)
    {
        string? folder = parse.GetValue(Folder);
        string? url = parse.GetValue(Url) ?? NullIfEmpty(Environment.GetEnvironmentVariable("DICOMWEB_URL"));
        if (folder is not null && url is not null && parse.GetValue(Url) is not null)
            throw new UsageException("give either --url or --folder, not both");
        if (folder is not null)
            return OpenFolder(folder);
        if (url is null)
            throw new UsageException("no server: give --url URL, set DICOMWEB_URL, or use --folder DIR");
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
            throw new UsageException($"'{WithoutUserInfo(url)}' is not an absolute URL");
        if (uri.IsFile)
            return OpenFolder(uri.LocalPath);
        if (uri.Scheme is not ("http" or "https"))
            throw new UsageException($"'{uri.Scheme}' URLs are not supported: use http, https or file");

        return OpenServer(uri, Authorization(parse, uri.UserInfo), options);
    }

    /// <summary>
    /// A store named by a copy's SRC or DST: an http(s) URL (user:password@ in it is Basic
    /// authentication), a file:// URL or a folder path. The --token, --user and --password options
    /// (and their environment variables) apply when <paramref name="optionCredentials"/> is true:
    /// to the one server of a copy, never to two.
    /// </summary>
    public static Lease OpenLocation(ParseResult parse, string location, bool optionCredentials, DicomWebClientOptions? options = null)
    {
        if (IsServer(location, out Uri? uri))
            return new(OpenServer(uri, optionCredentials ? Authorization(parse, uri.UserInfo) : UrlAuthorization(uri.UserInfo), options ?? new DicomWebClientOptions()));
        if (Uri.TryCreate(location, UriKind.Absolute, out Uri? other) && !other.IsFile && other.Scheme.Length > 1)
            throw new UsageException($"'{other.Scheme}' locations are not supported: give an http(s) URL, a file:// URL or a folder");
        return new(OpenFolder(other is { IsFile: true } ? other.LocalPath : location));
    }

    /// <summary>True when <paramref name="location"/> is an http(s) URL.</summary>
    public static bool IsServer(string location, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? uri)
    {
        if (Uri.TryCreate(location, UriKind.Absolute, out uri) && uri.Scheme is "http" or "https")
            return true;
        uri = null;
        return false;
    }

    /// <summary>True when the command line gives credentials as options or environment variables.</summary>
    public static bool HasOptionCredentials(ParseResult parse) =>
        parse.GetValue(Token) is not null || parse.GetValue(User) is not null || parse.GetValue(Password) is not null
        || new[] { "DICOMWEB_TOKEN", "DICOMWEB_USER", "DICOMWEB_PASSWORD" }.Any(v => NullIfEmpty(Environment.GetEnvironmentVariable(v)) is not null);

    // http://user:password@host/ is Basic authentication, as curl takes it; the URL the client
    // keeps (and every message shows) has no user information.
    private static DicomWebClient OpenServer(Uri uri, AuthenticationHeaderValue? auth, DicomWebClientOptions options)
    {
        if (uri.UserInfo.Length > 0)
            uri = new UriBuilder(uri) { UserName = "", Password = "" }.Uri;
        var client = new DicomWebClient(uri, options);
        if (auth is not null)
            client.DefaultRequestHeaders.Authorization = auth;
        return client;
    }

    // A URL as a message may quote it: "scheme://user:password@host" loses "user:password@".
    private static string WithoutUserInfo(string url)
    {
        int authority = url.IndexOf("://", StringComparison.Ordinal) is int scheme and >= 0 ? scheme + 3 : 0;
        int end = url.AsSpan(authority).IndexOfAny('/', '?', '#') is int slash and >= 0 ? authority + slash : url.Length;
        int at = url.AsSpan(authority, end - authority).LastIndexOf('@');
        return at < 0 ? url : url[..authority] + url[(authority + at + 1)..];
    }

    // The folder store (DicomWeb.Folder): the folder is created when missing and indexed on opening,
    // so a read-only folder, a full disk or a damaged index shows here, before anything is asked of it.
    private static IDicomWebClient OpenFolder(string folder)
    {
        try
        {
            return DicomWeb.Folder.DicomFolderClient.Open(folder);
        }
        catch (Exception e) when (e is not (ArgumentException or OperationCanceledException))
        {
            throw FolderStoreException.Opening(folder, e);
        }
    }

    private static AuthenticationHeaderValue? UrlAuthorization(string urlUserInfo)
    {
        if (urlUserInfo.Length == 0)
            return null;
        int colon = urlUserInfo.IndexOf(':', StringComparison.Ordinal);
        string user = Uri.UnescapeDataString(colon < 0 ? urlUserInfo : urlUserInfo[..colon]);
        if (user.Length == 0 || colon < 0)
            throw new UsageException("a URL's credentials are written user:password@host");
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + Uri.UnescapeDataString(urlUserInfo[(colon + 1)..]))));
    }

    private static AuthenticationHeaderValue? Authorization(ParseResult parse, string urlUserInfo)
    {
        string? token = parse.GetValue(Token) ?? NullIfEmpty(Environment.GetEnvironmentVariable("DICOMWEB_TOKEN"));
        string? user = parse.GetValue(User) ?? NullIfEmpty(Environment.GetEnvironmentVariable("DICOMWEB_USER"));
        string? password = parse.GetValue(Password) ?? NullIfEmpty(Environment.GetEnvironmentVariable("DICOMWEB_PASSWORD"));
        if (urlUserInfo.Length > 0)
        {
            if (token is not null || user is not null || password is not null)
                throw new UsageException("the URL carries a user name (user:password@host): give credentials either there or with --user, --password or --token, not both");
            int colon = urlUserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? urlUserInfo : urlUserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(urlUserInfo[(colon + 1)..]);
            if (user.Length == 0)
                throw new UsageException("the URL carries a password without a user name (:password@host)");
            if (password is null)
                throw new UsageException("the URL carries a user name without a password: write user:password@host, or use --user with DICOMWEB_PASSWORD");
        }
        if (token is not null && user is not null)
            throw new UsageException("give either a token or a user, not both");
        if (token is not null)
            return new AuthenticationHeaderValue("Bearer", token);
        if (user is null)
            return password is null ? null : throw new UsageException("a password was given without --user");
        if (password is null)
            throw new UsageException("--user needs a password: --password or DICOMWEB_PASSWORD");
        if (user.Contains(':'))
            throw new UsageException("a Basic authentication user name cannot contain ':'");
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
