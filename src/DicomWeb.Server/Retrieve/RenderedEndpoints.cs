using System.Globalization;
using DicomWeb.Client;
using DicomWeb.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DicomWeb.Server.Retrieve;

/// <summary>
/// Rendered images and thumbnails (PS3.18 10.4.1.1.5 and 10.4.1.1.6) of a study, series, instance
/// or frames, where the store offers them (a folder store does not: 406, as the store says). The
/// query parameters of Table 8.3.5-1 become <see cref="RenderedOptions"/>; one that does not parse
/// is 400 naming it.
/// </summary>
internal static class RenderedEndpoints
{
    private static readonly string[] Resources =
    [
        "studies/{study}",
        "studies/{study}/series/{series}",
        "studies/{study}/series/{series}/instances/{instance}",
        "studies/{study}/series/{series}/instances/{instance}/frames/{frames}",
    ];

    public static void Map(IEndpointRouteBuilder group, DicomWebOrigin origin)
    {
        foreach (string resource in Resources)
        {
            group.MapGet(resource + "/rendered", context => RenderAsync(context, origin, thumbnail: false));
            group.MapGet(resource + "/thumbnail", context => RenderAsync(context, origin, thumbnail: true));
        }
    }

    private static async Task RenderAsync(HttpContext context, DicomWebOrigin origin, bool thumbnail)
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
        // The first concrete image or video type the client takes; image/jpeg for */* and image/*.
        AcceptChoice? wanted = choices.FirstOrDefault(c => c.MediaType.StartsWith("image/", StringComparison.Ordinal) || c.MediaType.StartsWith("video/", StringComparison.Ordinal)
            || c.IsMultipart && c.Type is string t && (t.StartsWith("image/", StringComparison.Ordinal) || t.StartsWith("video/", StringComparison.Ordinal)) || c.MediaType == "*/*");
        if (wanted is null)
        {
            await ErrorResponses.NotAcceptableAsync(context, "rendered images are image or video media types, which the Accept header does not allow").ConfigureAwait(false);
            return;
        }
        string mediaType = (wanted.IsMultipart ? wanted.Type! : wanted.MediaType) is var m && !m.Contains('*', StringComparison.Ordinal) ? m : "image/jpeg";
        if (Options(context.Request.Query, mediaType, out problem) is not RenderedOptions options)
        {
            await ErrorResponses.BadRequestAsync(context, problem!).ConfigureAwait(false);
            return;
        }
        IAsyncEnumerable<DicomPart> parts = thumbnail
            ? origin.Store.RetrieveThumbnailAsync(resource, mediaType, options.Viewport, context.RequestAborted)
            : origin.Store.RetrieveRenderedAsync(resource, options, context.RequestAborted);
        // One image (an instance of one frame, or one frame) goes as a single part unless the client asked for multipart.
        bool one = resource.SopInstanceUid is not null && resource.FrameNumbers.Count <= 1;
        await PartsResponse.SendAsync(context, origin, parts, wanted.IsMultipart || !one, $"the store has nothing to render under {resource}").ConfigureAwait(false);
    }

    private static RenderedOptions? Options(IQueryCollection query, string mediaType, out string? problem)
    {
        problem = null;
        var options = new RenderedOptions { MediaType = mediaType };
        if (query["viewport"].ToString() is { Length: > 0 } viewport)
        {
            string[] values = viewport.Split(',');
            int?[] numbers = [.. values.Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : (int?)null)];
            if (values.Length is not (2 or 6) || numbers[0] is not int width || numbers[1] is not int height || width < 1 || height < 1
                || values.Skip(2).Zip(numbers.Skip(2)).Any(p => p.First.Length > 0 && p.Second is null))
                return Fail("viewport: expected vw,vh or vw,vh,sx,sy,sw,sh with whole numbers (PS3.18 8.3.5.1.3)", out problem);
            options = options with { Viewport = values.Length == 2 ? new RenderedViewport(width, height) : new RenderedViewport(width, height, numbers[2], numbers[3], numbers[4], numbers[5]) };
        }
        if (query["quality"].ToString() is { Length: > 0 } quality)
        {
            if (!int.TryParse(quality, NumberStyles.None, CultureInfo.InvariantCulture, out int q) || q is < 1 or > 100)
                return Fail("quality: expected a whole number from 1 to 100 (PS3.18 8.3.5.1.4)", out problem);
            options = options with { Quality = q };
        }
        if (query["window"].ToString() is { Length: > 0 } window)
        {
            string[] values = window.Split(',');
            if (values.Length != 3 || !double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double center)
                || !double.TryParse(values[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double width) || width <= 0
                || values[2] is not ("linear" or "linear-exact" or "sigmoid"))
                return Fail("window: expected center,width,function with function linear, linear-exact or sigmoid (PS3.18 8.3.5.1.2)", out problem);
            VoiLutFunction function = values[2] switch { "linear-exact" => VoiLutFunction.LinearExact, "sigmoid" => VoiLutFunction.Sigmoid, _ => VoiLutFunction.Linear };
            options = options with { Window = new RenderedWindow(center, width, function) };
        }
        if (query["iccprofile"].ToString() is { Length: > 0 } profile)
        {
            RenderedIccProfile? parsed = profile switch
            {
                "no" => RenderedIccProfile.No,
                "yes" => RenderedIccProfile.Yes,
                "srgb" => RenderedIccProfile.Srgb,
                "adobergb" => RenderedIccProfile.AdobeRgb,
                "rommrgb" => RenderedIccProfile.RommRgb,
                _ => null,
            };
            if (parsed is null)
                return Fail("iccprofile: expected no, yes, srgb, adobergb or rommrgb", out problem);
            options = options with { IccProfile = parsed };
        }
        if (query["annotation"].ToString() is { Length: > 0 } annotation)
        {
            RenderedAnnotation flags = RenderedAnnotation.None;
            foreach (string name in annotation.Split(','))
            {
                flags |= name switch
                {
                    "patient" => RenderedAnnotation.Patient,
                    "technique" => RenderedAnnotation.Technique,
                    _ => (RenderedAnnotation)(-1),
                };
            }
            if ((int)flags < 0)
                return Fail("annotation: expected patient, technique or both, comma-separated", out problem);
            options = options with { Annotation = flags };
        }
        return options;
    }

    private static RenderedOptions? Fail(string message, out string? problem)
    {
        problem = message;
        return null;
    }
}
