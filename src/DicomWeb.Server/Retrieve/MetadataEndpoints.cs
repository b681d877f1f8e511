using DicomWeb.Client;
using DicomWeb.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DicomWeb.Server.Retrieve;

/// <summary>
/// WADO-RS metadata (PS3.18 10.4.1.1.2) of a study, series or instance: the store's data sets as
/// one DICOM JSON array, streamed one instance at a time, with every BulkDataURI the store wrote
/// made an absolute URL of this server (as clients expect, and as they may follow only on the
/// origin they asked).
/// </summary>
internal static class MetadataEndpoints
{
    public static void Map(IEndpointRouteBuilder group, DicomWebOrigin origin)
    {
        group.MapGet("studies/{study}/metadata", context => MetadataAsync(context, origin));
        group.MapGet("studies/{study}/series/{series}/metadata", context => MetadataAsync(context, origin));
        group.MapGet("studies/{study}/series/{series}/instances/{instance}/metadata", context => MetadataAsync(context, origin));
    }

    private static async Task MetadataAsync(HttpContext context, DicomWebOrigin origin)
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
        if (!JsonArrayResponse.IsAccepted(choices))
        {
            await ErrorResponses.NotAcceptableAsync(context, "metadata is sent as application/dicom+json, which the Accept header does not allow").ConfigureAwait(false);
            return;
        }
        CancellationToken cancellationToken = context.RequestAborted;
        string root = origin.PublicRoot(context);
        Uri metadataUrl = origin.Store.MetadataUrl(resource);
        await using IAsyncEnumerator<DicomDataset> datasets = origin.Store.RetrieveMetadataAsyncEnumerable(resource, cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool any;
        try
        {
            any = await datasets.MoveNextAsync().ConfigureAwait(false);
        }
        catch (DicomWebException failure)
        {
            await ErrorResponses.StoreFailedAsync(context, failure).ConfigureAwait(false);
            return;
        }
        if (!any)
        {
            await ErrorResponses.WriteAsync(context, StatusCodes.Status404NotFound, $"the store has no instances under {resource}").ConfigureAwait(false);
            return;
        }
        try
        {
            await using JsonArrayResponse response = JsonArrayResponse.Start(context);
            do
            {
                await response.WriteAsync(Public(datasets.Current, origin, root, metadataUrl), cancellationToken).ConfigureAwait(false);
            }
            while (await datasets.MoveNextAsync().ConfigureAwait(false));
            await response.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            context.Abort();   // the array is not whole: a body that breaks off says so
            throw;
        }
    }

    // Top-level BulkDataURIs, as stores write them (the folder store's, and servers' for pixel data).
    private static DicomDataset Public(DicomDataset dataset, DicomWebOrigin origin, string root, Uri metadataUrl)
    {
        foreach (DicomElement element in dataset.Where(e => e.Form == DicomValueForm.BulkDataUri).ToList())
        {
            string uri = dataset.GetBulkData(element.Tag)!.Uri!;
            dataset.SetBulkData(element.Tag, element.VR, DicomBulkData.FromUri(origin.ToPublic(uri, root, metadataUrl)));
        }
        return dataset;
    }
}
