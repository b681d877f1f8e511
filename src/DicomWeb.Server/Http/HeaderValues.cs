namespace DicomWeb.Server.Http;

/// <summary>
/// Text from a store (a gateway's upstream may send anything) on its way into response headers:
/// Kestrel refuses control and non-ASCII characters there, and a quote would end a quoted value.
/// </summary>
internal static class HeaderValues
{
    /// <summary>Whether a value is visible ASCII and spaces only, so a header can carry it as it is.</summary>
    public static bool Carriable(string value) => !value.AsSpan().ContainsAnyExceptInRange(' ', '~');

    /// <summary>The text for a quoted-string (a Warning's text): visible ASCII, no quote or backslash, at most 300 characters.</summary>
    public static string Quotable(string text) => string.Create(Math.Min(text.Length, 300), text, static (span, source) =>
    {
        for (int i = 0; i < span.Length; i++)
            span[i] = source[i] is >= ' ' and <= '~' and not '"' and not '\\' ? source[i] : '?';
    });
}
