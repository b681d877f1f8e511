using System.CommandLine;
using System.Data.Common;
using System.Net;
using DicomWeb.Cli.Output;
using DicomWeb.Client;

namespace DicomWeb.Cli;

/// <summary>
/// Runs a verb's body and turns whatever it throws into one line on stderr and an exit code
/// (docs/cli.md); the details and the stack trace only with --verbose. Every message is printed
/// through <see cref="SafeText"/>: it may quote a server's answer or a file.
/// </summary>
internal static class Verb
{
    public static void SetAction(Command command, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            bool verbose = parse.GetValue(Connection.Verbose);
            try
            {
                Suggestions.ThrowOnUnknownOption(parse);
                return await body(parse, cancellationToken);
            }
            catch (Exception e) when (RootCheck.IsSuspect(e) && Connection.HttpRoot(parse) is Uri root
                && e is DicomWebException { Url: { } url } && url.AbsoluteUri.StartsWith(root.AbsoluteUri, StringComparison.Ordinal))
            {
                return Report(await ExplainAsync(parse, e, cancellationToken) ?? e, verbose, cancellationToken);
            }
            catch (Exception e)
            {
                return Report(e, verbose, cancellationToken);
            }
        });

    // Is the --url a DICOMweb root at all? Asked on a fresh client: the verb's is disposed by now.
    private static async Task<Exception?> ExplainAsync(ParseResult parse, Exception e, CancellationToken cancellationToken)
    {
        try
        {
            using Connection.Lease store = Connection.Open(parse);
            return await RootCheck.ExplainAsync(store.Client, Connection.HttpRoot(parse)!, cancellationToken);
        }
        catch (Exception)
        {
            return null; // the check is a courtesy: whatever stops it, the first error stands
        }
    }

    /// <summary>The exit code for <paramref name="exception"/>, after one line on stderr (and, with <paramref name="verbose"/>, its details).</summary>
    public static int Report(Exception exception, bool verbose, CancellationToken cancellationToken = default)
    {
        switch (exception)
        {
            case UsageException e:
                return Fail(ExitCodes.Usage, e.Message, verbose && e.InnerException is { } inner ? SafeText.Describe(inner) : null);
            case ArgumentException e:
                return Fail(ExitCodes.Usage, e.Message.Split(" (Parameter")[0], verbose ? SafeText.Describe(e) : null);
            case DicomWebException { StatusCode: HttpStatusCode.NotFound } e:
                return Fail(ExitCodes.Partial, $"not found: {e.Url}", verbose ? Details(e) : null);
            case DicomWebException e:
                return Fail(ExitCodes.Server, e.Message, verbose ? Details(e) : null);
            case HttpRequestException or ServerAnswerException:
                return Fail(ExitCodes.Server, exception.Message, verbose ? SafeText.Describe(exception) : null);
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return Fail(ExitCodes.Server, "canceled", null);
            case OperationCanceledException:
                // Not the user's Ctrl+C: a time limit on the way to the server.
                return Fail(ExitCodes.Server, $"timed out: {exception.Message}", verbose ? SafeText.Describe(exception) : null);
            case FolderStoreException:
                return Fail(ExitCodes.Local, exception.Message, verbose ? SafeText.Describe(exception) : null);
            case DbException:
                return Fail(ExitCodes.Local, $"the folder store's index failed: {exception.Message} (delete the index file to have it rebuilt from the files)", verbose ? SafeText.Describe(exception) : null);
            case UnauthorizedAccessException:
                return Fail(ExitCodes.Local, $"{exception.Message} (no permission: check the path and its permissions)", verbose ? SafeText.Describe(exception) : null);
            case IOException:
                return Fail(ExitCodes.Local, $"{exception.Message} (check the path, its permissions and the free space)", verbose ? SafeText.Describe(exception) : null);
            case DicomFileException or Json.DicomJsonException:
                return Fail(ExitCodes.Partial, exception.Message, verbose ? SafeText.Describe(exception) : null);
            default:
                // Not foreseen: a value no getter could read, a bug. Say what it was, not where (that is --verbose).
                return Fail(ExitCodes.Unexpected, $"unexpected error: {exception.Message} ({exception.GetType().Name}; --verbose shows the stack trace; please report it)",
                    verbose ? SafeText.Describe(exception) : null);
        }
    }

    /// <summary>One line on stderr, "dicomweb: " and the message (control characters escaped), then the details when given.</summary>
    public static int Fail(int code, string message, string? details)
    {
        Console.Error.WriteLine("dicomweb: " + SafeText.Escape(message));
        if (details is not null)
            Console.Error.WriteLine(details);
        return code;
    }

    private static string Details(DicomWebException e) =>
        $"  {e.Method} {SafeText.Escape(e.Url?.ToString())}\n" +
        $"  status: {(e.StatusCode is { } s ? (int)s + " " + s : "none")}\n" +
        $"  server said: {SafeText.Escape(e.BodyExcerpt)}\n" +
        SafeText.Describe(e);
}
