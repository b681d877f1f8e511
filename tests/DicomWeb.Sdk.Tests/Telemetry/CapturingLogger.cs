using Microsoft.Extensions.Logging;

namespace DicomWeb.Sdk.Tests.Telemetry;

/// <summary>A logger provider that keeps every entry: its event, level, text and structured state.</summary>
public sealed class CapturingLogger : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Text, IReadOnlyList<KeyValuePair<string, object?>> State, Exception? Exception);

    private readonly List<Entry> _entries = [];

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_entries)
                return [.. _entries];
        }
    }

    /// <summary>Everything a sink could write: texts, state names and values, exceptions.</summary>
    public string AllText => string.Join("\n", Entries.Select(e =>
        $"{e.Category} {e.EventId} {e.Text} {string.Join(" ", e.State.Select(s => $"{s.Key}={s.Value}"))} {e.Exception}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLogger owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IReadOnlyList<KeyValuePair<string, object?>> list ? [.. list] : new List<KeyValuePair<string, object?>>();
            lock (owner._entries)
                owner._entries.Add(new Entry(category, logLevel, eventId, formatter(state, exception), values, exception));
        }
    }
}
