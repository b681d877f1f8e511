namespace DicomWeb.Cli;

/// <summary>A server answer the tool cannot act on, though well-formed (exit code 3), e.g. a series UID that is not a UID.</summary>
internal sealed class ServerAnswerException(string message, Exception? inner = null) : Exception(message, inner);
