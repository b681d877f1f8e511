using DicomWeb.Client;
using DicomWeb.Json;
using DicomWeb.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace DicomWeb.Server.Store;

/// <summary>
/// STOW-RS (PS3.18 10.5): a multipart/related body read part by part with the SDK's reader. Each
/// application/dicom part is handed to the store as it arrives, as a stream, so the request is
/// never held whole; the JSON flavour (application/dicom+json and bulk data parts) is put together
/// once the body ends. A single-part application/dicom body is taken as one instance, as some
/// servers do. The answer is the Store Instances Response Module with 200, 202 or 409.
/// </summary>
internal static class StoreEndpoints
{
    public static void Map(IEndpointRouteBuilder group, DicomWebOrigin origin)
    {
        group.MapPost("studies", context => StoreAsync(context, origin));
        group.MapPost("studies/{study}", context => StoreAsync(context, origin));
    }

    private static async Task StoreAsync(HttpContext context, DicomWebOrigin origin)
    {
        string? problem = null;
        string? study = null;
        if (context.Request.RouteValues.ContainsKey("study") && (study = RouteResource.Uid(context, "study", "Study Instance UID", ref problem)) is null)
        {
            await ErrorResponses.BadRequestAsync(context, problem!).ConfigureAwait(false);
            return;
        }
        if (AcceptChoice.Parse(context.Request, out problem) is not { } choices)
        {
            await ErrorResponses.BadRequestAsync(context, problem!).ConfigureAwait(false);
            return;
        }
        if (!JsonArrayResponse.IsAccepted(choices))
        {
            await ErrorResponses.NotAcceptableAsync(context, "the store response is sent as application/dicom+json, which the Accept header does not allow").ConfigureAwait(false);
            return;
        }
        MediaTypeHeader? type = MediaTypeHeader.TryParse(context.Request.ContentType);
        bool single = type?.MediaType == "application/dicom";
        if (!single && (type is not { MediaType: "multipart/related" } || type["type"] is not (null or "application/dicom" or "application/dicom+json")))
        {
            await ErrorResponses.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
                "STOW-RS takes multipart/related; type=\"application/dicom\" (or \"application/dicom+json\" with bulk data parts), or one application/dicom instance").ConfigureAwait(false);
            return;
        }
        long max = origin.Options.MaxStowRequestBytes;
        if (context.Request.ContentLength > max)
        {
            await ErrorResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {max} bytes").ConfigureAwait(false);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = max;

        var outcome = new StowOutcome();
        var options = new StowOptions { StudyInstanceUid = study };
        CancellationToken cancellationToken = context.RequestAborted;
        string root = origin.PublicRoot(context);
        try
        {
            if (single)
                await StorePart10Async(origin, new ObservedStream(context.Request.Body), "part 1", options, outcome, cancellationToken).ConfigureAwait(false);
            else if (await ReadPartsAsync(context, origin, type!, options, outcome, root, cancellationToken).ConfigureAwait(false) is (int status, string message))
            {
                await AnswerAsync(context, origin, outcome, root, study, status, message).ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;   // the client went away
        }
        catch (BadHttpRequestException e)
        {
            // A single-part body read directly: Kestrel's own verdict (413 past the bound, 400 when cut short).
            (int status, string message) = BodyFailure(e, null);
            await AnswerAsync(context, origin, outcome, root, study, status, message).ConfigureAwait(false);
            return;
        }
        if (outcome.Count == 0)
        {
            await ErrorResponses.BadRequestAsync(context, "the request holds no instance").ConfigureAwait(false);
            return;
        }
        await AnswerAsync(context, origin, outcome, root, study, outcome.Status, null).ConfigureAwait(false);
    }

    /// <summary>Reads the parts; a status and message when the body ends the request early (broken, too large).</summary>
    private static async Task<(int, string)?> ReadPartsAsync(HttpContext context, DicomWebOrigin origin, MediaTypeHeader type, StowOptions options, StowOutcome outcome, string root, CancellationToken cancellationToken)
    {
        MultipartRelatedReader reader;
        try
        {
            reader = MultipartRelatedReader.Create(context.Request.Body, type, origin.Options.MultipartLimits);
        }
        catch (DicomWebException e)
        {
            return (StatusCodes.Status400BadRequest, ErrorResponses.Reason(e));
        }
        var json = new JsonStowParts(origin.Options.MaxStowJsonBytes, new Uri(root + context.Request.Path.Value![origin.Prefix.Length..].TrimStart('/'), UriKind.Absolute));
        int number = 0;
        try
        {
            while (await reader.ReadNextPartAsync(cancellationToken).ConfigureAwait(false) is DicomPart part)
            {
                number++;
                var content = new ObservedStream(part.Content);
                switch (part.MediaType)
                {
                    case "application/dicom":
                        await StorePart10Async(origin, content, $"part {number}", options, outcome, cancellationToken).ConfigureAwait(false);
                        break;
                    case "application/dicom+json":
                        await json.AddMetadataAsync(content, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        if (!await json.AddBulkDataAsync(new DicomPart(part.Headers, content, part.ContentType), cancellationToken).ConfigureAwait(false))
                            outcome.Fail(null, null, StowOutcome.CannotUnderstand, $"part {number} ({part.MediaType}) is neither an instance nor bulk data with a Content-Location");
                        break;
                }
                if (content.Failure is Exception broken)
                    throw broken;
            }
        }
        catch (DicomWebException e)
        {
            return BodyFailure(e, e.InnerException);
        }
        catch (StowLimitException e)
        {
            return (StatusCodes.Status413PayloadTooLarge, e.Message);
        }
        catch (DicomJsonException e)
        {
            return (StatusCodes.Status400BadRequest, $"an application/dicom+json part is not a DICOM JSON array: {e.Message}");
        }
        if (json.HasMetadata || json.HasBulkData)
        {
            (List<StowInstance> instances, var incomplete) = json.Assemble();
            foreach ((string? sopClass, string? sop, string why) in incomplete)
                outcome.Fail(sopClass, sop, StowOutcome.CannotUnderstand, why);
            if (instances.Count > 0)
                await StoreAsync(origin, instances, options, outcome, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    // A body that cannot be read on: cut off by the size bound (Kestrel's 413), or malformed (400).
    private static (int, string) BodyFailure(Exception failure, Exception? inner) =>
        (inner ?? failure) is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
            ? (StatusCodes.Status413PayloadTooLarge, "the request body is larger than the server takes")
            : (StatusCodes.Status400BadRequest, failure is DicomWebException e ? ErrorResponses.Reason(e) : $"the request body could not be read ({failure.Message})");

    private static Task StorePart10Async(DicomWebOrigin origin, ObservedStream content, string name, StowOptions options, StowOutcome outcome, CancellationToken cancellationToken) =>
        StoreAsync(origin, [StowInstance.FromStream(content, name)], options, outcome, cancellationToken, content);

    private static async Task StoreAsync(DicomWebOrigin origin, IReadOnlyList<StowInstance> instances, StowOptions options, StowOutcome outcome, CancellationToken cancellationToken, ObservedStream? body = null)
    {
        StowResult result;
        try
        {
            result = await origin.Store.StoreAsync(instances, options, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DicomWebException or IOException)
        {
            // The body broke off under the store (malformed, too large, the client gone): the request ends, not just this instance.
            if (body?.Failure is Exception broken)
                throw broken;
            // The store failed as a whole for these instances (a gateway's upstream unreachable, say).
            foreach (StowInstance instance in instances)
                outcome.Fail(null, null, StowOutcome.ProcessingFailure, $"{instance.Source}: the store failed ({e.GetType().Name})");
            return;
        }
        // A store that reads a body as far as it can and reports the instance failed: the body's failure wins too.
        if (body?.Failure is Exception cut)
            throw cut;
        outcome.Add(result);
    }

    private static async Task AnswerAsync(HttpContext context, DicomWebOrigin origin, StowOutcome outcome, string root, string? study, int status, string? message)
    {
        if (outcome.Count == 0 && message is not null)
        {
            await ErrorResponses.WriteAsync(context, status, message).ConfigureAwait(false);
            return;
        }
        // What was stored before the body broke off stays stored: the answer says which, with the body's status.
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/dicom+json";
        if (message is not null)
            context.Response.Headers.Append("Warning", $"299 {context.Request.Host.ToUriComponent()} \"{HeaderValues.Quotable(message)}\"");
        // One data set, as a JSON object (the response module is one data set, not a list of results).
        await DicomJson.SerializeAsync(context.Response.Body, outcome.ToDataset(origin, root, study), context.RequestAborted).ConfigureAwait(false);
    }
}
