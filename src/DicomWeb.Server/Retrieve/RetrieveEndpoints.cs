using System.Globalization;
using DicomWeb.Client;
using DicomWeb.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DicomWeb.Server.Retrieve;

/// <summary>
/// WADO-RS retrieve (PS3.18 10.4): instances of a study, series or instance, frames, and bulk data
/// by the BulkDataURIs the metadata hands out. The Accept header is turned into the SDK's
/// <see cref="AcceptableMediaType"/> choices, in the client's order of preference, and given to
/// the store, which decides what it can send (a folder store does not transcode; a gateway asks
/// its upstream server).
/// </summary>
internal static class RetrieveEndpoints
{
    private const string Instance = "studies/{study}/series/{series}/instances/{instance}";

    public static void Map(IEndpointRouteBuilder group, DicomWebOrigin origin)
    {
        group.MapGet("studies/{study}", context => InstancesAsync(context, origin));
        group.MapGet("studies/{study}/series/{series}", context => InstancesAsync(context, origin));
        group.MapGet(Instance, context => InstancesAsync(context, origin));
        group.MapGet(Instance + "/frames/{frames}", context => FramesAsync(context, origin));
        // Bulk data: any other path under an instance, as the store's BulkDataURIs are shaped
        // (a folder store's .../bulkdata/{tag}, Orthanc's .../bulk/{tag}); never a path outside one.
        group.MapGet(Instance + "/{**path}", context => BulkDataAsync(context, origin));
    }

    private static async Task InstancesAsync(HttpContext context, DicomWebOrigin origin)
    {
        if (RouteResource.From(context, out string? problem) is not WadoResource resource)
        {
            await ErrorResponses.BadRequestAsync(context, problem!).ConfigureAwait(false);
            return;
        }
        if (AcceptChoice.Parse(context.Request, out problem) is not { } choices)
        {
            await ErrorResponses.BadRequestAsync(context, problem!).ConfigureAwait(false);
            return;
        }
        var accept = new List<AcceptableMediaType>();
        try
        {
            foreach (AcceptChoice choice in choices)
            {
                if (choice.IsMultipart && choice.Type is null or "application/dicom")
                    accept.Add(AcceptableMediaType.Dicom(choice.TransferSyntax));
                else if (choice.MediaType == "application/dicom" && resource.SopInstanceUid is not null)
                    accept.Add(AcceptableMediaType.DicomSinglePart(choice.TransferSyntax));
                else if (choice.MediaType is "*/*" or "application/*")
                    accept.Add(AcceptableMediaType.Dicom());   // anything: the instances as stored
            }
        }
        catch (ArgumentException)
        {
            await ErrorResponses.BadRequestAsync(context, "a transfer-syntax parameter of the Accept header is neither * nor a UID").ConfigureAwait(false);
            return;
        }
        if (accept.Count == 0)
        {
            await ErrorResponses.NotAcceptableAsync(context, "instances are sent as multipart/related; type=\"application/dicom\" (or application/dicom for one instance), which the Accept header does not allow").ConfigureAwait(false);
            return;
        }
        await PartsResponse.SendAsync(context, origin, origin.Store.RetrieveAsync(resource, accept, context.RequestAborted), accept[0].IsMultipart, $"the store has no instances under {resource}").ConfigureAwait(false);
    }

    private static async Task FramesAsync(HttpContext context, DicomWebOrigin origin)
    {
        if (RouteResource.From(context, out string? problem) is not WadoResource resource)
        {
            await ErrorResponses.BadRequestAsync(context, problem!).ConfigureAwait(false);
            return;
        }
        if (BulkAccept(context, out int status, out problem, allowSinglePart: resource.FrameNumbers.Count == 1) is not { } accept)
        {
            await ErrorResponses.WriteAsync(context, status, problem!).ConfigureAwait(false);
            return;
        }
        await PartsResponse.SendAsync(context, origin, origin.Store.RetrieveAsync(resource, accept, context.RequestAborted), accept[0].IsMultipart, $"the store has no such frames: {resource}").ConfigureAwait(false);
    }

