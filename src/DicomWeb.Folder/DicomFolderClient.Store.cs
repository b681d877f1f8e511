using System.Net;
using DicomWeb.Client;

namespace DicomWeb.Folder;

// STOW-RS into the folder: each instance written atomically under its UIDs, then indexed.
public sealed partial class DicomFolderClient
{
    /// <summary>
    /// Stores instances as files of the folder, one outcome per instance in the order given. Each
    /// instance is one write, reported as one entry of <see cref="StowResult.Responses"/> (200, or
    /// 409 when refused). An instance whose SOP Instance UID is stored already is stored again
    /// without change when its bytes are the same, and refused with FailureReason 0111H (duplicate
    /// SOP instance) when they differ: nothing is overwritten. A store into a study
    /// (<see cref="StowOptions.StudyInstanceUid"/>) refuses instances of other studies (A900H).
    /// Input that is not DICOM fails with no SOP Instance UID, as with the HTTP client.
    /// </summary>
    /// <remarks>
    /// Every instance given is in the result once, whatever happens to the folder: two stores of
    /// one SOP Instance UID at once (by this client or another client of the folder, in any
    /// process) give one 200 and, for different bytes, one 0111H; a full disk fails the instances
    /// that do not fit with A700H (Refused: out of resources); a read-only folder or any other
    /// error of the file system or the index fails them with 0110H (Processing failure), naming
    /// what failed. Instances stored before are listed as stored. No file of a failed instance is
    /// left, temporary or not.
    /// </remarks>
    /// <exception cref="StowCanceledException">Canceled; its result lists what was stored and what was not.</exception>
    public async Task<StowResult> StoreAsync(IEnumerable<StowInstance> instances, StowOptions? options = null, IProgress<StowProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ThrowIfDisposed();
        if (options?.StudyInstanceUid is string target)
            DicomUid.Check(target, nameof(options.StudyInstanceUid));   // as the HTTP client checks it
        List<StowInstance> inputs = [.. instances];
        var result = new StowResultBuilder(inputs, progress);
        Uri url = Url(options?.StudyInstanceUid is string s ? $"studies/{s}" : "studies");
        for (int i = 0; i < inputs.Count; i++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                result.NotSentFrom(i, "the store was canceled");
                throw new StowCanceledException(result.ToResult(), cancellationToken);
            }
            StowInstance input = inputs[i];
            byte[] bytes;
            DicomFile file;
            StowStoredInstance? ok;
            StowFailedInstance? refused;
            try
            {
                try
                {
                    bytes = await BytesOf(input, cancellationToken).ConfigureAwait(false);
                    file = DicomFile.Open(bytes, new DicomReadOptions { StopBeforePixelData = true }, input.Source);
                }
                catch (Exception e) when (e is DicomFileException or IOException or UnauthorizedAccessException)
                {
                    result.Failed(i, new StowFailedInstance(null, null, null, $"not a DICOM instance: {e.Message}", input.Source, null));
                    continue;
                }
                (ok, refused) = await StoreOneAsync(bytes, file, input.Source, options?.StudyInstanceUid, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Canceled before its file was renamed into place: this one and the rest are not stored.
                result.NotSentFrom(i, "the store was canceled");
                throw new StowCanceledException(result.ToResult(), cancellationToken);
            }
            if (ok is not null)
                result.Stored(i, ok);
            else
                result.Failed(i, refused!);
            result.Completed(new StowResponse(url, ok is not null ? HttpStatusCode.OK : HttpStatusCode.Conflict, 1, bytes.Length, 1,
                ok is not null ? Url($"studies/{file.Dataset.Get(DicomTags.StudyInstanceUID)}") : null, null));
        }
        return result.ToResult();
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
            return (null, Refuse(StowFailureReasons.CannotUnderstand, "the instance lacks a valid Study, Series or SOP Instance UID, or SOP Class UID"));
        if (targetStudy is not null && study != targetStudy)
            return (null, Refuse(StowFailureReasons.DataSetDoesNotMatchSopClass, $"the instance is of another study than the request's ({targetStudy})"));

        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        string relative = Path.Combine(study!, series!, sop + ".dcm");
        var instance = new PendingInstance(bytes, file, relative, FullPath(relative));
        try
        {
            ThrowIfDisposed();
            // A second store of an instance finds it before writing a byte; the check that decides
            // is made again under the index's write lock, which every client of the folder takes.
            if (ExistingFile(sop!, relative) is null)
                await instance.WriteTemporaryAsync(cancellationToken).ConfigureAwait(false);
            if (_index.InTransaction(() => Commit(instance)) == Outcome.Different)
                return (null, Refuse(StowFailureReasons.DuplicateSopInstance, "a different instance with this SOP Instance UID is stored; delete it first to replace it"));
            return (new StowStoredInstance(sopClass!, sop!, Url($"studies/{study}/series/{series}/instances/{sop}"), null, source), null);
        }
        catch (Exception e) when (StoreFailure.IsEnvironment(e))
        {
            // A file renamed into place whose index row failed is taken back: the result says
            // not stored, and the folder must agree, or the next open would index it after all.
            instance.Undo();
            RemoveEmptyFolders(Path.GetDirectoryName(instance.Path));
            return (null, Refuse(StoreFailure.ReasonOf(e), StoreFailure.Describe(e, _options.IndexFileName)));
        }
        catch
        {
            instance.Undo();
            throw;
        }
        finally
        {
            instance.Dispose();
            _writes.Release();
        }
    }

    private enum Outcome { Written, AlreadyStored, Different }

    // Under the index's write lock: the instance is stored already (with the same bytes or not),
    // or its file is renamed into place and indexed. File.Move does not replace, but on Unix it
    // checks and renames in two steps: only the lock makes the two one step for every client.
    private Outcome Commit(PendingInstance instance)
    {
        string? existing = ExistingFile(instance.File.Dataset.Get(DicomTags.SOPInstanceUID)!, instance.Relative);
        if (existing is not null)
        {
            if (!File.ReadAllBytes(existing).AsSpan().SequenceEqual(instance.Bytes))
                return Outcome.Different;
            if (_index.Find(instance.File.Dataset.Get(DicomTags.SOPInstanceUID)!) is null)
                IndexFile(Path.GetRelativePath(Folder, existing), new FileInfo(existing));
            return Outcome.AlreadyStored;
        }
        instance.WriteTemporary();
        instance.MoveIntoPlace();
        var info = new FileInfo(instance.Path);
        if (Describe(instance.File, instance.Relative, info.Length, info.LastWriteTimeUtc.Ticks, out IndexedInstance? indexed) is string problem)
            throw new InvalidOperationException(problem);   // cannot happen: the UIDs were checked before
        _index.Put(indexed!, Attributes(instance.File.Dataset));
        return Outcome.Written;
    }

    // The file that holds an instance: the one the index names, or the one at its UID path.
    private string? ExistingFile(string sop, string relative)
    {
        IndexedInstance? indexed = _index.Find(sop);
        if (indexed is not null && File.Exists(FullPath(indexed.File)))
            return FullPath(indexed.File);
        string path = FullPath(relative);
        return File.Exists(path) ? path : null;
    }
}
