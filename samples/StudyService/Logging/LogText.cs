using System.Text;

namespace StudyService.Logging;

/// <summary>
/// Makes text safe for a terminal or a log file: every control character (C0, DEL and C1, ESC
/// among them) is written visibly as \xHH. A server's error body, a file's header or a data set
/// value can then neither move the cursor, retitle or clear the operator's terminal, nor start a
/// line that looks like one of the service's own (CR and LF are escaped too).
/// </summary>
public static class LogText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return text ?? "";
        int first = IndexOfControl(text);
        if (first < 0)
            return text;
        var escaped = new StringBuilder(text.Length + 16);
        escaped.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsControl(c))
                escaped.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            else
                escaped.Append(c);
        }
        return escaped.ToString();
    }

    private static int IndexOfControl(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]))
                return i;
        }
        return -1;
    }
}