    private static async Task BulkDataAsync(HttpContext context, DicomWebOrigin origin)
    {
        if (RouteResource.From(context, out string? problem) is not WadoResource resource)
        {
            await ErrorResponses.BadRequestAsync(context, problem!).ConfigureAwait(false);
            return;
        }
        if (BulkAccept(context, out int status, out problem, allowSinglePart: true) is not { } accept)
        {
            await ErrorResponses.WriteAsync(context, status, problem!).ConfigureAwait(false);
            return;
        }
        string relative = $"{resource}/{context.Request.RouteValues["path"]}";
        ByteRange? range = Range(context.Request);
        IAsyncEnumerable<DicomPart> parts;
        try
        {
            parts = origin.Store.RetrieveBulkDataAsync(relative, range, context.RequestAborted);
        }
        catch (ArgumentException)
        {
            // The store does not follow the URI: for this server, a resource it does not have.
            await ErrorResponses.WriteAsync(context, StatusCodes.Status404NotFound, "the store has no bulk data at this path").ConfigureAwait(false);
            return;
        }
        // A range is a single part (PS3.18 8.6.1) when the client takes one, as a range request usually does.
        bool multipart = accept[0].IsMultipart && !(range is not null && accept.Any(a => !a.IsMultipart));
        await PartsResponse.SendAsync(context, origin, OnlyFound(parts), multipart, "the store has no bulk data at this path").ConfigureAwait(false);
    }

    // A store that refuses the URI while enumerating (the folder store checks on first use) does not have it.
    private static async IAsyncEnumerable<DicomPart> OnlyFound(IAsyncEnumerable<DicomPart> parts)
    {
        await using IAsyncEnumerator<DicomPart> enumerator = parts.GetAsyncEnumerator();
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    yield break;
            }
            catch (ArgumentException e)
            {
                throw new DicomWebException("the store has no bulk data at this path", HttpMethod.Get, null, System.Net.HttpStatusCode.NotFound, null, e);
            }
            yield return enumerator.Current;
        }
    }

    /// <summary>
    /// The choices for bulk data and frames: multipart/related with a bulk data type
    /// (application/octet-stream by default, image/jpeg...), or a single part when allowed.
    /// </summary>
    private static List<AcceptableMediaType>? BulkAccept(HttpContext context, out int status, out string? problem, bool allowSinglePart)
    {
        status = StatusCodes.Status400BadRequest;
        if (AcceptChoice.Parse(context.Request, out problem) is not { } choices)
            return null;
        var accept = new List<AcceptableMediaType>();
        try
        {
            foreach (AcceptChoice choice in choices)
            {
                if (choice.IsMultipart)
                {
                    string type = choice.Type ?? BulkDataMediaTypes.OctetStream;
                    if (type == BulkDataMediaTypes.OctetStream)
                        accept.Add(AcceptableMediaType.OctetStream(choice.TransferSyntax));
                    else if (choice.TransferSyntax is null or "*")
                        accept.Add(AcceptableMediaType.Multipart(type));
                    else if (BulkDataMediaTypes.MediaTypeOf(choice.TransferSyntax) == type)
                        accept.Add(AcceptableMediaType.BulkData(choice.TransferSyntax));
                }
                else if (choice.MediaType is "*/*" or "application/*")
                {
                    accept.Add(AcceptableMediaType.OctetStream());
                }
                else if (allowSinglePart && !choice.MediaType.Contains('*', StringComparison.Ordinal))
                {
                    accept.Add(AcceptableMediaType.SinglePart(choice.MediaType));
                }
            }
        }
        catch (ArgumentException)
        {
            problem = "a transfer-syntax parameter or media type of the Accept header is not valid";
            return null;
        }
        if (accept.Count == 0)
        {
            status = StatusCodes.Status406NotAcceptable;
            problem = "bulk data and frames are sent as multipart/related; type=\"application/octet-stream\" (or a compressed bulk data type, or one single part), which the Accept header does not allow";
            return null;
        }
        return accept;
    }

    /// <summary>A single "bytes=first-[last]" range; anything else is ignored, as RFC 9110 14.2 lets a server do.</summary>
    private static ByteRange? Range(HttpRequest request)
    {
        string? header = request.Headers.Range;
        if (header is null || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(','))
            return null;
        string[] ends = header["bytes=".Length..].Trim().Split('-');
        if (ends.Length != 2 || !long.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out long first))
            return null;
        if (ends[1].Length == 0)
            return new ByteRange(first);
        return long.TryParse(ends[1], NumberStyles.None, CultureInfo.InvariantCulture, out long last) && last >= first ? new ByteRange(first, last) : null;
    }
}
