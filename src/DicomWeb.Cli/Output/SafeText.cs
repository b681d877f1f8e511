using System.Globalization;
using System.Text;

namespace DicomWeb.Cli.Output;

/// <summary>
/// Text from a server, a file or a data set made safe for a terminal, a log or a pipe: every
/// character that a terminal would act on instead of showing is shown as an escape instead, so
/// no answer can retitle or clear the terminal, move the cursor, forge a line of the tool's own
/// (a CR or a newline) or reverse what follows it.
/// </summary>
/// <remarks>
/// Escaped: C0 controls and DEL (tab <c>\t</c>, newline <c>\n</c>, CR <c>\r</c>, others
/// <c>\x1b</c>), C1 controls (<c>\x9b</c>), the Unicode bidirectional controls (U+061C, U+200E,
/// U+200F, U+202A-U+202E, U+2066-U+2069 as <c>\u202e</c>), the line and paragraph separators
/// U+2028 and U+2029, and unpaired surrogates. A backslash stays as it is: it is DICOM's value
/// delimiter, which the tool prints as is.
/// </remarks>
internal static class SafeText
{
    /// <summary><paramref name="text"/> with every control character shown as an escape; the same string when it holds none.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return text ?? "";
        int first = FirstUnsafe(text);
        if (first < 0)
            return text;
        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped.Append(c).Append(text[++i]);
                continue;
            }
            if (!IsUnsafe(c))
                escaped.Append(c);
            else if (c == '\t')
                escaped.Append(@"\t");
            else if (c == '\n')
                escaped.Append(@"\n");
            else if (c == '\r')
                escaped.Append(@"\r");
            else if (c <= '\u00ff')
                escaped.Append(@"\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else
                escaped.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return escaped.ToString();
    }

    /// <summary>
    /// UTF-8 JSON with the bidirectional controls and line separators written as \u escapes. The
    /// JSON writer escapes C0 and C1 controls already but passes these through, where they would
    /// reorder what a terminal shows; in JSON they occur only inside strings, where the escape
    /// means the same character. The same array when there is none.
    /// </summary>
    public static byte[] EscapeJson(byte[] utf8)
    {
        int at = utf8.AsSpan().IndexOfAny((byte)0xd8, (byte)0xe2);
        if (at < 0)
            return utf8;
        var escaped = new List<byte>(utf8.Length + 16);
        escaped.AddRange(utf8.AsSpan(0, at));
        for (int i = at; i < utf8.Length; i++)
        {
            int length = utf8[i] == 0xd8 ? 2 : utf8[i] == 0xe2 ? 3 : 0;
            if (length > 0 && i + length <= utf8.Length
                && System.Text.Rune.DecodeFromUtf8(utf8.AsSpan(i, length), out System.Text.Rune rune, out int used) == System.Buffers.OperationStatus.Done
                && used == length && rune.IsBmp && IsUnsafe((char)rune.Value))
            {
                escaped.AddRange(Encoding.ASCII.GetBytes(@"\u" + rune.Value.ToString("x4", CultureInfo.InvariantCulture)));
                i += length - 1;
                continue;
            }
            escaped.Add(utf8[i]);
        }
        return [.. escaped];
    }

    /// <summary>An exception and its inner exceptions for --verbose: each message escaped on one line, then its stack.</summary>
    public static string Describe(Exception exception)
    {
        var text = new StringBuilder();
        Describe(exception, text, "");
        return text.ToString().TrimEnd('\n');
    }

    private static void Describe(Exception exception, StringBuilder text, string indent)
    {
        text.Append(indent).Append(exception.GetType().FullName).Append(": ").Append(Escape(exception.Message)).Append('\n');
        // The stack names the tool's own methods and files; escaped all the same, line by line.
        foreach (string line in (exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            text.Append(indent).Append(Escape(line.TrimEnd('\r'))).Append('\n');
        IEnumerable<Exception> inner = exception is AggregateException aggregate ? aggregate.InnerExceptions
            : exception.InnerException is { } one ? [one] : [];
        foreach (Exception e in inner)
        {
            text.Append(indent).Append("  ---> inner:\n");
            Describe(e, text, indent + "  ");
        }
    }

    private static int FirstUnsafe(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (IsUnsafe(c))
                return i;
        }
        return -1;
    }

    // A lone surrogate reaches here only unpaired: the loops above step over pairs.
    private static bool IsUnsafe(char c) =>
        c < ' ' || c is >= '\u007f' and <= '\u009f'
        || c is '\u061c' or '\u200e' or '\u200f' or (>= '\u2028' and <= '\u202e') or (>= '\u2066' and <= '\u2069')
        || char.IsSurrogate(c);
}
