using System.Net;
using DicomWeb.Client;

namespace DicomWeb.Folder;

// STOW-RS into the folder: each instance written atomically under its UIDs, then indexed.
public sealed partial class DicomFolderClient
{
    private const int DuplicateSopInstance = 0x0111;   // PS3.7 C.4.2.1.4: Duplicate SOP Instance
    private const int CannotUnderstand = 0xC000;
    private const int StudyMismatch = 0xA900;          // the data set does not match what the request names

    /// <inheritdoc/>
    public Task<StowResult> StoreAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default) =>
        StoreAsync(paths, (StowOptions?)null, null, cancellationToken);

    /// <inheritdoc/>
    public Task<StowResult> StoreAsync(IEnumerable<string> paths, StowOptions? options, IProgress<StowProgress>? progress = null, CancellationToken cancellationToken = default) =>
        StoreAsync(StowInstance.FromFiles(paths), options, progress, cancellationToken);

    /// <inheritdoc/>
    public Task<StowResult> StoreAsync(IEnumerable<Stream> streams, StowOptions? options = null, IProgress<StowProgress>? progress = null, CancellationToken cancellationToken = default) =>
        StoreAsync(StowInstance.FromStreams(streams), options, progress, cancellationToken);

    /// <inheritdoc/>
    public Task<StowResult> StoreAsync(IEnumerable<byte[]> instances, StowOptions? options = null, IProgress<StowProgress>? progress = null, CancellationToken cancellationToken = default) =>
        StoreAsync(StowInstance.FromByteArrays(instances), options, progress, cancellationToken);

    /// <inheritdoc/>
    public Task<StowResult> StoreAsync(IEnumerable<DicomDataset> datasets, StowOptions? options = null, IProgress<StowProgress>? progress = null, CancellationToken cancellationToken = default) =>
        StoreAsync(StowInstance.FromDatasets(datasets), options, progress, cancellationToken);

    /// <summary>
    /// Stores instances as files of the folder, one outcome per instance in the order given. Each
    /// instance is one write, reported as one entry of <see cref="StowResult.Responses"/> (200, or
    /// 409 when refused). An instance whose SOP Instance UID is stored already is stored again
    /// without change when its bytes are the same, and refused with FailureReason 0111H (duplicate
    /// SOP instance) when they differ: nothing is overwritten. A store into a study
    /// (<see cref="StowOptions.StudyInstanceUid"/>) refuses instances of other studies (A900H).
    /// Input that is not DICOM fails with no SOP Instance UID, as with the HTTP client.
    /// </summary>
    public async Task<StowResult> StoreAsync(IEnumerable<StowInstance> instances, StowOptions? options = null, IProgress<StowProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ThrowIfDisposed();
        if (options?.StudyInstanceUid is string target && !DicomUid.IsValid(target))
            throw new ArgumentException($"'{target}' is not a DICOM UID.", nameof(options));
        List<StowInstance> inputs = [.. instances];
        var stored = new List<StowStoredInstance>();
        var failed = new List<StowFailedInstance>();
        var notSent = new List<StowNotSentInstance>();
        var responses = new List<StowResponse>();
        Uri url = Url(options?.StudyInstanceUid is string s ? $"studies/{s}" : "studies");
        long bytesDone = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                notSent.AddRange(inputs.Skip(i).Select(input => new StowNotSentInstance(null, "the store was canceled", input.Source)));
                throw new StowCanceledException(new StowResult(stored, failed, notSent, [], responses), cancellationToken);
            }
            StowInstance input = inputs[i];
            byte[] bytes;
            DicomFile file;
            try
            {
                bytes = await BytesOf(input, cancellationToken).ConfigureAwait(false);
                file = DicomFile.Open(bytes, new DicomReadOptions { StopBeforePixelData = true }, input.Source);
            }
            catch (Exception e) when (e is DicomFileException or IOException or UnauthorizedAccessException)
            {
                failed.Add(new StowFailedInstance(null, null, null, $"not a DICOM instance: {e.Message}", input.Source, null));
                continue;
            }
            (StowStoredInstance? ok, StowFailedInstance? refused) = await StoreOneAsync(bytes, file, input.Source, options?.StudyInstanceUid, cancellationToken).ConfigureAwait(false);
            if (ok is not null)
                stored.Add(ok);
            else
                failed.Add(refused!);
            bytesDone += bytes.Length;
            var response = new StowResponse(url, ok is not null ? HttpStatusCode.OK : HttpStatusCode.Conflict, 1, bytes.Length, 1,
                ok is not null ? Url($"studies/{file.Dataset.Get(DicomTags.StudyInstanceUID)}") : null, null);
            responses.Add(response);
            progress?.Report(new StowProgress(stored.Count + failed.Count, inputs.Count, bytesDone, response));
        }
        return new StowResult(stored, failed, notSent, [], responses);
    }

    private static async Task<byte[]> BytesOf(StowInstance input, CancellationToken cancellationToken)
    {
        if (input.Dataset is DicomDataset dataset)
        {
            using var buffer = new MemoryStream();
            await DicomFile.Create(dataset).SaveAsync(buffer, null, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        await using Stream stream = input.Open();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }

    private async Task<(StowStoredInstance?, StowFailedInstance?)> StoreOneAsync(byte[] bytes, DicomFile file, string source, string? targetStudy, CancellationToken cancellationToken)
    {
        DicomDataset dataset = file.Dataset;
        string? study = Safe(() => dataset.Get(DicomTags.StudyInstanceUID)), series = Safe(() => dataset.Get(DicomTags.SeriesInstanceUID));
        string? sop = Safe(() => dataset.Get(DicomTags.SOPInstanceUID)), sopClass = Safe(() => dataset.Get(DicomTags.SOPClassUID));
        StowFailedInstance Refuse(int code, string why) =>
            new(sopClass, sop, code, $"{StowFailureReasons.Describe(code)}: {why}", source, HttpStatusCode.Conflict);
        if (!DicomUid.IsValid(study) || !DicomUid.IsValid(series) || !DicomUid.IsValid(sop) || !DicomUid.IsValid(sopClass))
            return (null, Refuse(CannotUnderstand, "the instance lacks a valid Study, Series or SOP Instance UID, or SOP Class UID"));
        if (targetStudy is not null && study != targetStudy)
            return (null, Refuse(StudyMismatch, $"the instance is of another study than the request's ({targetStudy})"));

        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            string relative = Path.Combine(study!, series!, sop + ".dcm");
            IndexedInstance? existing = _index.Find(sop!);
            string? existingPath = existing is not null ? FullPath(existing.File) : File.Exists(FullPath(relative)) ? FullPath(relative) : null;
            var result = new StowStoredInstance(sopClass!, sop!, Url($"studies/{study}/series/{series}/instances/{sop}"), null, source);
            if (existingPath is not null && File.Exists(existingPath))
            {
                byte[] old = await File.ReadAllBytesAsync(existingPath, cancellationToken).ConfigureAwait(false);
                if (!old.AsSpan().SequenceEqual(bytes))
                    return (null, Refuse(DuplicateSopInstance, "a different instance with this SOP Instance UID is stored; delete it first to replace it"));
                if (existing is null)
                    IndexFile(Path.GetRelativePath(Folder, existingPath), new FileInfo(existingPath));
                return (result, null);
            }
            string path = FullPath(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written beside its place under a hidden name, then renamed: a reader sees the whole file or none.
            string temporary = Path.Combine(Path.GetDirectoryName(path)!, $".stow-{Guid.NewGuid():N}.tmp");
            try
            {
                await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
                {
                    await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                    await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                File.Move(temporary, path, overwrite: false);
            }
            finally
            {
                File.Delete(temporary);
            }
            var info = new FileInfo(path);
            if (Describe(file, relative, info.Length, info.LastWriteTimeUtc.Ticks, out IndexedInstance? instance) is string problem)
                return (null, Refuse(CannotUnderstand, problem));
            _index.InTransaction(() => _index.Put(instance!, Attributes(file.Dataset)));
            return (result, null);
        }
        finally
        {
            _writes.Release();
        }
    }
}
