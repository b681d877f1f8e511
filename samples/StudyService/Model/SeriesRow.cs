namespace StudyService.Model;

/// <summary>A series as the service answers it.</summary>
public sealed record SeriesRow(
    string? SeriesInstanceUID,
    string? Modality,
    int? SeriesNumber,
    string? SeriesDescription,
    int? NumberOfSeriesRelatedInstances)
{
    public static SeriesRow From(SeriesRecord series) => new(
        series.SeriesInstanceUID, series.Modality, series.SeriesNumber, series.SeriesDescription, series.NumberOfSeriesRelatedInstances);
}
