using System.Globalization;
using System.Text.RegularExpressions;

namespace DicomWeb.Client;

/// <summary>What a QIDO-RS "Warning: 299" header says (PS3.18 8.3.4.4, 8.3.4.2, Table 8.3.4-1).</summary>
public enum QidoWarningKind
{
    /// <summary>More results than were returned: "There are N additional results that can be requested".</summary>
    AdditionalResults,

    /// <summary>Fuzzy matching was asked for and is not supported.</summary>
    FuzzyMatchingNotSupported,

    /// <summary>Empty value matching was asked for and is not supported.</summary>
    EmptyValueMatchingNotSupported,

    /// <summary>Multiple value matching was asked for and is not supported.</summary>
    MultipleValueMatchingNotSupported,

    /// <summary>Any other warning text.</summary>
    Other,
}

/// <summary>One warning a server attached to a QIDO-RS response.</summary>
/// <param name="Kind">What it says.</param>
/// <param name="Text">The warning text as sent.</param>
/// <param name="RemainingResults">
/// For <see cref="QidoWarningKind.AdditionalResults"/>, how many more there are; a count above
/// <see cref="int.MaxValue"/> reads as <see cref="int.MaxValue"/>.
/// </param>
/// <remarks>
/// The count must be a plain non-negative decimal number: "There are -5 additional results" or
/// "There are 5x additional results" is not a count, so the warning is
/// <see cref="QidoWarningKind.Other"/> (and a search does not page on it).
/// </remarks>
public sealed partial record QidoWarning(QidoWarningKind Kind, string Text, int? RemainingResults)
{
    [GeneratedRegex(@"(\S+)\s+additional\s+results", RegexOptions.IgnoreCase)]
    private static partial Regex Additional();

    [GeneratedRegex(@"299\s+(?:[^\s""]+\s+)?(?:""((?:[^""\\]|\\.)*)""?|([^""]*))")]
    private static partial Regex WarningValue();

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex QuotedPair();

    /// <summary>The warnings of one Warning header value; only code 299 is read (others are not QIDO's).</summary>
    public static IEnumerable<QidoWarning> Parse(string header)
    {
        // A header may hold several comma-separated warnings: 299 host "text", 299 host "text". The
        // text is a quoted-string (RFC 9110 5.6.4: \" and \\ stand for a quote and a backslash);
        // a text without quotes, or cut off before its closing quote, is taken as it is.
        foreach (Match warning in WarningValue().Matches(header))
        {
            string text = (warning.Groups[1].Success ? QuotedPair().Replace(warning.Groups[1].Value, "$1") : warning.Groups[2].Value).Trim();
            Match count = Additional().Match(text);
            yield return count.Success && Count(count.Groups[1].Value) is int remaining
                ? new QidoWarning(QidoWarningKind.AdditionalResults, text, remaining)
                : new QidoWarning(count.Success ? QidoWarningKind.Other : Classify(text), text, null);
        }
    }

    // Digits only (no sign, no spaces); more than int.MaxValue is "at least that many".
    private static int? Count(string text)
    {
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
            return null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value <= int.MaxValue ? (int)value : int.MaxValue;
    }

    private static QidoWarningKind Classify(string text)
    {
        string lower = text.ToLowerInvariant();
        return lower.Contains("fuzzy", StringComparison.Ordinal) ? QidoWarningKind.FuzzyMatchingNotSupported
            : lower.Contains("empty", StringComparison.Ordinal) ? QidoWarningKind.EmptyValueMatchingNotSupported
            : lower.Contains("multiple", StringComparison.Ordinal) ? QidoWarningKind.MultipleValueMatchingNotSupported
            : QidoWarningKind.Other;
    }
}
