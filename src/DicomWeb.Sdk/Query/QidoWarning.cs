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
/// <param name="RemainingResults">For <see cref="QidoWarningKind.AdditionalResults"/>, how many more there are.</param>
public sealed partial record QidoWarning(QidoWarningKind Kind, string Text, int? RemainingResults)
{
    [GeneratedRegex(@"(\d+)\s+additional\s+results", RegexOptions.IgnoreCase)]
    private static partial Regex Additional();

    /// <summary>The warnings of one Warning header value; only code 299 is read (others are not QIDO's).</summary>
    public static IEnumerable<QidoWarning> Parse(string header)
    {
        // A header may hold several comma-separated warnings: 299 host "text", 299 host "text".
        foreach (Match warning in Regex.Matches(header, "299\\s+(?:\\S+\\s+)?\"?([^\"]*)\"?"))
        {
            string text = warning.Groups[1].Value.Trim();
            Match count = Additional().Match(text);
            yield return count.Success
                ? new QidoWarning(QidoWarningKind.AdditionalResults, text, int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture))
                : new QidoWarning(Classify(text), text, null);
        }
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
