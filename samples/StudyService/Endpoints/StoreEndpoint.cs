using DicomWeb.Client;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using StudyService.Logging;
using StudyService.Model;
using StudyService.Uploads;

namespace StudyService.Endpoints;

/// <summary>
/// POST /studies: one instance (application/dicom) or several (multipart/related;
/// type="application/dicom") stored upstream with STOW-RS, streamed: each instance goes from the
/// request body to the upstream request as it arrives, never held whole in memory. A request
/// body cannot be read twice, so these upstream requests are not retried.
/// 200 when every instance was stored, 202 when some failed, 409 when none was stored (each
/// refused by the server or not DICOM): a <see cref="StoreSummary"/>. When the upload itself
/// fails — the body over the limit (413), malformed or cut short (400), the upstream failing with
/// nothing stored (502), the deadline (504) — an <see cref="UploadProblem"/> that still lists
/// every part read so far.
/// </summary>
public static class StoreEndpoint
{
    private const string DicomMediaType = "application/dicom";

    // The SDK prepares every input of one StoreAsync call before sending (it reads each head for
    // its UIDs), while parts of one request body can only be read in order: so each part is its
    // own upstream request.
    private static readonly StowOptions Streamed = new() { MaxRetries = 0 };

    public static void MapStoreEndpoint(this IEndpointRouteBuilder app) => app.MapPost("/studies", StoreAsync);

