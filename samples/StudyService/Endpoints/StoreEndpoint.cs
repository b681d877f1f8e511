using DicomWeb.Client;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using StudyService.Model;

namespace StudyService.Endpoints;

/// <summary>
/// POST /studies: one instance (application/dicom) or several (multipart/related;
/// type="application/dicom") stored upstream with STOW-RS, streamed: each instance goes from the
/// request body to the upstream request as it arrives, never held whole in memory. A request
/// body cannot be read twice, so these upstream requests are not retried.
/// 200 when every instance was stored, 202 when some failed, 409 when none was stored; the
/// body is a <see cref="StoreSummary"/> in every case.
/// </summary>
public static class StoreEndpoint
{
    private const string DicomMediaType = "application/dicom";

    // The SDK prepares every input of one StoreAsync call before sending (it reads each head for
    // its UIDs), while parts of one request body can only be read in order: so each part is its
    // own upstream request.
    private static readonly StowOptions Streamed = new() { MaxRetries = 0 };

    public static void MapStoreEndpoint(this IEndpointRouteBuilder app) => app.MapPost("/studies", StoreAsync);

    public static async Task<IResult> StoreAsync(HttpContext http, [FromServices] IDicomWebClient client, [FromServices] ServiceSettings settings, CancellationToken cancellationToken)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = settings.MaxUploadBytes;
        // A declared length over the limit is refused before any upstream request starts; a chunked
        // body that runs over it fails where Kestrel stops reading it.
        if (http.Request.ContentLength > settings.MaxUploadBytes)
            return TooLarge(settings);

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out MediaTypeHeaderValue? contentType))
            return Problems.UnsupportedMediaType($"send {DicomMediaType} or multipart/related; type=\"{DicomMediaType}\".");
        var stored = new List<StoredInstance>();
        var failed = new List<FailedInstance>();
        try
        {
            if (contentType.MediaType.Equals(DicomMediaType, StringComparison.OrdinalIgnoreCase))
            {
                Add(await client.StoreAsync([StowInstance.FromStream(http.Request.Body, "body")], Streamed, null, cancellationToken), stored, failed);
            }
            else if (contentType.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase))
            {
                string? type = Parameter(contentType, "type");
                if (type is not null && !type.Equals(DicomMediaType, StringComparison.OrdinalIgnoreCase))
                    return Problems.UnsupportedMediaType($"the multipart type parameter must be {DicomMediaType} (the JSON and XML flavours of STOW-RS are not taken here).");
                string? boundary = Parameter(contentType, "boundary");
                if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
                    return Problems.BadParameter("Content-Type", "multipart/related needs a boundary parameter of 1 to 70 characters (RFC 2046).");
                if (await StorePartsAsync(new MultipartReader(boundary, http.Request.Body), type, client, stored, failed, cancellationToken) is IResult problem)
                    return problem;
            }
            else
            {
                return Problems.UnsupportedMediaType($"send {DicomMediaType} or multipart/related; type=\"{DicomMediaType}\".");
            }
        }
        catch (Exception e) when (Problems.IsUpstream(e))
        {
            return Problems.Upstream(e);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(settings);
        }

        if (stored.Count == 0 && failed.Count == 0)
            return Problems.BadParameter("body", "the multipart body holds no part.");
        int status = failed.Count == 0 ? StatusCodes.Status200OK : stored.Count > 0 ? StatusCodes.Status202Accepted : StatusCodes.Status409Conflict;
        return Results.Json(new StoreSummary(stored, failed), StudyServiceJson.Default.StoreSummary, statusCode: status);
    }

    private static async Task<IResult?> StorePartsAsync(MultipartReader reader, string? type, IDicomWebClient client, List<StoredInstance> stored, List<FailedInstance> failed, CancellationToken cancellationToken)
    {
        int number = 0;
        while (true)
        {
            MultipartSection? section;
            try
            {
                section = await reader.ReadNextSectionAsync(cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // The platform's reader names the fault (missing boundary, header too long, body cut short).
                return Problems.BadParameter("body", $"the multipart body is malformed after part {number}: {e.Message}");
            }
            if (section is null)
                return null;
            number++;
            string source = $"part {number}";
            string partType = section.ContentType ?? type ?? DicomMediaType;
            if (!MediaTypeHeaderValue.TryParse(partType, out MediaTypeHeaderValue? parsed) || !parsed.MediaType.Equals(DicomMediaType, StringComparison.OrdinalIgnoreCase))
            {
                failed.Add(new FailedInstance(null, null, $"{source} is not {DicomMediaType}: not sent", source));
                continue;   // the reader skips the rest of this part
            }
            Add(await client.StoreAsync([StowInstance.FromStream(section.Body, source)], Streamed, null, cancellationToken), stored, failed);
        }
    }

    private static IResult TooLarge(ServiceSettings settings) =>
        Results.Json(new Problem("https://dicomweb.example/problems/too-large", "Request body too large", 413,
            $"the body is over StudyService:MaxUploadBytes ({settings.MaxUploadBytes} bytes).", "body"), StudyServiceJson.Default.Problem, Problems.ContentType, 413);

    private static string? Parameter(MediaTypeHeaderValue contentType, string name)
    {
        foreach (NameValueHeaderValue parameter in contentType.Parameters)
        {
            if (parameter.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                return HeaderUtilities.RemoveQuotes(parameter.Value).ToString();
        }
        return null;
    }

    private static void Add(StowResult result, List<StoredInstance> stored, List<FailedInstance> failed)
    {
        foreach (StowStoredInstance s in result.Stored)
            stored.Add(new StoredInstance(s.SopClassUid, s.SopInstanceUid, s.RetrieveUrl?.AbsoluteUri, s.WarningReason, s.Source));
        foreach (StowFailedInstance f in result.Failed)
            failed.Add(new FailedInstance(f.SopInstanceUid, f.FailureReason, f.Reason, f.Source));
        foreach (StowNotSentInstance n in result.NotSent)
            failed.Add(new FailedInstance(n.SopInstanceUid, null, n.Reason, n.Source));
        foreach (StowFailedInstance o in result.OtherFailures)
            failed.Add(new FailedInstance(o.SopInstanceUid, o.FailureReason, o.Reason, o.Source));
    }
}
