using Microsoft.AspNetCore.Http.Timeouts;
using StudyService.Logging;

namespace StudyService.Endpoints;

/// <summary>
/// Every request's deadline (StudyService:RequestTimeout, ASP.NET Core's request timeouts): when it
/// passes, the request's token is canceled, which cancels the upstream call and the reading of the
/// body, and the answer is a 504 problem. An answer already streaming (a preview) is cut off instead.
/// </summary>
public static class RequestDeadline
{
    public static void Add(IServiceCollection services, ServiceSettings settings) =>
        services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = settings.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
            WriteTimeoutResponse = context => WriteAsync(context, settings),
        });

    private static Task WriteAsync(HttpContext context, ServiceSettings settings)
    {
        context.RequestServices.GetRequiredService<UpstreamLog>().TimedOut(Name(context), settings.RequestTimeout);
        return Problems.Answer(Problems.Timeout(settings)).ExecuteAsync(context);
    }

    /// <summary>The endpoint's route ("GET /patients/{patientId}/studies"), never the request's own path: it holds patient IDs.</summary>
    public static string Name(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: string pattern }
            ? $"{context.Request.Method} {(pattern.StartsWith('/') ? pattern : "/" + pattern)}"
            : context.Request.Method;
}
