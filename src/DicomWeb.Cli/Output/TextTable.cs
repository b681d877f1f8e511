using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DicomWeb.Cli.Output;

/// <summary>
/// A table: drawn by Spectre.Console on a terminal; plain aligned text (header, a rule, then rows)
/// when the stream is a pipe or a file, so scripts and tests read it line by line. Cells may hold
/// server or file data: their control characters are shown as escapes (<see cref="SafeText"/>),
/// so a cell stays on its line and cannot drive the terminal.
/// </summary>
/// <remarks>
/// On a terminal no cell is ever broken over lines except those of the columns named in
/// <see cref="Wrappable"/> (free text: names, reasons): a UID must be copied whole into the next
/// command. A table that does not fit the terminal's width so is written as a list instead, one
/// "column value" line per cell and a blank line between rows, with nothing inserted into a value
/// (a value wider than the terminal is left to the terminal's own soft wrap, which copies whole).
/// </remarks>
internal sealed class TextTable(params string[] columns)
{
    // A wrappable column is given at least this many cells before the table gives way to the list.
    private const int WrappedMinimum = 16;

    private readonly string[] _columns = [.. columns.Select(SafeText.Escape)];
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    /// <summary>The columns whose cells may be broken over lines on a terminal (free text, never identifiers).</summary>
    public IReadOnlySet<string> Wrappable { get; init; } = new HashSet<string>();

    /// <summary>A line written above the table (e.g. which query it answers); none when null.</summary>
    public string? Title { get; init; }

    public void Add(params string[] cells) => _rows.Add([.. cells.Select(SafeText.Escape)]);

    public void Write(TextWriter writer)
    {
        if (Title is not null)
            writer.WriteLine(SafeText.Escape(Title));
        if (Terminal.For(writer) is IAnsiConsole console)
        {
            int[] widths = NaturalWidths(console);
            // A rounded Spectre.Console table: a border left of each column and one at the end, a space either side of each cell.
            int needed = widths.Select((w, i) => IsWrappable(i) ? Math.Min(w, WrappedMinimum) : w).Sum() + 3 * widths.Length + 1;
            if (needed <= console.Profile.Width)
                WriteTable(console);
            else
                WriteList(writer, console.Profile.Width);
            return;
        }
        WritePlain(writer);
    }

    private bool IsWrappable(int column) => Wrappable.Contains(_columns[column]);

    private int[] NaturalWidths(IAnsiConsole console)
    {
        var options = RenderOptions.Create(console);
        int Width(string text) => ((IRenderable)new Text(text)).Measure(options, int.MaxValue).Max;
        int[] widths = _columns.Select(Width).ToArray();
        foreach (string[] row in _rows)
            for (int i = 0; i < widths.Length && i < row.Length; i++)
                widths[i] = Math.Max(widths[i], Width(row[i]));
        return widths;
    }

    private void WriteTable(IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded);
        for (int i = 0; i < _columns.Length; i++)
        {
            var column = new TableColumn(new Text(_columns[i], new Style(decoration: Decoration.Bold)));
            table.AddColumn(IsWrappable(i) ? column : column.NoWrap());
        }
        // Text, not markup: cells hold server data, where [ and ] are not markup.
        foreach (string[] row in _rows)
            table.AddRow(Enumerable.Range(0, _columns.Length).Select(i => (IRenderable)new Text(i < row.Length ? row[i] : "")).ToArray());
        console.Write(table);
    }

    // Written to the stream itself, not through Spectre.Console, which would break long values at the width.
    private void WriteList(TextWriter writer, int width)
    {
        int keyWidth = _columns.Max(c => c.Length);
        for (int r = 0; r < _rows.Count; r++)
        {
            if (r > 0)
                writer.WriteLine();
            for (int i = 0; i < _columns.Length; i++)
            {
                string value = i < _rows[r].Length ? _rows[r][i] : "";
                if (keyWidth + 2 + value.Length <= width || value.Length == 0)
                    writer.WriteLine((_columns[i].PadRight(keyWidth + 2) + value).TrimEnd());
                else
                {
                    writer.WriteLine(_columns[i]);
                    writer.WriteLine("  " + value);
                }
            }
        }
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
