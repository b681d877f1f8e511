namespace DicomWeb.Client;

/// <summary>
/// A study, series, instance or frames of an instance as a DICOMweb resource path (PS3.18
/// 10.4.1), a value like a query. UIDs and frame numbers are checked when the path is made, so
/// nothing a caller passes can change the request path.
/// </summary>
/// <example><code>
/// WadoResource instance = Wado.Study(studyUid).Series(seriesUid).Instance(sopUid);
/// Console.WriteLine(instance);                 // studies/{study}/series/{series}/instances/{sop}
/// Console.WriteLine(instance.Frames(1, 3));    // .../instances/{sop}/frames/1,3
/// Console.WriteLine(instance.MetadataPath);    // .../instances/{sop}/metadata
/// </code></example>
public sealed record WadoResource
{
    // Frame numbers as the path text "1,3": a string keeps the record's value equality.
    private readonly string? _frames;

    private WadoResource(string study, string? series, string? instance, string? frames = null)
    {
        StudyInstanceUid = study;
        SeriesInstanceUid = series;
        SopInstanceUid = instance;
        _frames = frames;
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

    /// <summary>The frame numbers, for a frames resource; empty otherwise.</summary>
    public IReadOnlyList<int> FrameNumbers => _frames is null ? [] : [.. _frames.Split(',').Select(int.Parse)];

    /// <summary>True for a frames resource.</summary>
    public bool IsFrames => _frames is not null;

    /// <summary>Frames of this instance, numbered from 1, in the order given (PS3.18 10.4.1.1.4).</summary>
    /// <exception cref="ArgumentException">This resource is not an instance, no frame is given, or a number is below 1.</exception>
    public WadoResource Frames(params int[] frameNumbers)
    {
        ArgumentNullException.ThrowIfNull(frameNumbers);
        if (SopInstanceUid is null || _frames is not null)
            throw new ArgumentException("Frames are chosen within an instance resource.", nameof(frameNumbers));
        if (frameNumbers.Length == 0 || frameNumbers.Any(n => n < 1))
            throw new ArgumentException($"Frame numbers start at 1; got [{string.Join(", ", frameNumbers)}].", nameof(frameNumbers));
        return new(StudyInstanceUid, SeriesInstanceUid, SopInstanceUid, string.Join(',', frameNumbers));
    }

    /// <summary>The metadata path of a study, series or instance, e.g. "studies/1.2.3/metadata".</summary>
    /// <exception cref="InvalidOperationException">This is a frames resource, which has no metadata.</exception>
    public string MetadataPath =>
        _frames is null ? this + "/metadata" : throw new InvalidOperationException("Frames have no metadata resource; ask for the instance's.");

    /// <summary>The rendered path (PS3.18 10.4.1.1.5), e.g. "studies/1.2.3/series/4.5/rendered".</summary>
    public string RenderedPath => this + "/rendered";

    /// <summary>The thumbnail path (PS3.18 10.4.1.1.6), e.g. "studies/1.2.3/thumbnail".</summary>
    public string ThumbnailPath => this + "/thumbnail";

    /// <summary>The relative path, e.g. "studies/1.2.3/series/4.5" or ".../instances/6.7/frames/1,2".</summary>
    public override string ToString() =>
        _frames is not null ? $"studies/{StudyInstanceUid}/series/{SeriesInstanceUid}/instances/{SopInstanceUid}/frames/{_frames}"
        : SopInstanceUid is not null ? $"studies/{StudyInstanceUid}/series/{SeriesInstanceUid}/instances/{SopInstanceUid}"
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
