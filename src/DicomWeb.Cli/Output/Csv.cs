namespace DicomWeb.Cli.Output;

/// <summary>RFC 4180 fields: quoted when they hold a comma, quote or line break.</summary>
internal static class Csv
{
    public static string Line(IEnumerable<string> fields) => string.Join(",", fields.Select(Field));

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
