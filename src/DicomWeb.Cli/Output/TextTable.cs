using System.Text;
using Spectre.Console;

namespace DicomWeb.Cli.Output;

/// <summary>
/// A table: drawn by Spectre.Console on a terminal; plain aligned text (header, a rule, then rows)
/// when the stream is a pipe or a file, so scripts and tests read it line by line. Cells may hold
/// server or file data: their control characters are shown as escapes (<see cref="SafeText"/>),
/// so a cell stays on its line and cannot drive the terminal.
/// </summary>
internal sealed class TextTable(params string[] columns)
{
    private readonly string[] _columns = [.. columns.Select(SafeText.Escape)];
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string[] cells) => _rows.Add([.. cells.Select(SafeText.Escape)]);

    public void Write(TextWriter writer)
    {
        if (Terminal.For(writer) is IAnsiConsole console)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (string column in _columns)
                table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
            // Text, not markup: cells hold server data, where [ and ] are not markup.
            foreach (string[] row in _rows)
                table.AddRow(Enumerable.Range(0, _columns.Length).Select(i => (Spectre.Console.Rendering.IRenderable)new Text(i < row.Length ? row[i] : "")).ToArray());
            console.Write(table);
            return;
        }
        WritePlain(writer);
    }

    private void WritePlain(TextWriter writer)
    {
        int[] widths = _columns.Select(c => c.Length).ToArray();
        foreach (string[] row in _rows)
            for (int i = 0; i < widths.Length && i < row.Length; i++)
                widths[i] = Math.Max(widths[i], row[i].Length);
        writer.WriteLine(Line(_columns, widths));
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
