namespace StudyService.Model;

/// <summary>A study as the service answers it: DICOM keywords as names, the date as yyyy-MM-dd, the patient's name as its alphabetic text ("Family^Given").</summary>
public sealed record StudyRow(
    string? StudyInstanceUID,
    DateOnly? StudyDate,
    string? StudyDescription,
    IReadOnlyList<string> ModalitiesInStudy,
    int? NumberOfStudyRelatedInstances,
    string? PatientName)
{
    public static StudyRow From(StudyRecord study) => new(
        study.StudyInstanceUID, study.StudyDate, study.StudyDescription, study.ModalitiesInStudy,
        study.NumberOfStudyRelatedInstances, study.PatientName is { IsEmpty: false } name ? name.ToString() : null);
}
