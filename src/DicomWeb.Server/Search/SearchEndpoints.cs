using DicomWeb.Client;
using DicomWeb.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DicomWeb.Server.Search;

/// <summary>
/// QIDO-RS (PS3.18 10.6) at every level and scope of Table 10.6.1-4. The store searches; the
/// results are streamed as one DICOM JSON array (204 when there are none), with their
/// RetrieveURL made a URL of this server, and the store's warnings (unsupported fuzzy matching,
/// say) as Warning 299 headers.
/// </summary>
internal static class SearchEndpoints
{
    public static void Map(IEndpointRouteBuilder group, DicomWebOrigin origin)
    {
        group.MapGet("studies", context => SearchAsync(context, origin, _ => Client.Qido.Studies()));
        group.MapGet("series", context => SearchAsync(context, origin, _ => Client.Qido.Series()));
        group.MapGet("instances", context => SearchAsync(context, origin, _ => Client.Qido.Instances()));
        group.MapGet("studies/{study}/series", context => SearchAsync(context, origin, uids => Client.Qido.Series(uids[0])));
        group.MapGet("studies/{study}/instances", context => SearchAsync(context, origin, uids => Client.Qido.Instances(uids[0])));
        group.MapGet("studies/{study}/series/{series}/instances", context => SearchAsync(context, origin, uids => Client.Qido.Instances(uids[0], uids[1])));
    }

    private static async Task SearchAsync(HttpContext context, DicomWebOrigin origin, Func<string[], QidoQuery> level)
    {
        var uids = new List<string>();
        string? problem = null;
        foreach ((string name, string what) in (ReadOnlySpan<(string, string)>)[("study", "Study Instance UID"), ("series", "Series Instance UID")])
        {
            if (!context.Request.RouteValues.ContainsKey(name))
                continue;
            if (RouteResource.Uid(context, name, what, ref problem) is not string uid)
            {
                await ErrorResponses.BadRequestAsync(context, problem!).ConfigureAwait(false);
                return;
            }
            uids.Add(uid);
        }
        if (AcceptChoice.Parse(context.Request, out problem) is not { } choices)
        {
            await ErrorResponses.BadRequestAsync(context, problem!).ConfigureAwait(false);
            return;
        }
        if (!JsonArrayResponse.IsAccepted(choices))
        {
            await ErrorResponses.NotAcceptableAsync(context, "search results are sent as application/dicom+json, which the Accept header does not allow").ConfigureAwait(false);
            return;
        }
        if (QidoParameters.Parse(level([.. uids]), context.Request.QueryString.Value, out problem) is not QidoQuery query)
        {
            await ErrorResponses.BadRequestAsync(context, problem!).ConfigureAwait(false);
            return;
        }

        CancellationToken cancellationToken = context.RequestAborted;
        string root = origin.PublicRoot(context);
        var warnings = new List<QidoWarning>();
        await using IAsyncEnumerator<DicomDataset> results = origin.Store.SearchAsync(query, warnings, cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool any;
        try
        {
            any = await results.MoveNextAsync().ConfigureAwait(false);
        }
        catch (DicomWebException failure)
        {
            await ErrorResponses.StoreFailedAsync(context, failure).ConfigureAwait(false);
            return;
        }
        // Warnings known before the first result (the store's, and the first page of a gateway's upstream).
        foreach (QidoWarning warning in warnings.ToList())
            context.Response.Headers.Append("Warning", $"299 {context.Request.Host.ToUriComponent()} \"{HeaderValues.Quotable(warning.Text)}\"");
        if (!any)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        try
        {
            await using JsonArrayResponse response = JsonArrayResponse.Start(context);
            do
            {
                DicomDataset result = results.Current;
                if (result.Get(DicomTags.RetrieveURL) is string url)
                    result.Set(DicomTags.RetrieveURL, origin.ToPublic(url, root));
                await response.WriteAsync(result, cancellationToken).ConfigureAwait(false);
            }
            while (await results.MoveNextAsync().ConfigureAwait(false));
            await response.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            context.Abort();   // the array is not whole: a body that breaks off says so
            throw;
        }
    }
}
