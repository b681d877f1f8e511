using System.Globalization;
using DicomWeb.Client;
using Microsoft.AspNetCore.Http;

namespace DicomWeb.Server.Http;

/// <summary>
/// The study, series, instance and frames a request path names, checked: a path segment that is
/// not a UID (or a frame list that is not numbers from 1) never reaches the store.
/// </summary>
internal static class RouteResource
{
    private const int MaxFrames = 10_000;

    /// <summary>The resource of the route values study, series, instance (and frames); null and why when one is malformed.</summary>
    public static WadoResource? From(HttpContext context, out string? problem)
    {
        problem = null;
        if (Uid(context, "study", "Study Instance UID", ref problem) is not string study)
            return null;
        WadoResource resource = Client.Wado.Study(study);
        if (context.Request.RouteValues.ContainsKey("series"))
        {
            if (Uid(context, "series", "Series Instance UID", ref problem) is not string series)
                return null;
            resource = resource.Series(series);
        }
        if (context.Request.RouteValues.ContainsKey("instance"))
        {
            if (Uid(context, "instance", "SOP Instance UID", ref problem) is not string instance)
                return null;
            resource = resource.Instance(instance);
        }
        if (context.Request.RouteValues.TryGetValue("frames", out object? value))
        {
            if (Frames(value as string) is not int[] frames)
            {
                problem = $"'{Shown(value as string)}' is not a frame list: frame numbers from 1, separated by commas (PS3.18 10.4.1.1.4)";
                return null;
            }
            resource = resource.Frames(frames);
        }
        return resource;
    }

    /// <summary>A UID route value, checked (PS3.5 9.1).</summary>
    public static string? Uid(HttpContext context, string name, string what, ref string? problem)
    {
        string? text = context.Request.RouteValues[name] as string;
        if (DicomUid.IsValid(text))
            return text;
        problem = $"'{Shown(text)}' in the path is not a {what} (digits and dots, at most 64 characters)";
        return null;
    }

    private static int[]? Frames(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        string[] items = text.Split(',');
        if (items.Length > MaxFrames)
            return null;
        var frames = new int[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!int.TryParse(items[i], NumberStyles.None, CultureInfo.InvariantCulture, out frames[i]) || frames[i] < 1)
                return null;
        }
        return frames;
    }

    private static string Shown(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80] + "…";
}
