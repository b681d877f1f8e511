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
/// say) as Warning 299 headers: the answer's first <see cref="DicomWebServerOptions.SearchHoldBytes"/>
/// are held until the results end, so that warnings reported while they come are headers too.
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
        string host = context.Request.Host.ToUriComponent();
        if (!any)
        {
            AddWarnings(context.Response, host, warnings, query, 0, complete: true);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        int count = 0;
        try
        {
            // Held until the array ends or passes the bound: the warnings a store reports while its
            // results come (a gateway's upstream, page by page) still go out as headers.
            await using JsonArrayResponse response = JsonArrayResponse.StartHeld(context, origin.Options.SearchHoldBytes,
                complete => AddWarnings(context.Response, host, warnings, query, count, complete));
            do
            {
                DicomDataset result = results.Current;
                if (result.Get(DicomTags.RetrieveURL) is string url)
                    result.Set(DicomTags.RetrieveURL, origin.ToPublic(url, root));
                count++;
                await response.WriteAsync(result, cancellationToken).ConfigureAwait(false);
            }
            while (await results.MoveNextAsync().ConfigureAwait(false));
            await response.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DicomWebException failure) when (!context.Response.HasStarted)
        {
            // Failed while the answer was held (a gateway's upstream, on a later page): nothing is sent yet, so it can say so.
            context.Response.Clear();
            await ErrorResponses.StoreFailedAsync(context, failure).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            context.Abort();   // the array is not whole: a body that breaks off says so
            throw;
        }
    }

    /// <summary>
    /// The store's warnings as Warning 299 headers, each text once. "There are N additional
    /// results" is passed on only when it still holds for this answer: the search has ended with
    /// the query's limit reached (a gateway's upstream said it with the page it stopped on). Where
    /// the store pages on by itself (a DicomWebClient follows the warning), the remaining results
    /// are in this very answer.
    /// </summary>
    private static void AddWarnings(HttpResponse response, string host, List<QidoWarning> warnings, QidoQuery query, int count, bool complete)
    {
        QidoWarning? additional = complete && query.ResultLimit is int limit && count >= limit
            ? warnings.LastOrDefault(w => w.Kind == QidoWarningKind.AdditionalResults)
            : null;
        var sent = new HashSet<string>(StringComparer.Ordinal);
        foreach (QidoWarning warning in warnings.ToList())
        {
            if ((warning.Kind != QidoWarningKind.AdditionalResults || ReferenceEquals(warning, additional)) && sent.Add(warning.Text))
                response.Headers.Append("Warning", $"299 {host} \"{HeaderValues.Quotable(warning.Text)}\"");
        }
    }
}
