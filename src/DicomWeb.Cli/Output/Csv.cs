using System.Text.RegularExpressions;

namespace DicomWeb.Cli.Output;

/// <summary>
/// RFC 4180 fields: quoted when they hold a comma, quote or line break. Cells hold server data,
/// so control characters are shown as escapes (<see cref="SafeText"/>), and a cell a spreadsheet
/// would run as a formula (starting with =, +, -, @, tab or CR) gets a leading single quote, as
/// OWASP's CSV injection advice says; a plain number such as -12.5 stays a number.
/// </summary>
internal static partial class Csv
{
    public static string Line(IEnumerable<string> fields) => string.Join(",", fields.Select(Field));

    public static string Field(string value)
    {
        string cell = SafeText.Escape(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !PlainNumber().IsMatch(value))
            cell = "'" + cell;
        return cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
    }

    [GeneratedRegex(@"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();
}
