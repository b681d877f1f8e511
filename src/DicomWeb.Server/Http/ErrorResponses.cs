using System.Net;
using System.Text;
using DicomWeb.Client;
using Microsoft.AspNetCore.Http;

namespace DicomWeb.Server.Http;

/// <summary>
/// Error answers: a status and one line of plain text saying what was wrong with the request, or
/// what the store said. Nothing of the request's query values (patient data) or of the store's
/// own URLs (an upstream server's address) goes into them.
/// </summary>
internal static class ErrorResponses
{
    private const int MaxMessageLength = 500;

    public static async Task WriteAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            // The status is gone: cutting the connection is the only way left to say the body is not whole.
            context.Abort();
            return;
        }
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        string line = message.ReplaceLineEndings(" ");
        if (line.Length > MaxMessageLength)
            line = line[..MaxMessageLength] + "…";
        await context.Response.WriteAsync(line + "\n", Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }

    public static Task BadRequestAsync(HttpContext context, string message) => WriteAsync(context, StatusCodes.Status400BadRequest, message);

    public static Task NotAcceptableAsync(HttpContext context, string message) => WriteAsync(context, StatusCodes.Status406NotAcceptable, message);

    /// <summary>
    /// A store's failure as this server's answer: statuses that describe the request (400, 404,
    /// 406, 409, 410, 413, 415, 416) and 501/503 pass through; anything else is 502, since the
    /// store, not the client, failed.
    /// </summary>
    public static Task StoreFailedAsync(HttpContext context, DicomWebException failure) =>
        WriteAsync(context, StatusFor(failure), $"{ReasonPhrase(StatusFor(failure))}: {Reason(failure)}");

    public static int StatusFor(DicomWebException failure) => failure.StatusCode switch
    {
        HttpStatusCode status when (int)status is 400 or 404 or 406 or 409 or 410 or 413 or 415 or 416 or 501 or 503 => (int)status,
        _ => StatusCodes.Status502BadGateway,
    };

    /// <summary>What went wrong, without the store's method, URL and body excerpt that DicomWebException appends.</summary>
    public static string Reason(DicomWebException failure)
    {
        string message = failure.Message;
        int at = message.IndexOf($": {failure.Method} {failure.Url}", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }

    private static string ReasonPhrase(int status) => status switch
    {
        400 => "Bad Request",
        404 => "Not Found",
        406 => "Not Acceptable",
        409 => "Conflict",
        410 => "Gone",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "Bad Gateway: the store failed",
    };
}
