using System.CommandLine;
using System.Net;
using DicomWeb.Client;

namespace DicomWeb.Cli;

/// <summary>Runs a verb's body and turns what it throws into one line on stderr and an exit code.</summary>
internal static class Verb
{
    public static void SetAction(Command command, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            bool verbose = parse.GetValue(Connection.Verbose);
            try
            {
                return await body(parse, cancellationToken);
            }
            catch (UsageException e)
            {
                return Fail(ExitCodes.Usage, e.Message, verbose ? e.InnerException?.ToString() : null);
            }
            catch (ArgumentException e)
            {
                return Fail(ExitCodes.Usage, e.Message.Split(" (Parameter")[0], verbose ? e.ToString() : null);
            }
            catch (DicomWebException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return Fail(ExitCodes.Partial, $"not found: {e.Url}", verbose ? Details(e) : null);
            }
            catch (DicomWebException e)
            {
                return Fail(ExitCodes.Server, e.Message, verbose ? Details(e) : null);
            }
            catch (HttpRequestException e)
            {
                return Fail(ExitCodes.Server, e.Message, verbose ? e.ToString() : null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Fail(ExitCodes.Server, "canceled", null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DicomFileException or Json.DicomJsonException)
            {
                return Fail(ExitCodes.Partial, e.Message, verbose ? e.ToString() : null);
            }
        });

    public static int Fail(int code, string message, string? details)
    {
        Console.Error.WriteLine("dicomweb: " + message.ReplaceLineEndings(" "));
        if (details is not null)
            Console.Error.WriteLine(details);
        return code;
    }

    private static string Details(DicomWebException e) =>
        $"  {e.Method} {e.Url}\n  status: {(e.StatusCode is { } s ? (int)s + " " + s : "none")}\n  server said: {e.BodyExcerpt}\n{e}";
}
