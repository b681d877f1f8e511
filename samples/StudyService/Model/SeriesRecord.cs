using DicomWeb.Json;

namespace StudyService.Model;

/// <summary>A series as QIDO-RS answers it: SearchAsync&lt;SeriesRecord&gt; asks for exactly these attributes.</summary>
[DicomJsonModel]
public partial record SeriesRecord
{
    public string? SeriesInstanceUID { get; init; }
    public string? Modality { get; init; }
    public int? SeriesNumber { get; init; }
    public string? SeriesDescription { get; init; }
    public int? NumberOfSeriesRelatedInstances { get; init; }
}
