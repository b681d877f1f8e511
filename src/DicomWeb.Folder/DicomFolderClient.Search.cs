using System.Runtime.CompilerServices;
using DicomWeb.Client;
using DicomWeb.Json;

namespace DicomWeb.Folder;

// QIDO-RS over the index.
public sealed partial class DicomFolderClient
{
    // PS3.18 Tables 10.6.3-3, 10.6.3-4 and 10.6.3-5: what each level returns (computed ones included).
    private static readonly uint[] StudyAttributes =
        [Tag(DicomTags.SpecificCharacterSet), Tag(DicomTags.StudyDate), Tag(DicomTags.StudyTime), Tag(DicomTags.AccessionNumber), Tag(DicomTags.InstanceAvailability), Tag(DicomTags.ModalitiesInStudy), Tag(DicomTags.ReferringPhysicianName), Tag(DicomTags.TimezoneOffsetFromUTC), Tag(DicomTags.RetrieveURL),
         Tag(DicomTags.PatientName), Tag(DicomTags.PatientID), Tag(DicomTags.PatientBirthDate), Tag(DicomTags.PatientSex), Tag(DicomTags.StudyInstanceUID), Tag(DicomTags.StudyID), Tag(DicomTags.NumberOfStudyRelatedSeries), Tag(DicomTags.NumberOfStudyRelatedInstances)];
    private static readonly uint[] SeriesAttributes =
        [Tag(DicomTags.SpecificCharacterSet), Tag(DicomTags.Modality), Tag(DicomTags.TimezoneOffsetFromUTC), Tag(DicomTags.SeriesDescription), Tag(DicomTags.RetrieveURL), Tag(DicomTags.StudyInstanceUID), Tag(DicomTags.SeriesInstanceUID), Tag(DicomTags.SeriesNumber), Tag(DicomTags.NumberOfSeriesRelatedInstances), Tag(DicomTags.PerformedProcedureStepStartDate), Tag(DicomTags.PerformedProcedureStepStartTime), Tag(DicomTags.RequestAttributesSequence)];
    private static readonly uint[] InstanceAttributes =
        [Tag(DicomTags.SpecificCharacterSet), Tag(DicomTags.SOPClassUID), Tag(DicomTags.SOPInstanceUID), Tag(DicomTags.InstanceAvailability), Tag(DicomTags.TimezoneOffsetFromUTC), Tag(DicomTags.RetrieveURL), Tag(DicomTags.StudyInstanceUID), Tag(DicomTags.SeriesInstanceUID), Tag(DicomTags.InstanceNumber), Tag(DicomTags.Rows), Tag(DicomTags.Columns), Tag(DicomTags.BitsAllocated), Tag(DicomTags.NumberOfFrames)];

    private static uint Tag(DicomTag tag) => tag.Value;

    /// <summary>
    /// The results of a search, matched per PS3.4 C.2.2.2 on the index. Fuzzy matching is not
    /// done: asking for it adds a warning, as a server that does not support it does.
    /// </summary>
    public async IAsyncEnumerable<DicomDataset> SearchAsync(QidoQuery query, ICollection<QidoWarning>? warnings, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ThrowIfDisposed();
        if (query.IsFuzzy)
            warnings?.Add(new QidoWarning(QidoWarningKind.FuzzyMatchingNotSupported, "The fuzzymatching parameter is not supported. Only literal matching has been performed.", null));
        (string sql, List<(string, object?)> parameters) = QidoSql.Build(query);
        var rows = _index.Search(sql, parameters);
        HashSet<uint> wanted = Wanted(query);
        foreach ((byte[] json, string study, string series, string sop) in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Result(query, wanted, DicomJson.Deserialize(json), study, series, sop);
            await Task.Yield();
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<T> SearchAsync<T>(QidoQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default) where T : IDicomJsonModel<T>
    {
        ArgumentNullException.ThrowIfNull(query);
        await foreach (DicomDataset result in SearchAsync(query.Include([.. T.DicomTags]), null, cancellationToken).ConfigureAwait(false))
            yield return DicomJson.Deserialize<T>(DicomJson.SerializeToUtf8Bytes(result));
    }

    private static HashSet<uint> Wanted(QidoQuery query)
    {
        var wanted = new HashSet<uint>(query.Level switch
        {
            QidoLevel.Studies => StudyAttributes,
            QidoLevel.Series => query.StudyInstanceUid is null ? [.. SeriesAttributes, .. StudyAttributes] : SeriesAttributes,
            _ => [.. InstanceAttributes, .. query.SeriesInstanceUid is null ? SeriesAttributes : [], .. query.StudyInstanceUid is null ? StudyAttributes : []],
        });
        foreach (QidoMatch match in query.Matches)
            wanted.Add(match.Tag.Value);
        foreach (DicomTag tag in query.IncludedFields)
            wanted.Add(tag.Value);
        return wanted;
    }

    // The result of one study, series or instance: the attributes of its first matching instance
    // that the level returns, and the computed ones.
    private DicomDataset Result(QidoQuery query, HashSet<uint> wanted, DicomDataset dataset, string study, string series, string sop)
    {
        if (!query.IncludesAllFields)
        {
            foreach (DicomTag tag in dataset.Select(e => e.Tag).Where(t => !wanted.Contains(t.Value)).ToList())
                dataset.Remove(tag);
        }
        dataset.Set(DicomTags.InstanceAvailability, "ONLINE");
        switch (query.Level)
        {
            case QidoLevel.Studies:
                (int seriesCount, int instanceCount, IReadOnlyList<string> modalities) = _index.StudyCounts(study);
                dataset.Set(DicomTags.NumberOfStudyRelatedSeries, seriesCount);
                dataset.Set(DicomTags.NumberOfStudyRelatedInstances, instanceCount);
                if (modalities.Count > 0)
                    dataset.Set(DicomTags.ModalitiesInStudy, [.. modalities]);
                else
                    dataset.SetEmpty(DicomTags.ModalitiesInStudy);
                dataset.Set(DicomTags.RetrieveURL, Url($"studies/{study}").AbsoluteUri);
                break;
            case QidoLevel.Series:
                dataset.Set(DicomTags.NumberOfSeriesRelatedInstances, _index.SeriesCount(series));
                dataset.Set(DicomTags.RetrieveURL, Url($"studies/{study}/series/{series}").AbsoluteUri);
                break;
            default:
                dataset.Set(DicomTags.RetrieveURL, Url($"studies/{study}/series/{series}/instances/{sop}").AbsoluteUri);
                break;
        }
        return dataset;
    }
}
