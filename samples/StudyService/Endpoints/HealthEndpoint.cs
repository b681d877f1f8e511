using DicomWeb.Client;
using Microsoft.AspNetCore.Mvc;
using StudyService.Logging;
using StudyService.Model;

namespace StudyService.Endpoints;

/// <summary>GET /healthz: 200 when the upstream answers a one-row study search within HealthTimeout, 503 otherwise.</summary>
public static class HealthEndpoint
{
    public static void MapHealthEndpoint(this IEndpointRouteBuilder app) => app.MapGet("/healthz", CheckAsync);

    public static async Task<IResult> CheckAsync([FromServices] IDicomWebClient client, [FromServices] ServiceSettings settings, [FromServices] UpstreamLog log, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.HealthTimeout);
        try
        {
            await foreach (var _ in client.SearchAsync(Qido.Studies().Limit(1), timeout.Token))
                break;
            return Results.Json(new Health("ok"), StudyServiceJson.Default.Health);
        }
        catch (Exception e) when (Problems.IsUpstream(e) || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            log.Failed("GET /healthz", e);
            return Results.Json(new Health("unavailable", Problems.Describe(e)), StudyServiceJson.Default.Health, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
