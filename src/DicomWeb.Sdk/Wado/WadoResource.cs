namespace DicomWeb.Client;

/// <summary>
/// A study, series or instance as a DICOMweb resource path (PS3.18 10.4.1), a value like a query.
/// UIDs are checked when the path is made, so nothing a caller passes can change the request path.
/// </summary>
/// <example><code>
/// WadoResource instance = Wado.Study(studyUid).Series(seriesUid).Instance(sopUid);
/// Console.WriteLine(instance);   // studies/{study}/series/{series}/instances/{sop}
/// </code></example>
public sealed record WadoResource
{
    private WadoResource(string study, string? series, string? instance)
    {
        StudyInstanceUid = study;
        SeriesInstanceUid = series;
        SopInstanceUid = instance;
    }

    internal static WadoResource ForStudy(string study) => new(DicomUid.Check(study, "studyInstanceUid"), null, null);

    /// <summary>The study.</summary>
    public string StudyInstanceUid { get; }

    /// <summary>The series, for a series or instance resource.</summary>
    public string? SeriesInstanceUid { get; }

    /// <summary>The instance, for an instance resource.</summary>
    public string? SopInstanceUid { get; }

    /// <summary>A series of this study.</summary>
    /// <exception cref="ArgumentException">The text is not a DICOM UID, or this resource is not a study.</exception>
    public WadoResource Series(string seriesInstanceUid) =>
        SeriesInstanceUid is null
            ? new(StudyInstanceUid, DicomUid.Check(seriesInstanceUid, nameof(seriesInstanceUid)), null)
            : throw new ArgumentException("A series is chosen within a study resource, not within a series or instance.", nameof(seriesInstanceUid));

    /// <summary>An instance of this series.</summary>
    /// <exception cref="ArgumentException">The text is not a DICOM UID, or this resource is not a series.</exception>
    public WadoResource Instance(string sopInstanceUid) =>
        SeriesInstanceUid is not null && SopInstanceUid is null
            ? new(StudyInstanceUid, SeriesInstanceUid, DicomUid.Check(sopInstanceUid, nameof(sopInstanceUid)))
            : throw new ArgumentException("An instance is chosen within a series resource.", nameof(sopInstanceUid));

    /// <summary>The relative path, e.g. "studies/1.2.3/series/4.5".</summary>
    public override string ToString() =>
        SopInstanceUid is not null ? $"studies/{StudyInstanceUid}/series/{SeriesInstanceUid}/instances/{SopInstanceUid}"
        : SeriesInstanceUid is not null ? $"studies/{StudyInstanceUid}/series/{SeriesInstanceUid}"
        : $"studies/{StudyInstanceUid}";
}

/// <summary>Where WADO-RS resource paths start.</summary>
public static class Wado
{
    /// <summary>A study.</summary>
    /// <exception cref="ArgumentException">The text is not a DICOM UID.</exception>
    public static WadoResource Study(string studyInstanceUid) => WadoResource.ForStudy(studyInstanceUid);
}
