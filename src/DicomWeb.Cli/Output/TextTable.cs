using System.Text;

namespace DicomWeb.Cli.Output;

/// <summary>
/// A plain aligned table for a terminal or a pipe: header, a rule, then rows. Plain text because
/// it must stay readable when piped and needs nothing that trimming removes.
/// </summary>
internal sealed class TextTable(params string[] columns)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string[] cells) => _rows.Add(cells);

    public void Write(TextWriter writer)
    {
        int[] widths = columns.Select(c => c.Length).ToArray();
        foreach (string[] row in _rows)
            for (int i = 0; i < widths.Length && i < row.Length; i++)
                widths[i] = Math.Max(widths[i], row[i].Length);
        writer.WriteLine(Line(columns, widths));
        writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (string[] row in _rows)
            writer.WriteLine(Line(row, widths));
    }

    private static string Line(string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (int i = 0; i < widths.Length; i++)
        {
            string cell = i < cells.Length ? cells[i] : "";
            line.Append(i == widths.Length - 1 ? cell : cell.PadRight(widths[i] + 2));
        }
        return line.ToString().TrimEnd();
    }
}
