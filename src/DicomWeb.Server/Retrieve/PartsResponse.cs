using System.Globalization;
using DicomWeb.Client;
using DicomWeb.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DicomWeb.Server.Retrieve;

/// <summary>
/// Sends what a store's retrieve call gives: the first part is awaited before anything is sent, so
/// that a refusal (404, 406...) is answered with the store's status; then the parts as one
/// multipart/related body, or the one part as a single-part body, streamed.
/// </summary>
internal static partial class PartsResponse
{
    /// <param name="context">The request.</param>
    /// <param name="origin">The origin served.</param>
    /// <param name="parts">The store's parts, not yet enumerated.</param>
    /// <param name="multipart">False for a single-part answer (one part; a range answer is 206).</param>
    /// <param name="notFound">What a store that gives no part at all means, for the 404 text.</param>
    public static async Task SendAsync(HttpContext context, DicomWebOrigin origin, IAsyncEnumerable<DicomPart> parts, bool multipart, string notFound)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        string root = origin.PublicRoot(context);
        IAsyncEnumerator<DicomPart> enumerator = parts.GetAsyncEnumerator(cancellationToken);
        try
        {
            bool any;
            try
            {
                any = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (DicomWebException failure)
            {
                await ErrorResponses.StoreFailedAsync(context, failure).ConfigureAwait(false);
                return;
            }
            catch (ArgumentException refused)
            {
                await ErrorResponses.BadRequestAsync(context, refused.Message.Split(" (Parameter")[0]).ConfigureAwait(false);
                return;
            }
            if (!any)
            {
                await ErrorResponses.WriteAsync(context, StatusCodes.Status404NotFound, notFound).ConfigureAwait(false);
                return;
            }
            DicomPart first = enumerator.Current;
            if (first.Headers.ContainsKey("Content-Range") && first.ContentLength == 0)
            {
                await ErrorResponses.WriteAsync(context, StatusCodes.Status416RangeNotSatisfiable, "the range starts beyond the end of the value").ConfigureAwait(false);
                return;
            }
            if (!multipart)
            {
                await SendSingleAsync(context, origin, root, first, cancellationToken).ConfigureAwait(false);
                return;
            }
            bool ranged = first.Headers.ContainsKey("Content-Range");
            var writer = MultipartResponse.Start(context, first.MediaType, ranged ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK);
            do
            {
                DicomPart part = enumerator.Current;
                await writer.WritePartAsync(Headers(origin, root, part), part.Content, part.ContentLength, cancellationToken).ConfigureAwait(false);
            }
            while (await enumerator.MoveNextAsync().ConfigureAwait(false));
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: nothing to answer.
        }
        catch (Exception failure) when (context.Response.HasStarted)
        {
            // The status is sent: the only honest answer left is a body that visibly breaks off.
            LogBrokenOff(origin.Logger, context.Request.Path, failure.GetType().Name, failure is DicomWebException store ? ErrorResponses.Reason(store) : failure.Message);
            context.Abort();
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task SendSingleAsync(HttpContext context, DicomWebOrigin origin, string root, DicomPart part, CancellationToken cancellationToken)
    {
        HttpResponse response = context.Response;
        foreach ((string name, string value) in Headers(origin, root, part))
            response.Headers[name] = value;
        if (part.Headers.ContainsKey("Content-Range"))
            response.StatusCode = StatusCodes.Status206PartialContent;
        if (part.ContentLength is long length)
            response.ContentLength = length;
        long copied = await MultipartResponse.CopyAsync(part.Content, response.Body, cancellationToken).ConfigureAwait(false);
        if (part.ContentLength is long expected && expected != copied)
            throw new IOException($"the part announced {expected} bytes and had {copied}");
    }

    // Only what describes the content, and URLs as this server's: the store's other headers stay
    // with it. A value a header cannot carry (a hostile upstream's control or non-ASCII characters)
    // is left out, or for the type made the neutral application/octet-stream.
    private static IEnumerable<KeyValuePair<string, string>> Headers(DicomWebOrigin origin, string root, DicomPart part)
    {
        yield return new("Content-Type", HeaderValues.Carriable(part.ContentType) ? part.ContentType : "application/octet-stream");
        if (part.ContentLocation is string location && origin.ToPublic(location, root) is var shown && HeaderValues.Carriable(shown))
            yield return new("Content-Location", shown);
        if (part.Headers.TryGetValue("Content-Range", out string? range) && ContentRange(range, part.ContentLength) is var sent && HeaderValues.Carriable(sent))
            yield return new("Content-Range", sent);
    }

    /// <summary>
    /// The Content-Range of the bytes actually sent, "bytes first-last/*" (RFC 9110 14.4): a store
    /// may echo the range asked for ("bytes 100-/*"), which names no last byte, or one past the value's end.
    /// </summary>
    private static string ContentRange(string range, long? length)
    {
        ReadOnlySpan<char> text = range.AsSpan().Trim();
        if (length is not long sent || !text.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase))
            return range;
        text = text[6..].TrimStart();
        int dash = text.IndexOf('-');
        return dash > 0 && long.TryParse(text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out long first) && sent > 0
            ? string.Create(CultureInfo.InvariantCulture, $"bytes {first}-{first + sent - 1}/*")
            : range;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DICOMweb response to {Path} broken off after it started ({ExceptionType}: {Reason})")]
    private static partial void LogBrokenOff(ILogger logger, PathString path, string exceptionType, string reason);
}
