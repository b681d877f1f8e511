using System.Globalization;
using DicomWeb.Client;
using Microsoft.AspNetCore.Mvc;
using StudyService.Logging;
using StudyService.Model;
using static DicomWeb.DicomTags;

namespace StudyService.Endpoints;

/// <summary>GET /patients/{patientId}/studies and GET /studies/{study}/series: typed QIDO-RS searches.</summary>
public static class SearchEndpoints
{
    public static void MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/patients/{patientId}/studies", SearchStudiesAsync);
        app.MapGet("/studies/{study}/series", SearchSeriesAsync);
    }

    /// <summary>The studies of a patient; ?modality=CT&amp;from=2025-01-01&amp;to=2025-01-31 narrow them.</summary>
    public static async Task<IResult> SearchStudiesAsync(string patientId, string? modality, string? from, string? to,
        [FromServices] IDicomWebClient client, [FromServices] ServiceSettings settings, [FromServices] UpstreamLog log, CancellationToken cancellationToken)
    {
        if (QueryInput.PatientIdProblem(patientId) is string idProblem)
            return Problems.BadParameter("patientId", idProblem);
        QidoQuery query = Qido.Studies().Where(PatientID.Is(patientId));
        if (modality is not null)
        {
            if (QueryInput.CodeStringProblem(modality) is string problem)
                return Problems.BadParameter("modality", problem);
            query = query.Where(ModalitiesInStudy.Is(modality));
        }
        if (!QueryInput.TryDate(from, out DateOnly? fromDate))
            return Problems.BadParameter("from", "from must be a date written yyyy-MM-dd, e.g. 2025-01-01.");
        if (!QueryInput.TryDate(to, out DateOnly? toDate))
            return Problems.BadParameter("to", "to must be a date written yyyy-MM-dd, e.g. 2025-01-31.");
        if (fromDate > toDate)
            return Problems.BadParameter("from", string.Create(CultureInfo.InvariantCulture, $"from ({fromDate:yyyy-MM-dd}) is after to ({toDate:yyyy-MM-dd})."));
        if (fromDate is DateOnly first)
            query = query.Where(toDate is DateOnly last ? StudyDate.Between(first, last) : StudyDate.From(first));
        else if (toDate is DateOnly end)
            query = query.Where(StudyDate.Until(end));

        var rows = new List<StudyRow>();
        try
        {
            await foreach (StudyRecord study in client.SearchAsync<StudyRecord>(query.Limit(settings.MaxRows), cancellationToken))
            {
                rows.Add(StudyRow.From(study));
                if (rows.Count == settings.MaxRows)
                    break;
            }
        }
        catch (Exception e) when (Problems.IsUpstream(e))
        {
            log.Failed("GET /patients/{patientId}/studies", e);
            return Problems.Upstream(e);
        }
        return Results.Json(rows, StudyServiceJson.Default.ListStudyRow);
    }

    /// <summary>The series of a study.</summary>
    public static async Task<IResult> SearchSeriesAsync(string study, [FromServices] IDicomWebClient client, [FromServices] ServiceSettings settings, [FromServices] UpstreamLog log, CancellationToken cancellationToken)
    {
        QidoQuery query;
        try
        {
            query = Qido.Series(study);
        }
        catch (ArgumentException)
        {
            return Problems.BadParameter("study", QueryInput.NotAUid("study"));
        }
        var rows = new List<SeriesRow>();
        try
        {
            await foreach (SeriesRecord series in client.SearchAsync<SeriesRecord>(query.Limit(settings.MaxRows), cancellationToken))
            {
                rows.Add(SeriesRow.From(series));
                if (rows.Count == settings.MaxRows)
                    break;
            }
        }
        catch (Exception e) when (Problems.IsUpstream(e))
        {
            log.Failed("GET /studies/{study}/series", e);
            return Problems.Upstream(e);
        }
        return Results.Json(rows, StudyServiceJson.Default.ListSeriesRow);
    }
}
