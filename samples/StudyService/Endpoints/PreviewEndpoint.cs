using System.Net;
using DicomWeb.Client;
using Microsoft.AspNetCore.Mvc;
using StudyService.Logging;

namespace StudyService.Endpoints;

/// <summary>
/// GET /studies/{study}/series/{series}/instances/{instance}/preview?size=256: the upstream's
/// rendered image (WADO-RS /rendered, a viewport of size x size) streamed through with its
/// content type; 404 when the server has none.
/// </summary>
public static class PreviewEndpoint
{
    public const int DefaultSize = 256;

    public static void MapPreviewEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/studies/{study}/series/{series}/instances/{instance}/preview", PreviewAsync);

    public static async Task<IResult> PreviewAsync(string study, string series, string instance, string? size,
        [FromServices] IDicomWebClient client, [FromServices] ServiceSettings settings, [FromServices] UpstreamLog log, CancellationToken cancellationToken)
    {
        // Each UID is checked alone so the answer names the one at fault.
        WadoResource resource;
        try { resource = Wado.Study(study); } catch (ArgumentException) { return Problems.BadParameter("study", QueryInput.NotAUid("study")); }
        try { resource = resource.Series(series); } catch (ArgumentException) { return Problems.BadParameter("series", QueryInput.NotAUid("series")); }
        try { resource = resource.Instance(instance); } catch (ArgumentException) { return Problems.BadParameter("instance", QueryInput.NotAUid("instance")); }

        int pixels = DefaultSize;
        if (size is not null && (!int.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pixels) || pixels < 1 || pixels > settings.MaxPreviewSize))
            return Problems.BadParameter("size", $"size must be a whole number of pixels from 1 to {settings.MaxPreviewSize}.");

        var options = new RenderedOptions { MediaType = "image/jpeg", Viewport = new RenderedViewport(pixels, pixels) };
        IAsyncEnumerator<DicomPart> parts = client.RetrieveRenderedAsync(resource, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool handedOver = false;
        try
        {
            if (!await parts.MoveNextAsync())
                return Problems.NotFound("the DICOMweb server has no rendered image of this instance.");
            handedOver = true;
            return new StreamedPart(parts);
        }
        catch (DicomWebException e) when (e.StatusCode is HttpStatusCode.NotFound)
        {
            return Problems.NotFound("the DICOMweb server has no rendered image of this instance.");
        }
        catch (Exception e) when (Problems.IsUpstream(e))
        {
            log.Failed("GET /studies/{study}/series/{series}/instances/{instance}/preview", e);
            return Problems.Upstream(e);
        }
        finally
        {
            if (!handedOver)
                await parts.DisposeAsync();
        }
    }

    /// <summary>Copies the current part to the response as it arrives, then ends the upstream response.</summary>
    private sealed class StreamedPart(IAsyncEnumerator<DicomPart> parts) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            await using (parts)
            {
                DicomPart part = parts.Current;
                httpContext.Response.StatusCode = StatusCodes.Status200OK;
                httpContext.Response.ContentType = part.ContentType;
                if (part.ContentLength is long length)
                    httpContext.Response.ContentLength = length;
                await part.Content.CopyToAsync(httpContext.Response.Body, httpContext.RequestAborted);
            }
        }
    }
}
