using System.Runtime.CompilerServices;
using DicomWeb.Client;
using DicomWeb.Json;

namespace DicomWeb.Folder;

// QIDO-RS over the index.
public sealed partial class DicomFolderClient
{
    // PS3.18 Tables 10.6.3-3, 10.6.3-4 and 10.6.3-5: what each level returns (computed ones included).
    private static readonly uint[] StudyAttributes =
        [0x00080005, 0x00080020, 0x00080030, 0x00080050, 0x00080056, 0x00080061, 0x00080090, 0x00080201, 0x00081190,
         0x00100010, 0x00100020, 0x00100030, 0x00100040, 0x0020000D, 0x00200010, 0x00201206, 0x00201208];
    private static readonly uint[] SeriesAttributes =
        [0x00080005, 0x00080060, 0x00080201, 0x0008103E, 0x00081190, 0x0020000D, 0x0020000E, 0x00200011, 0x00201209, 0x00400244, 0x00400245, 0x00400275];
    private static readonly uint[] InstanceAttributes =
        [0x00080005, 0x00080016, 0x00080018, 0x00080056, 0x00080201, 0x00081190, 0x0020000D, 0x0020000E, 0x00200013, 0x00280010, 0x00280011, 0x00280100, 0x00280008];

    /// <inheritdoc/>
    public IAsyncEnumerable<DicomDataset> SearchAsync(QidoQuery query, CancellationToken cancellationToken = default) =>
        SearchAsync(query, warnings: null, cancellationToken);

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
