using System.Buffers;
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
    /// left, temporary or not. Memory does not grow with the instances' sizes: an instance longer
    /// than <see cref="DicomFolderOptions.MaxInstanceBytesInMemory"/> is streamed to a temporary file
    /// as it is read, and only its head is read back (see that option).
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
            StowStoredInstance? ok = null;
            StowFailedInstance? refused;
            long length = 0;
            string? study = null;
            try
            {
                (PendingInstance? instance, refused) = await ReceiveAsync(input, options?.StudyInstanceUid, cancellationToken).ConfigureAwait(false);
                using (instance)
                {
                    if (instance is not null)
                    {
                        length = instance.Length;
                        study = instance.File.Dataset.Get(DicomTags.StudyInstanceUID);
                        (ok, refused) = await StoreOneAsync(instance, input.Source, cancellationToken).ConfigureAwait(false);
                    }
                }
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
            if (refused is { FailureReason: null })
                continue;   // not DICOM: no response of its own, as with the HTTP client
            result.Completed(new StowResponse(url, ok is not null ? HttpStatusCode.OK : HttpStatusCode.Conflict, 1, length, 1,
                ok is not null ? Url($"studies/{study}") : null, null));
        }
        return result.ToResult();
    }

    private static StowFailedInstance NotDicom(StowInstance input, string why) => new(null, null, null, $"not a DICOM instance: {why}", input.Source, null);

    /// <summary>
    /// Reads one input: whole into memory when it is shorter than <see cref="DicomFolderOptions.MaxInstanceBytesInMemory"/>,
    /// else streamed into a temporary file of the folder through one buffer of that size; then its
    /// head up to the pixel data. The instance, placed under its UIDs, or why it is refused.
    /// </summary>
    private async Task<(PendingInstance?, StowFailedInstance?)> ReceiveAsync(StowInstance input, string? targetStudy, CancellationToken cancellationToken)
    {
        if (input.Dataset is DicomDataset dataset)
        {
            // A data set is in memory already: its Part 10 form is held beside it.
            var buffer = new MemoryStream();
            await DicomFile.Create(dataset).SaveAsync(buffer, null, cancellationToken).ConfigureAwait(false);
            return Read(PendingInstance.InMemory(buffer.GetBuffer(), (int)buffer.Length, pooled: false), input, targetStudy);
        }
        int size = _options.MaxInstanceBytesInMemory;
        byte[]? chunk = ArrayPool<byte>.Shared.Rent(size);
        PendingInstance? instance = null;
        try
        {
            Stream stream;
            try
            {
                stream = input.Open();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (null, NotDicom(input, e.Message));
            }
            await using (stream.ConfigureAwait(false))
            {
                int n;
                try
                {
                    n = await stream.ReadAtLeastAsync(chunk.AsMemory(0, size), size, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return (null, NotDicom(input, e.Message));
                }
                if (n < size)
                {
                    // Small: held in the pooled buffer itself, which the instance gives back when done.
                    PendingInstance held = PendingInstance.InMemory(chunk, n, pooled: true);
                    chunk = null;
                    return Read(held, input, targetStudy);
                }

                // Large: streamed. Should the folder refuse its bytes, the head read so far names the instance.
                (string? sopClass, string? sop) = HeadUids(chunk.AsSpan(0, n));
                StowFailedInstance Refuse(int code, string why) =>
                    new(sopClass, sop, code, $"{StowFailureReasons.Describe(code)}: {why}", input.Source, HttpStatusCode.Conflict);
                try
                {
                    instance = PendingInstance.Streamed(Folder);
                    while (n > 0)
                    {
                        if (instance.Length + n > _options.MaxFileBytes)
                            return (null, Refuse(StoreFailure.OutOfResources, $"the instance is larger than the folder's MaxFileBytes ({_options.MaxFileBytes} bytes)"));
                        await instance.AppendAsync(chunk.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                        try
                        {
                            n = await stream.ReadAsync(chunk.AsMemory(0, size), cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                        {
                            return (null, NotDicom(input, e.Message));
                        }
                    }
                    await instance.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (StoreFailure.IsEnvironment(e))
                {
                    return (null, Refuse(StoreFailure.ReasonOf(e), StoreFailure.Describe(e, _options.IndexFileName)));
                }
            }
            PendingInstance streamed = instance;
            instance = null;   // Read disposes it when it refuses it
            return Read(streamed, input, targetStudy);
        }
        finally
        {
            instance?.Dispose();
            if (chunk is not null)
                ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    // The SOP Class and Instance UIDs of a head cut anywhere, when it holds them whole.
    private static (string?, string?) HeadUids(ReadOnlySpan<byte> head)
    {
        try
        {
            DicomDataset dataset = DicomFile.Open(head, new DicomReadOptions { StopBeforePixelData = true }).Dataset;
            return (Safe(() => dataset.Get(DicomTags.SOPClassUID)), Safe(() => dataset.Get(DicomTags.SOPInstanceUID)));
        }
        catch (DicomFileException)
        {
            return (null, null);
        }
    }

    // Reads the instance up to its pixel data (a streamed one from its temporary file, mapped, large
    // values left there) and places it under its UIDs; the instance is disposed when refused.
    private (PendingInstance?, StowFailedInstance?) Read(PendingInstance instance, StowInstance input, string? targetStudy)
    {
        DicomFile file;
        try
        {
            file = instance.StreamedPath is string streamed
                ? DicomFile.OpenAsync(streamed, IndexReadOptions).GetAwaiter().GetResult()
                : DicomFile.Open(instance.Bytes, new DicomReadOptions { StopBeforePixelData = true }, input.Source);
        }
        catch (Exception e) when (e is DicomFileException or IOException or UnauthorizedAccessException)
        {
            // The temporary file's name means nothing to the caller: the input is named instead.
            string why = instance.StreamedPath is string streamed ? e.Message.Replace(streamed, input.Source, StringComparison.Ordinal) : e.Message;
            instance.Dispose();
            return (null, NotDicom(input, why));
        }
        DicomDataset dataset = file.Dataset;
        string? study = Safe(() => dataset.Get(DicomTags.StudyInstanceUID)), series = Safe(() => dataset.Get(DicomTags.SeriesInstanceUID));
        string? sop = Safe(() => dataset.Get(DicomTags.SOPInstanceUID)), sopClass = Safe(() => dataset.Get(DicomTags.SOPClassUID));
        StowFailedInstance Refuse(int code, string why) =>
            new(sopClass, sop, code, $"{StowFailureReasons.Describe(code)}: {why}", input.Source, HttpStatusCode.Conflict);
        StowFailedInstance? refused = null;
        if (!DicomUid.IsValid(study) || !DicomUid.IsValid(series) || !DicomUid.IsValid(sop) || !DicomUid.IsValid(sopClass))
            refused = Refuse(StowFailureReasons.CannotUnderstand, "the instance lacks a valid Study, Series or SOP Instance UID, or SOP Class UID");
        else if (targetStudy is not null && study != targetStudy)
            refused = Refuse(StowFailureReasons.DataSetDoesNotMatchSopClass, $"the instance is of another study than the request's ({targetStudy})");
        if (refused is not null)
        {
            instance.Dispose();
            return (null, refused);
        }
        string relative = Path.Combine(study!, series!, sop + ".dcm");
        instance.Place(file, relative, FullPath(relative));
        return (instance, null);
    }

    private async Task<(StowStoredInstance?, StowFailedInstance?)> StoreOneAsync(PendingInstance instance, string source, CancellationToken cancellationToken)
    {
        DicomDataset dataset = instance.File.Dataset;
        string study = dataset.Get(DicomTags.StudyInstanceUID)!, series = dataset.Get(DicomTags.SeriesInstanceUID)!;
        string sop = dataset.Get(DicomTags.SOPInstanceUID)!, sopClass = dataset.Get(DicomTags.SOPClassUID)!;
        StowFailedInstance Refuse(int code, string why) =>
            new(sopClass, sop, code, $"{StowFailureReasons.Describe(code)}: {why}", source, HttpStatusCode.Conflict);

        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            // A second store of an instance held in memory finds it before writing a byte; the check
            // that decides is made again under the index's write lock, which every client of the folder takes.
            if (ExistingFile(sop, instance.Relative) is null)
                await instance.WriteTemporaryAsync(cancellationToken).ConfigureAwait(false);
            if (_index.InTransaction(() => Commit(instance)) == Outcome.Different)
                return (null, Refuse(StowFailureReasons.DuplicateSopInstance, "a different instance with this SOP Instance UID is stored; delete it first to replace it"));
            return (new StowStoredInstance(sopClass, sop, Url($"studies/{study}/series/{series}/instances/{sop}"), null, source), null);
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
            if (!instance.IsSameAs(existing))
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