    public static async Task<IResult> StoreAsync(HttpContext http, [FromServices] IDicomWebClient client, [FromServices] ServiceSettings settings, [FromServices] UpstreamLog log, CancellationToken cancellationToken)
    {
        // Kestrel's own limit (it refuses a body that runs past it), and the count of GuardedBody
        // beside it for whatever framing or server feature lacks one.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = settings.MaxUploadBytes;
        if (http.Request.ContentLength > settings.MaxUploadBytes)
            return Problems.Answer(TooLarge(settings, new UploadLedger(http.Request.PathBase, log)));

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out MediaTypeHeaderValue? contentType))
            return Problems.UnsupportedMediaType($"send {DicomMediaType} or multipart/related; type=\"{DicomMediaType}\".");
        bool multipart = contentType.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase);
        string? boundary = null;
        if (multipart)
        {
            string? type = Parameter(contentType, "type");
            if (type is not null && !type.Equals(DicomMediaType, StringComparison.OrdinalIgnoreCase))
                return Problems.UnsupportedMediaType($"the multipart type parameter must be {DicomMediaType} (the JSON and XML flavours of STOW-RS are not taken here).");
            boundary = Parameter(contentType, "boundary");
            if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
                return Problems.BadParameter("Content-Type", "multipart/related needs a boundary parameter of 1 to 70 characters (RFC 2046).");
        }
        else if (!contentType.MediaType.Equals(DicomMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.UnsupportedMediaType($"send {DicomMediaType} or multipart/related; type=\"{DicomMediaType}\".");
        }

        var body = new GuardedBody(http.Request.Body, settings.MaxUploadBytes);
        var ledger = new UploadLedger(http.Request.PathBase, log);
        UploadProblem? problem = multipart
            ? await StorePartsAsync(new MultipartReader(boundary!, body), body, client, ledger, settings, cancellationToken)
            : await StoreOneAsync(body, "body", body, client, ledger, settings, cancellationToken);
        if ((problem ?? Conclude(ledger)) is UploadProblem failed)
            return Problems.Answer(failed);
        if (ledger.Stored.Count == 0 && ledger.Failed.Count == 0)
            return Problems.BadParameter("body", "the multipart body holds no part.");
        int status = ledger.Failed.Count == 0 ? StatusCodes.Status200OK : ledger.Stored.Count > 0 ? StatusCodes.Status202Accepted : StatusCodes.Status409Conflict;
        return Results.Json(new StoreSummary(ledger.Stored, ledger.Failed), StudyServiceJson.Default.StoreSummary, statusCode: status);
    }

    private static async Task<UploadProblem?> StorePartsAsync(MultipartReader reader, GuardedBody body, IDicomWebClient client, UploadLedger ledger, ServiceSettings settings, CancellationToken cancellationToken)
    {
        int number = 0;
        while (true)
        {
            MultipartSection? section;
            try
            {
                section = await reader.ReadNextSectionAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return TimedOut(settings, ledger);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // The platform's reader names the fault (missing boundary, header too long, body cut short).
                if (body.OverLimit)
                {
                    ledger.AddBroken($"part {number + 1}", body);
                    return TooLarge(settings, ledger);
                }
                ledger.AddMalformed($"part {number + 1}", e);
                return Malformed($"the multipart body is malformed after part {number} ({e.Message}); nothing after it was read.", ledger);
            }
            if (section is null)
                return null;
            number++;
            string source = $"part {number}";
            string partType = section.ContentType ?? DicomMediaType;
            if (!MediaTypeHeaderValue.TryParse(partType, out MediaTypeHeaderValue? parsed) || !parsed.MediaType.Equals(DicomMediaType, StringComparison.OrdinalIgnoreCase))
            {
                ledger.Add(new FailedInstance(null, null, $"{source} is not {DicomMediaType}: not sent", source));
                continue;   // the reader skips the rest of this part
            }
            if (ledger.UpstreamFailed)
            {
                ledger.AddSkipped(source);
                continue;
            }
            var part = new GuardedBody(section.Body, body);
            if (await StoreOneAsync(part, source, body, client, ledger, settings, cancellationToken) is UploadProblem problem)
                return problem;
        }
    }

    /// <summary>Stores one instance read from <paramref name="source"/> (the body, or one part of it); a problem when the upload cannot go on.</summary>
    private static async Task<UploadProblem?> StoreOneAsync(GuardedBody source, string name, GuardedBody body, IDicomWebClient client, UploadLedger ledger, ServiceSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            ledger.Add(await client.StoreAsync([StowInstance.FromStream(source, name)], Streamed, null, cancellationToken), source);
        }
        catch (StowCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            ledger.Add(e.Result, source, canceled: true);
            return TimedOut(settings, ledger);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return TimedOut(settings, ledger);
        }
        catch (Exception e) when (e is IOException or InvalidDataException && source.Fault is not null)
        {
            // The SDK reads the head of an instance before it sends anything: the body broke there.
            ledger.AddBroken(name, source);
        }
        if (body.OverLimit || source.OverLimit)
            return TooLarge(settings, ledger);
        if (source.Fault is not null)
            return Malformed($"the request body broke off in {name} ({source.Fault.Message}); nothing after it was read.", ledger);
        return null;
    }

    /// <summary>After the parts: nothing stored because the upstream failed is a 502, not a 409 (the caller's instances were not at fault).</summary>
    private static UploadProblem? Conclude(UploadLedger ledger) => ledger.UpstreamFailed && ledger.Stored.Count == 0 ? UpstreamFailed(ledger) : null;

    private static UploadProblem UpstreamFailed(UploadLedger ledger) =>
        new("https://dicomweb.example/problems/upstream", "The DICOMweb server failed", StatusCodes.Status502BadGateway,
            "the DICOMweb server could not store the upload (it could not be reached, gave no answer or failed); nothing was stored.", null, ledger.Stored, ledger.Failed);

    private static UploadProblem TooLarge(ServiceSettings settings, UploadLedger ledger) =>
        new("https://dicomweb.example/problems/too-large", "Request body too large", StatusCodes.Status413PayloadTooLarge,
            $"the body is over StudyService:MaxUploadBytes ({settings.MaxUploadBytes} bytes){Summary(ledger)}", "body", ledger.Stored, ledger.Failed);

    private static UploadProblem Malformed(string detail, UploadLedger ledger) =>
        new("https://dicomweb.example/problems/bad-parameter", "Invalid body", StatusCodes.Status400BadRequest, detail.TrimEnd('.') + Summary(ledger), "body", ledger.Stored, ledger.Failed);

    private static UploadProblem TimedOut(ServiceSettings settings, UploadLedger ledger)
    {
        Problem timeout = Problems.Timeout(settings);
        return new(timeout.Type, timeout.Title, timeout.Status, timeout.Detail.TrimEnd('.') + Summary(ledger), null, ledger.Stored, ledger.Failed);
    }

    private static string Summary(UploadLedger ledger) =>
        ledger.Stored.Count == 0 ? "; nothing was stored." : $"; {ledger.Stored.Count} instance(s) were stored before that (listed in Stored), the rest are listed in Failed.";

    private static string? Parameter(MediaTypeHeaderValue contentType, string name)
    {
        foreach (NameValueHeaderValue parameter in contentType.Parameters)
        {
            if (parameter.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                return HeaderUtilities.RemoveQuotes(parameter.Value).ToString();
        }
        return null;
    }
}
