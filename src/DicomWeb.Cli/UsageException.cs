namespace DicomWeb.Cli;

/// <summary>A command line that cannot be carried out; exit code 2 and the message on stderr.</summary>
internal sealed class UsageException(string message, Exception? inner = null) : Exception(message, inner);
