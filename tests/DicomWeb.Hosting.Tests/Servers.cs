using System.Globalization;
using DicomWeb.Sdk.Tests.Client;
using Microsoft.AspNetCore.Http;

namespace DicomWeb.Hosting.Tests;

/// <summary>In-process DICOMweb answers the hosting tests need.</summary>
public static class Servers
{
    /// <summary>A QIDO-RS server holding <paramref name="studies"/> studies (UIDs 1.2.3.1, 1.2.3.2, ...), paging by limit and offset.</summary>
    public static Task<FakeServer> StudiesAsync(int studies, Func<HttpContext, bool>? authorize = null) =>
        FakeServer.StartAsync(async context =>
        {
            if (authorize is not null && !authorize(context))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return;
            }
            await WriteStudiesAsync(context, studies);
        });

    public static async Task WriteStudiesAsync(HttpContext context, int studies)
    {
        int offset = int.TryParse(context.Request.Query["offset"], CultureInfo.InvariantCulture, out int o) ? o : 0;
        int limit = int.TryParse(context.Request.Query["limit"], CultureInfo.InvariantCulture, out int l) ? l : studies;
        var items = Enumerable.Range(offset + 1, Math.Max(0, Math.Min(limit, studies - offset)))
            .Select(i => "{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2.3." + i.ToString(CultureInfo.InvariantCulture) + "\"]}}");
        context.Response.ContentType = "application/dicom+json";
        await context.Response.WriteAsync("[" + string.Join(",", items) + "]");
    }

    /// <summary>The STOW-RS response data set that says every instance was stored.</summary>
    public static string StoredResponse(IEnumerable<(string SopClass, string SopInstance)> instances) =>
        "{\"00081199\":{\"vr\":\"SQ\",\"Value\":[" + string.Join(",", instances.Select(i =>
            "{\"00081150\":{\"vr\":\"UI\",\"Value\":[\"" + i.SopClass + "\"]},\"00081155\":{\"vr\":\"UI\",\"Value\":[\"" + i.SopInstance + "\"]}}")) + "]}}";
}
