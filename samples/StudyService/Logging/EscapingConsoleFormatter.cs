using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace StudyService.Logging;

/// <summary>
/// The service's console log format: one line per entry ("warn: Category[EventId] message"), every
/// value escaped by <see cref="LogText"/>, so that text from a DICOMweb server, a file or a data set
/// (an error body, a Warning header, an exception message quoting them) reaches the terminal or
/// the log collector as visible characters, never as control sequences or fake lines. An
/// exception follows as indented lines: each message escaped, then its stack trace.
/// </summary>
public sealed class EscapingConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "studyservice";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        string? message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
            return;
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(LogText.Escape(logEntry.Category));
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] ");
        textWriter.Write(LogText.Escape(message));
        textWriter.Write('\n');
        for (Exception? e = logEntry.Exception; e is not null; e = e.InnerException)
        {
            textWriter.Write("      ");
            textWriter.Write(LogText.Escape(e.GetType().FullName));
            textWriter.Write(": ");
            textWriter.Write(LogText.Escape(e.Message));
            textWriter.Write('\n');
            // Stack frames name methods of the code, never input; each line is still escaped.
            foreach (string frame in (e.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                textWriter.Write("         ");
                textWriter.Write(LogText.Escape(frame));
                textWriter.Write('\n');
            }
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
