namespace DicomWeb.Client;

/// <summary>
/// URLs as exception messages, logs and traces show them. A query value may be a match value
/// (PatientID=..., PatientName=...) or, in a URL a server handed out, a signature or token, so
/// values are replaced by <see cref="Redacted"/> unless the parameter is one PS3.18 defines to
/// carry none (includefield, limit, offset, the matching flags, the rendering parameters) or the
/// caller asked to see them (<see cref="DicomWebClientOptions.RedactQueryValues"/> = false).
/// User information (user:password@) is never shown.
/// </summary>
internal static class UrlRedaction
{
    /// <summary>What stands for a query value that is not shown.</summary>
    public const string Redacted = "REDACTED";

    // PS3.18 8.3.4 (QIDO-RS) and 8.3.5 (rendered resources): names, numbers, flags and keywords, never data.
    private static readonly HashSet<string> ValueFree = new(StringComparer.OrdinalIgnoreCase)
    {
        "includefield", "limit", "offset", "fuzzymatching", "emptyvaluematching", "multiplevaluematching",
        "window", "viewport", "quality", "iccprofile", "annotation",
    };

    /// <summary>The URL as a message shows it: without user information, query values redacted unless <paramref name="queryValues"/>.</summary>
    public static string Show(Uri url, bool queryValues) => Show(url.IsAbsoluteUri ? url.AbsoluteUri : url.OriginalString, queryValues);

    /// <inheritdoc cref="Show(Uri, bool)"/>
    public static string Show(string url, bool queryValues)
    {
        string text = WithoutUserInfo(url);
        int fragment = text.IndexOf('#', StringComparison.Ordinal);   // never sent; it locates bulk data in a file (#offset=0&length=64)
        int query = text.IndexOf('?', StringComparison.Ordinal);
        if (query < 0 || fragment >= 0 && fragment < query)
            return text;
        int end = fragment < 0 ? text.Length : fragment;
        return text[..(query + 1)] + Query(text[(query + 1)..end], queryValues) + text[end..];
    }

    /// <summary>
    /// The URL an exception keeps in <see cref="DicomWebException.Url"/>: the same as <see cref="Show(Uri, bool)"/>
    /// (the instance given when nothing had to go).
    /// </summary>
    public static Uri? Redact(Uri? url, bool queryValues)
    {
        if (url is null)
            return null;
        string shown = Show(url, queryValues);
        if (shown == (url.IsAbsoluteUri ? url.AbsoluteUri : url.OriginalString))
            return url;
        // The text as it is: System.Uri would escape characters of the query again.
        if (url.IsAbsoluteUri && Uri.TryCreate(shown, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }, out Uri? absolute))
            return absolute;
        return Uri.TryCreate(shown, UriKind.RelativeOrAbsolute, out Uri? relative) ? relative : null;
    }

    /// <summary>
    /// The parameters of a query (without its "?"), in their order: a value-free parameter as it
    /// is, any other as name=REDACTED (or as it is when <paramref name="queryValues"/>); a
    /// parameter without "=" or whose name is not a plausible parameter name is REDACTED whole.
    /// </summary>
    public static string Query(string query, bool queryValues)
    {
        if (queryValues || query.Length == 0)
            return query;
        var shown = new System.Text.StringBuilder(query.Length);
        foreach (string parameter in query.Split('&'))
        {
            if (parameter.Length == 0)
                continue;
            if (shown.Length > 0)
                shown.Append('&');
            int equals = parameter.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? parameter : parameter[..equals];
            if (ValueFree.Contains(name))
                shown.Append(parameter);
            else if (equals > 0 && IsParameterName(name))
                shown.Append(name).Append('=').Append(Redacted);
            else
                shown.Append(Redacted);   // a bare word or an odd name may be a value itself
        }
        return shown.ToString();
    }

    /// <summary>A keyword, a tag, or a PS3.18 parameter: letters, digits, '.', '_', '-', at most 64 characters.</summary>
    public static bool IsParameterName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    // "scheme://user:password@host/..." or "//user@host/...": everything up to the last '@' of the authority goes.
    private static string WithoutUserInfo(string url)
    {
        int authority;
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && url.AsSpan(0, scheme).IndexOfAny('/', '?', '#') < 0)
            authority = scheme + 3;
        else if (url.StartsWith("//", StringComparison.Ordinal))
            authority = 2;
        else
            return url;
        int end = url.AsSpan(authority).IndexOfAny('/', '?', '#');
        end = end < 0 ? url.Length : authority + end;
        int at = url.AsSpan(authority, end - authority).LastIndexOf('@');
        return at < 0 ? url : url[..authority] + url[(authority + at + 1)..];
    }
}
