using Spectre.Console;

namespace DicomWeb.Cli.Output;

/// <summary>
/// Spectre.Console consoles for stdout and stderr, only where that stream is a terminal: a pipe or
/// a file gets plain text (tests and scripts parse it), never escape codes or redrawn lines.
/// </summary>
internal static class Terminal
{
    private static readonly Lazy<IAnsiConsole?> Stdout = new(() => Console.IsOutputRedirected ? null : Create(Console.Out));
    private static readonly Lazy<IAnsiConsole?> Stderr = new(() => Console.IsErrorRedirected ? null : Create(Console.Error));

    /// <summary>The console drawing on the terminal behind <paramref name="writer"/> (Console.Out or Console.Error), or null when that stream is redirected.</summary>
    public static IAnsiConsole? For(TextWriter writer) =>
        ReferenceEquals(writer, Console.Out) ? Stdout.Value
        : ReferenceEquals(writer, Console.Error) ? Stderr.Value
        : null;

    /// <summary>The console for live progress on stderr, or null when stderr is not an interactive terminal.</summary>
    public static IAnsiConsole? Progress => Stderr.Value is { Profile.Capabilities.Interactive: true } console ? console : null;

    private static IAnsiConsole Create(TextWriter writer) =>
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Detect,
        });
}
