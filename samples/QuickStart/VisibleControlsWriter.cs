using System.Globalization;
using System.Text;

namespace DicomWeb.QuickStart;

/// <summary>
/// A writer that shows control characters instead of passing them on: what the QuickStart prints
/// comes from a server or from files (names, descriptions, error texts), and an ESC, a CR or a
/// bidirectional override in them must not drive or fool the terminal. A line written by
/// WriteLine stays one line: a newline inside it is shown as \n too.
/// </summary>
internal sealed class VisibleControlsWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(Escape(value.ToString()));

    public override void Write(string? value) => inner.Write(Escape(value));

    public override void Write(char[] buffer, int index, int count) => inner.Write(Escape(new string(buffer, index, count)));

    public override void WriteLine() => inner.WriteLine();

    public override void WriteLine(string? value) => inner.WriteLine(Escape(value));

    public override void Flush() => inner.Flush();

    /// <summary>C0 and C1 controls, DEL, bidirectional controls and line separators as \t, \n, \r, \x1b or \u202e; a lone surrogate as \ud800.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return text ?? "";
        var escaped = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                escaped.Append(c).Append(text[++i]);
            else if (!(c < ' ' || c is >= '\u007f' and <= '\u009f' or '\u061c' or '\u200e' or '\u200f' or (>= '\u2028' and <= '\u202e') or (>= '\u2066' and <= '\u2069') || char.IsSurrogate(c)))
                escaped.Append(c);
            else
                escaped.Append(c switch
                {
                    '\t' => @"\t",
                    '\n' => @"\n",
                    '\r' => @"\r",
                    <= '\u00ff' => @"\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                    _ => @"\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                });
        }
        return escaped.ToString();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Flush();
        base.Dispose(disposing);
    }
}
