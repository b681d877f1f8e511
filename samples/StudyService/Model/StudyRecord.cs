using DicomWeb;
using DicomWeb.Json;

namespace StudyService.Model;

/// <summary>A study as QIDO-RS answers it: SearchAsync&lt;StudyRecord&gt; asks for exactly these attributes.</summary>
[DicomJsonModel]
public partial record StudyRecord
{
    public string? StudyInstanceUID { get; init; }
    public DateOnly? StudyDate { get; init; }
    public string? StudyDescription { get; init; }
    public IReadOnlyList<string> ModalitiesInStudy { get; init; } = [];
    public int? NumberOfStudyRelatedInstances { get; init; }
    public PersonName? PatientName { get; init; }
}
