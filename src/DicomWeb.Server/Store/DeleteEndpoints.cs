using DicomWeb.Client;
using DicomWeb.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DicomWeb.Server.Store;

/// <summary>
/// DELETE of a study, series or instance: not in PS3.18, offered by several servers (dcm4chee,
/// Azure) and by the folder store. 204 when done; the store's 404 (or 405) otherwise. Protect it
/// like any write (docs/server.md): RequireAuthorization on the mapped group.
/// </summary>
internal static class DeleteEndpoints
{
    public static void Map(IEndpointRouteBuilder group, DicomWebOrigin origin)
    {
        group.MapDelete("studies/{study}", context => DeleteAsync(context, origin));
        group.MapDelete("studies/{study}/series/{series}", context => DeleteAsync(context, origin));
        group.MapDelete("studies/{study}/series/{series}/instances/{instance}", context => DeleteAsync(context, origin));
    }

    private static async Task DeleteAsync(HttpContext context, DicomWebOrigin origin)
    {
        if (RouteResource.From(context, out string? problem) is not WadoResource resource)
        {
            await ErrorResponses.BadRequestAsync(context, problem!).ConfigureAwait(false);
            return;
        }
        try
        {
            await origin.Store.DeleteAsync(resource, context.RequestAborted).ConfigureAwait(false);
        }
        catch (DicomWebException failure)
        {
            // 405 from a store that offers no delete (Orthanc's plugin) is this server's answer too.
            if (failure.StatusCode == System.Net.HttpStatusCode.MethodNotAllowed)
                await ErrorResponses.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "the store does not offer DELETE").ConfigureAwait(false);
            else
                await ErrorResponses.StoreFailedAsync(context, failure).ConfigureAwait(false);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
