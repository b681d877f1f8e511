using System.Text;

namespace DicomWeb.Generators.Common;

/// <summary>A StringBuilder that indents: enough to keep the emitters readable.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
            _text.Append(' ', _indent * 4);
        _text.Append(line).Append('\n');
        return this;
    }

    public SourceWriter Open(string line)
    {
        Line(line).Line("{");
        _indent++;
        return this;
    }

    /// <summary>A line declaring something generated, after its [GeneratedCode] attribute.</summary>
    public SourceWriter Generated(string line) => Line(GeneratedCode.Attribute).Line(line);

    /// <summary>As <see cref="Open"/>, after a [GeneratedCode] attribute.</summary>
    public SourceWriter OpenGenerated(string line) => Line(GeneratedCode.Attribute).Open(line);

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    public override string ToString() => _text.ToString();

    /// <summary>Text made safe for an XML doc comment.</summary>
    public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>Text as a C# string literal.</summary>
    public static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
