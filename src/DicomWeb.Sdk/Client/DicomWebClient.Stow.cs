using System.Net;
using System.Text;
using Microsoft.Win32.SafeHandles;
using DicomWeb.Json;
using static DicomWeb.DicomTags;

namespace DicomWeb.Client;

// STOW-RS (PS3.18 10.5): streaming store with an outcome for every instance.
public sealed partial class DicomWebClient
{
    private const int HeadBytes = 64 * 1024;

    // The copy buffers of STOW request bodies, reused from request to request.
    private readonly CopyBuffers _copyBuffers = new();

    /// <summary>
    /// Stores instances (PS3.18 10.5): checked first (an input that is not DICOM fails there,
    /// named), split into requests by <see cref="StowOptions"/>, sent with bounded parallelism,
    /// each body streamed from its sources. Every instance appears once in the result.
    /// </summary>
    /// <remarks>
    /// Statuses: 200, 202, 409 and any status whose body is a response data set are read per
    /// instance; other statuses fail the request's instances with the status and a body excerpt,
    /// and instances after such a failure are not sent. 408, 429, 502, 503, 504 and lost
    /// connections are retried (<see cref="DicomWebClientOptions.Retry"/>, or
    /// <see cref="StowOptions.MaxRetries"/> for this store) with the whole body re-read from its
    /// sources; a request with a source that cannot be re-read is never sent twice.
    /// </remarks>
    /// <exception cref="StowCanceledException">Canceled; its Result says what was stored.</exception>
    public Task<StowResult> StoreAsync(IEnumerable<StowInstance> instances, StowOptions? options = null, IProgress<StowProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ObserveStore(instances, options, progress, cancellationToken);

    private async Task<StowResult> StoreInstancesAsync(IEnumerable<StowInstance> instances, StowOptions? options, IProgress<StowProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instances);
        options ??= StowOptions.Default; // its init accessors have checked the ranges
        Uri url = Resolve((_options.StowPrefix ?? "") + (options.StudyInstanceUid is { } study ? "studies/" + DicomUid.Check(study, nameof(options.StudyInstanceUid)) : "studies"));
        var store = new StowRun(instances.ToList(), progress);
        // On the thread pool: files are read there synchronously, never on the caller's thread.
        List<PreparedInstance> pending = await Task.Run(() => PrepareAllAsync(store, options, cancellationToken), CancellationToken.None).ConfigureAwait(false);

        var running = new List<Task>();
        using var gate = new SemaphoreSlim(options.MaxParallelRequests);
        List<List<PreparedInstance>> batches = Batch(pending, options);
        for (int b = 0; b < batches.Count; b++)
        {
            List<PreparedInstance> batch = batches[b];
            try
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                foreach (PreparedInstance instance in batches.Skip(b).SelectMany(x => x))
                    store.NotSent(instance, "the store was canceled before this request was sent");
                break;
            }
            if (store.StopReason is string stop)
            {
                gate.Release();
                foreach (PreparedInstance instance in batch)
                    store.NotSent(instance, stop);
                continue;
            }
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await SendBatchAsync(url, batch, options, store, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }, CancellationToken.None));
        }
        await Task.WhenAll(running).ConfigureAwait(false);
        StowResult result = store.Result();
        if (cancellationToken.IsCancellationRequested)
            throw new StowCanceledException(result, cancellationToken);
        return result;
    }

    private static List<List<PreparedInstance>> Batch(List<PreparedInstance> pending, StowOptions options)
    {
        var batches = new List<List<PreparedInstance>>();
        List<PreparedInstance>? current = null;
        long bytes = 0;
        foreach (PreparedInstance instance in pending)
        {
            long size = instance.Bytes;
            bool full = current is null || options.SinglePart && instance.Dataset is null || current.Count >= options.MaxInstancesPerRequest
                || bytes + size > options.MaxBytesPerRequest || (current[0].Dataset is null) != (instance.Dataset is null);
            if (full)
            {
                current = [];
                batches.Add(current);
                bytes = 0;
            }
            current!.Add(instance);
            bytes += size;
        }
        return batches;
    }

    /// <summary>Checks every input before anything is sent; those that fail the check have their outcome at once.</summary>
    private static async Task<List<PreparedInstance>> PrepareAllAsync(StowRun store, StowOptions options, CancellationToken cancellationToken)
    {
        var pending = new List<PreparedInstance>(store.Inputs.Count);
        // One head buffer for the whole check: nothing is rented or allocated per file for it.
        byte[] head = System.Buffers.ArrayPool<byte>.Shared.Rent(HeadBytes);
        try
        {
            for (int i = 0; i < store.Inputs.Count; i++)
            {
                StowInstance input = store.Inputs[i];
                PreparedInstance prepared;
                try
                {
                    string? sopClassUid = pending.Count > 0 ? pending[^1].SopClassUid : null;
                    prepared = input.Dataset is DicomDataset dataset ? PrepareDataset(i, input, dataset, options)
                        : input.FilePath is string path ? PrepareFile(i, input, path, head, sopClassUid, cancellationToken)
                        : await PrepareStreamAsync(i, input, head, sopClassUid, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw new StowCanceledException(store.Result(), cancellationToken); // nothing was sent yet
                }
                if (prepared.Error is not null)
                    store.Fail(i, new StowFailedInstance(prepared.SopClassUid, prepared.SopInstanceUid, null, prepared.Error, prepared.Input.Source, null));
                else
                    pending.Add(prepared);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(head);
        }
        return pending;
    }

    /// <summary>
    /// A file's length and UIDs, read through a handle: no stream, no FileInfo and no await per file
    /// (on Unix FileStream's asynchronous reads block a thread-pool thread the same way).
    /// </summary>
    private static PreparedInstance PrepareFile(int index, StowInstance input, string path, byte[] head, string? sopClassUid, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long length;
        int read = 0;
        try
        {
            using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            length = RandomAccess.GetLength(file);
            int n;
            while (read < HeadBytes && (n = RandomAccess.Read(file, head.AsSpan(read, HeadBytes - read), read)) > 0)
                read += n;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new PreparedInstance(index, input) { Error = $"cannot be read: {e.Message}" };
        }
        var prepared = new PreparedInstance(index, input) { Length = length };
        ReadUids(prepared, head.AsSpan(0, read), sopClassUid);
        return prepared;
    }

    /// <summary>Reads what the result needs from a stream before anything is sent: SOP UIDs and length.</summary>
    private static async Task<PreparedInstance> PrepareStreamAsync(int index, StowInstance input, byte[] head, string? sopClassUid, CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            stream = input.Open();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new PreparedInstance(index, input) { Error = $"cannot be read: {e.Message}" };
        }
        int length = 0, read;
        try
        {
            while (length < HeadBytes && (read = await stream.ReadAsync(head.AsMemory(length, HeadBytes - length), cancellationToken).ConfigureAwait(false)) > 0)
                length += read;
        }
        finally
        {
            if (input.IsReplayable)
                await stream.DisposeAsync().ConfigureAwait(false);
        }
        var prepared = new PreparedInstance(index, input) { Length = input.IsReplayable ? input.Length() : null };
        if (!input.IsReplayable)
        {
            // Read once: the head already taken is sent before the rest of the stream.
            prepared.OneShot = new ConcatenatedStream(head.AsSpan(0, length).ToArray(), stream);
        }
        ReadUids(prepared, head.AsSpan(0, length), sopClassUid);
        return prepared;
    }

    /// <summary>The UIDs from a Part 10 head; <paramref name="sopClassUid"/>: the previous instance's class, kept as the same string when equal.</summary>
    private static void ReadUids(PreparedInstance prepared, ReadOnlySpan<byte> head, string? sopClassUid)
    {
        // The usual file: its UIDs read from the bytes, no data set built (a store of thousands leaves little garbage).
        if (Part10Head.TryRead(head, out Part10Head.Uids uids, sopClassUid) && uids.SopInstanceUid is not null)
        {
            prepared.SopClassUid = uids.SopClassUid;
            prepared.SopInstanceUid = uids.SopInstanceUid;
            prepared.DatasetSopInstanceUid = uids.DatasetSopInstanceUid;
            return;
        }
        DicomFile meta;
        try
        {
            // The header up to the pixel data usually fits in the head: then the data set's own SOP
            // Instance UID is known too, which servers answer with and a faulty meta group may contradict.
            meta = DicomFile.Open(head, new DicomReadOptions { StopBeforePixelData = true }, prepared.Input.Source);
            prepared.DatasetSopInstanceUid = meta.Dataset.Get(SOPInstanceUID);
        }
        catch (DicomFileException)
        {
            try
            {
                meta = DicomFile.Open(head, new DicomReadOptions { FileMetaInformationOnly = true }, prepared.Input.Source);
            }
            catch (DicomFileException e)
            {
                prepared.Error = $"is not a DICOM Part 10 file: {e.Message}";
                return;
            }
        }
        prepared.SopClassUid = meta.FileMetaInformation.Get(MediaStorageSOPClassUID);
        prepared.SopInstanceUid = meta.FileMetaInformation.Get(MediaStorageSOPInstanceUID);
        if (prepared.SopInstanceUid is null || meta.TransferSyntaxUid.Length == 0)
            prepared.Error = "is not a DICOM Part 10 file: it has no file meta information with a Media Storage SOP Instance UID";
    }

    private static PreparedInstance PrepareDataset(int index, StowInstance input, DicomDataset dataset, StowOptions options)
    {
        var prepared = new PreparedInstance(index, input)
        {
            SopClassUid = dataset.Get(SOPClassUID),
            SopInstanceUid = dataset.Get(SOPInstanceUID),
        };
        if (prepared.SopInstanceUid is null || prepared.SopClassUid is null)
        {
            prepared.Error = "has no SOP Class UID or SOP Instance UID";
            return prepared;
        }
        if (dataset.Where(e => e.Form == DicomValueForm.BulkDataUri).Select(e => (DicomTag?)e.Tag).FirstOrDefault() is DicomTag external)
        {
            prepared.Error = $"holds a BulkDataURI in {external}; read the value in (DicomFile.ReadBulkDataAsync) before storing it";
            return prepared;
        }
        // Large top-level values become bulk data parts named by a Content-Location the JSON refers to.
        var bulk = new List<OutgoingPart>();
        try
        {
            byte[] json = DicomJson.SerializeToUtf8Bytes(dataset, new DicomJsonWriteOptions
            {
                InlineBinaryMaxBytes = options.InlineBinaryMaxBytes,
                BulkDataUri = tag =>
                {
                    string uri = $"instances/{prepared.SopInstanceUid}/bulk/{tag.Group:X4}{tag.Element:X4}";
                    ReadOnlyMemory<byte> bytes = dataset.GetBulkData(tag)?.Bytes ?? default;
                    if (bytes.Length <= options.InlineBinaryMaxBytes || bulk.Any(p => p.ContentLocation == uri))
                        throw new NotSupportedException($"{tag} inside a sequence is larger than InlineBinaryMaxBytes ({options.InlineBinaryMaxBytes}); raise it to send the value inline");
                    bulk.Add(new OutgoingPart(BulkDataMediaTypes.OctetStream, uri, bytes.Length, () => new ReadOnlyMemoryStream(bytes)));
                    return uri;
                },
            });
            prepared.Json = json;
            prepared.BulkParts = bulk;
            prepared.Length = json.Length + bulk.Sum(p => p.Length!.Value);
        }
        catch (NotSupportedException e)
        {
            prepared.Error = e.Message;
        }
        return prepared;
    }

    private async Task SendBatchAsync(Uri url, List<PreparedInstance> batch, StowOptions options, StowRun store, CancellationToken cancellationToken)
    {
        bool replayable = batch.All(i => i.Input.IsReplayable);
        int maxRetries = StowRetries(options);
        int attempts = 0;
        long bytes = 0;
        bool reached = false;   // whether any attempt may have reached the server
        HttpContent? content = null;
        // Whatever happens here (a handler of the caller's pipeline throwing its own exception
        // types included), the batch's instances get an outcome: the result accounts for every one.
        try
        {
            while (true)
            {
                attempts++;
                HttpResponseMessage response;
                try
                {
                    response = await SendAsync(HttpMethod.Post, url, static r => r.Headers.TryAddWithoutValidation("Accept", "application/dicom+json"), cancellationToken,
                        () => content = CreateContent(batch, options), replayable).ConfigureAwait(false);
                }
                catch (DicomWebException e) when (e.StatusCode is null && e.InnerException is HttpRequestException && replayable && attempts <= maxRetries)
                {
                    reached |= !e.RequestNotSent;
                    await WaitToRetryAsync(HttpMethod.Post, url, attempts, maxRetries, null, null, e, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                finally
                {
                    bytes = content is null ? 0 : BytesOf(content);
                }
                using (response)
                {
                    if (RetryPolicy.IsTransient(response.StatusCode) && replayable && attempts <= maxRetries)
                    {
                        reached = true;
                        await WaitToRetryAsync(HttpMethod.Post, url, attempts, maxRetries, response.Headers.RetryAfter, response.StatusCode, null, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    (DicomDataset? dataset, string excerpt, string? unreadable) = await ReadStowResponseAsync(response, cancellationToken).ConfigureAwait(false);
                    string? warning = response.Headers.TryGetValues("Warning", out var warnings) ? string.Join("; ", warnings) : null;
                    store.Complete(url, batch, response.StatusCode, dataset, excerpt, bytes, attempts, null, warning, unreadable, response.Content.Headers.ContentType?.MediaType);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            store.Complete(url, batch, null, null, null, bytes, attempts, "the store was canceled while this request was in flight: the server may have stored some of its instances (search for them)");
        }
        catch (DicomWebException e) when (e.RequestNotSent && !reached)
        {
            store.Unsent(url, batch, attempts, $"not stored: the request never reached the server ({e.Message})");
        }
        catch (DicomWebException e) when (e.StatusCode is HttpStatusCode code)
        {
            // The server answered, but not with a result (a redirect not followed, for one).
            store.Complete(url, batch, code, null, e.Message, bytes, attempts, null);
        }
        catch (Exception e)
        {
            string message = e is DicomWebException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            store.Complete(url, batch, null, null, null, bytes, attempts,
                $"no response ({message}); the outcome is unknown{(replayable ? "" : " (a source could not be re-read, so the request was not retried)")}");
        }
    }

    /// <summary>
    /// The response data set, its excerpt, and why it could not be read (too large, broken off,
    /// silent): at most <see cref="DicomWebClientOptions.MaxStowResponseBytes"/> are read.
    /// </summary>
    private async Task<(DicomDataset? Dataset, string Excerpt, string? Unreadable)> ReadStowResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        long max = _options.MaxStowResponseBytes;
        // Read into a rented buffer: the data set keeps what it needs, so a store leaves no body behind per request.
        byte[] body = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        int length = 0;
        string? unreadable = null;
        try
        {
            try
            {
                await using ResponseBodyStream stream = await OpenBodyAsync(response, cancellationToken, wrapConnectionErrors: true).ConfigureAwait(false);
                int read;
                while ((read = await stream.ReadAsync(body.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (length + read > max)
                    {
                        unreadable = $"the server's response ({(int)response.StatusCode} {response.StatusCode}) is larger than {max} bytes (MaxStowResponseBytes) and was not read: the outcome of this instance is unknown";
                        break;
                    }
                    length += read;
                    if (length == body.Length)
                    {
                        byte[] larger = System.Buffers.ArrayPool<byte>.Shared.Rent(body.Length * 2);
                        body.AsSpan(0, length).CopyTo(larger);
                        System.Buffers.ArrayPool<byte>.Shared.Return(body);
                        body = larger;
                    }
                }
            }
            catch (DicomWebException e)
            {
                unreadable = $"the server's response ({(int)response.StatusCode} {response.StatusCode}) could not be read ({e.Message}): the outcome of this instance is unknown";
            }
            ReadOnlySpan<byte> bytes = body.AsSpan(0, length);
            string excerpt = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, Math.Max(0, _options.ErrorBodyExcerptLength))]);
            DicomDataset? dataset = unreadable is null ? ReadStowResponse(response, bytes) : null;
            // A success whose body is something else (a proxy's login page) says nothing about the instances.
            if (unreadable is null && dataset is null && response.IsSuccessStatusCode && !bytes.Trim(" \t\r\n"u8).IsEmpty)
                unreadable = $"the server answered {(int)response.StatusCode} {response.StatusCode} with a body that is not a response data set (Content-Type '{response.Content.Headers.ContentType}'): the outcome of this instance is unknown";
            return (dataset, excerpt, unreadable);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(body);
        }
    }

    private static long BytesOf(HttpContent content) =>
        content is MultipartRelatedContent multipart ? multipart.BytesWritten : content.Headers.ContentLength ?? 0;

    private HttpContent CreateContent(List<PreparedInstance> batch, StowOptions options)
    {
        if (batch[0].Dataset is null && options.SinglePart)
        {
            PreparedInstance single = batch[0];
            var content = new StreamContent(single.OpenPart10());
            content.Headers.TryAddWithoutValidation("Content-Type", "application/dicom");
            if (single.Length is long length)
                content.Headers.ContentLength = length;
            return content;
        }
        if (batch[0].Dataset is null)
            return new MultipartRelatedContent("application/dicom", [.. batch.Select(i => i.Input.FilePath is { } path ? new OutgoingPart("application/dicom", null, i.Length, null, path) : new OutgoingPart("application/dicom", null, i.Length, i.OpenPart10))], _server.QuoteMultipartType, _copyBuffers);

        // The JSON flavour: one metadata array for the request, then every bulk data part.
        var metadata = new MemoryStream();
        metadata.WriteByte((byte)'[');
        for (int i = 0; i < batch.Count; i++)
        {
            if (i > 0)
                metadata.WriteByte((byte)',');
            metadata.Write(batch[i].Json);
        }
        metadata.WriteByte((byte)']');
        byte[] root = metadata.ToArray();
        List<OutgoingPart> parts = [new OutgoingPart("application/dicom+json", null, root.Length, () => new MemoryStream(root, writable: false)), .. batch.SelectMany(i => i.BulkParts!)];
        return new MultipartRelatedContent("application/dicom+json", parts, _server.QuoteMultipartType, _copyBuffers);
    }

    /// <summary>The response data set, from DICOM JSON or the XML Native DICOM Model; null when the body is neither.</summary>
    private static DicomDataset? ReadStowResponse(HttpResponseMessage response, ReadOnlySpan<byte> body)
    {
        ReadOnlySpan<byte> text = body.Trim(" \t\r\n"u8);
        if (text.IsEmpty)
            return null;
        string mediaType = MediaTypeHeader.TryParse(response.Content.Headers.ContentType?.ToString())?.MediaType ?? "";
        bool xml = mediaType.EndsWith("xml", StringComparison.Ordinal) || text[0] == '<';
        try
        {
            if (xml)
                return NativeDicomModel.Read(body.ToArray());
            if (mediaType is "application/dicom+json" or "application/json" || text[0] is (byte)'{' or (byte)'[')
                return text[0] == '[' ? DicomJson.DeserializeArray(text).SingleOrDefault() : DicomJson.Deserialize(text);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // An error page that looks like JSON (Orthanc's {"HttpError": ...}) is not a response data set.
        }
        return null;
    }
}
