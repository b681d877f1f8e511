using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using DicomWeb.Json;

namespace DicomWeb.Client;

// WADO-RS (PS3.18 10.4): instances, frames, metadata, bulk data, rendered images and thumbnails.
public sealed partial class DicomWebClient
{
    /// <summary>
    /// The instances or frames of a resource in the media types and transfer syntaxes of
    /// <paramref name="accept"/>, in order of preference (null: the defaults, instances as stored
    /// (<c>multipart/related; type="application/dicom"; transfer-syntax=*</c>), frames as
    /// <c>multipart/related; type="application/octet-stream"; transfer-syntax=*</c>).
    /// </summary>
    /// <exception cref="DicomWebException">The server refused, or the body is broken or truncated (while enumerating).</exception>
    public IAsyncEnumerable<DicomPart> RetrieveAsync(WadoResource resource, IReadOnlyList<AcceptableMediaType>? accept, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        accept ??= [resource.IsFrames ? AcceptableMediaType.OctetStream() : AcceptableMediaType.Dicom()];
        return Observe(GetPartsAsync(WadoUrl(resource.ToString()), accept, range: null, cancellationToken), DicomWebOperationKind.Retrieve, Level(resource), resource.IsFrames ? "frames" : "instances");
    }

    /// <summary>The metadata of a study, series or instance (application/dicom+json), one data set per instance.</summary>
    /// <remarks>Each instance's metadata is parsed as it arrives; one larger than <see cref="DicomWebClientOptions.MaxDatasetBytes"/> is an error.</remarks>
    /// <exception cref="DicomWebException">The server refused, or the body is not DICOM JSON (the message gives the item and byte offset).</exception>
    public async Task<IReadOnlyList<DicomDataset>> RetrieveMetadataAsync(WadoResource resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var results = new List<DicomDataset>();
        await foreach (DicomDataset item in RetrieveMetadataAsyncEnumerable(resource, cancellationToken).ConfigureAwait(false))
            results.Add(item);
        return results.AsReadOnly();
    }

    /// <summary>The metadata read into a <see cref="DicomJsonModelAttribute"/> type, one per instance, straight from the body.</summary>
    /// <exception cref="DicomWebException">The server refused, or the body does not fit the model.</exception>
    public async Task<IReadOnlyList<T>> RetrieveMetadataAsync<T>(WadoResource resource, CancellationToken cancellationToken = default)
        where T : IDicomJsonModel<T>
    {
        ArgumentNullException.ThrowIfNull(resource);
        var results = new List<T>();
        await foreach (T item in Observe(GetMetadataAsync(resource, (body, url, status, token) => ReadModelsAsync<T>(body, $"the metadata (as {typeof(T).Name})", url, status, token), cancellationToken), DicomWebOperationKind.Metadata, Level(resource)).ConfigureAwait(false))
            results.Add(item);
        return results.AsReadOnly();
    }

    /// <summary>
    /// The metadata of a study, series or instance, one data set at a time as the body arrives:
    /// memory holds one instance's metadata, not the study's.
    /// </summary>
    /// <exception cref="DicomWebException">The server refused, or an item is not DICOM JSON (the message gives its index).</exception>
    public IAsyncEnumerable<DicomDataset> RetrieveMetadataAsyncEnumerable(WadoResource resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return Observe(GetMetadataAsync(resource, (body, url, status, token) => ReadDatasetsAsync(body, "the metadata", url, status, token), cancellationToken), DicomWebOperationKind.Metadata, Level(resource));
    }

    /// <summary>The URL of a resource's metadata: the base against which the BulkDataURIs in it are resolved.</summary>
    public Uri MetadataUrl(WadoResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return WadoUrl(resource.MetadataPath);
    }

    private async IAsyncEnumerable<T> GetMetadataAsync<T>(WadoResource resource, PageReader<T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri url = WadoUrl(resource.MetadataPath);
        using HttpResponseMessage response = await SendWadoAsync(url, [AcceptableMediaType.SinglePart("application/dicom+json")], null, cancellationToken).ConfigureAwait(false);
        CheckContentType(response, JsonTypes);
        await using ResponseBodyStream body = await OpenBodyAsync(response, cancellationToken, wrapConnectionErrors: true).ConfigureAwait(false);
        await foreach (T item in read(body, url, response.StatusCode, cancellationToken).ConfigureAwait(false))
            yield return item;
    }

    /// <summary>
    /// Bulk data by the BulkDataURI found in metadata, whole or a byte range. A relative URI is
    /// resolved (RFC 3986) against the WADO-RS root (the base address and WadoPrefix); pass the
    /// metadata URL it came from to the overload with <c>metadataUrl</c> for servers that write
    /// URIs relative to it. A range is asked for as single-part application/octet-stream (ranges
    /// are defined for single parts, PS3.18 8.6.1); a server that ignores or refuses the Range
    /// header is answered by cutting the range from the whole value, so the part holds exactly the
    /// bytes asked for either way.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// Before any request: the URI resolves to another origin (scheme, host, port) than the base
    /// address, to a path outside the DICOMweb root (an absolute path like "/bulk/1", "../../admin",
    /// dot segments in any encoding), to another scheme (file:, data:...), or carries user info.
    /// </exception>
    /// <exception cref="DicomWebException">The server refused, or the body is broken.</exception>
    public IAsyncEnumerable<DicomPart> RetrieveBulkDataAsync(string bulkDataUri, ByteRange? range = null, CancellationToken cancellationToken = default)
    {
        Uri url = BulkDataUrl(bulkDataUri, null);
        range?.Check(nameof(range));
        return Observe(GetBulkDataAsync(url, range, cancellationToken), DicomWebOperationKind.Retrieve, "bulkdata", "bulkdata", opaquePath: true);
    }

    /// <summary>
    /// Bulk data by a BulkDataURI resolved (RFC 3986) against <paramref name="metadataUrl"/>, the
    /// metadata URL it came from (see <see cref="MetadataUrl(WadoResource)"/>), whole or a byte range.
    /// </summary>
    /// <example><code>
    /// WadoResource instance = Wado.Study(study).Series(series).Instance(sop);
    /// DicomDataset metadata = (await client.RetrieveMetadataAsync(instance))[0];
    /// string uri = metadata.GetBulkData(DicomTags.PixelData)!.Uri!;
    /// await foreach (DicomPart part in client.RetrieveBulkDataAsync(uri, client.MetadataUrl(instance))) { }
    /// </code></example>
    /// <exception cref="ArgumentException">The metadata URL is not under this client's DICOMweb root, or the URI resolves outside it (see the other overload).</exception>
    /// <exception cref="DicomWebException">The server refused, or the body is broken.</exception>
    public IAsyncEnumerable<DicomPart> RetrieveBulkDataAsync(string bulkDataUri, Uri metadataUrl, ByteRange? range = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadataUrl);
        Uri url = BulkDataUrl(bulkDataUri, metadataUrl);
        range?.Check(nameof(range));
        return Observe(GetBulkDataAsync(url, range, cancellationToken), DicomWebOperationKind.Retrieve, "bulkdata", "bulkdata", opaquePath: true);
    }

    private async IAsyncEnumerable<DicomPart> GetBulkDataAsync(Uri url, ByteRange? range, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        AcceptableMediaType[] whole = [AcceptableMediaType.OctetStream()];
        if (range is not ByteRange wanted)
        {
            await foreach (DicomPart part in GetPartsAsync(url, whole, null, cancellationToken).ConfigureAwait(false))
                yield return part;
            yield break;
        }

        AcceptableMediaType[] single = [AcceptableMediaType.SinglePart(BulkDataMediaTypes.OctetStream)];
        HttpResponseMessage response = await SendGetAsync(url, AcceptableMediaType.ToHeader(single, true), wanted, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<AcceptableMediaType> asked = single;
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotAcceptable)
        {
            // Refused as asked (single part, or Range at all): fetch the value whole and cut the range.
            response.Dispose();
            response = await SendWadoAsync(url, whole, null, cancellationToken).ConfigureAwait(false);
            asked = whole;
        }
        using (response)
        {
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            CheckContentType(response, ExpectedTypes(asked));
            bool served = response.StatusCode == HttpStatusCode.PartialContent;
            await foreach (DicomPart part in ReadPartsAsync(response, ranged: true, cancellationToken).ConfigureAwait(false))
            {
                if (served)
                {
                    yield return part;
                    continue;
                }
                var headers = part.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    .ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
                headers["Content-Range"] = $"bytes {wanted.First}-{wanted.Last?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""}/*";
                yield return new DicomPart(headers, new RangeSliceStream(part.Content, wanted));
                yield break; // one value: one part
            }
        }
    }

    /// <summary>
    /// Rendered images (PS3.18 10.4.1.1.5) of a study, series, instance or frames: one part per image
    /// (a single-part response for one image). The options set the media type and the window,
    /// viewport, quality, iccprofile and annotation parameters.
    /// </summary>
    /// <exception cref="DicomWebException">The server refused (e.g. 406 for a media type it cannot render).</exception>
    public IAsyncEnumerable<DicomPart> RetrieveRenderedAsync(WadoResource resource, RenderedOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        options ??= RenderedOptions.Default;
        string query = options.ToQueryString();
        return Observe(GetPartsAsync(WadoUrl(resource.RenderedPath + (query.Length > 0 ? "?" + query : "")), [AcceptableMediaType.SinglePart(options.MediaType)], null, cancellationToken), DicomWebOperationKind.Retrieve, Level(resource), "rendered");
    }

    /// <summary>
    /// A thumbnail (PS3.18 10.4.1.1.6) of a study, series, instance or frames, in a media type
    /// (image/jpeg by default) and optionally a viewport (the type <see cref="RenderedOptions.Viewport"/> takes).
    /// </summary>
    /// <exception cref="DicomWebException">The server refused (Orthanc 1.10's plugin answers 404: it has no thumbnails).</exception>
    public IAsyncEnumerable<DicomPart> RetrieveThumbnailAsync(WadoResource resource, string mediaType = "image/jpeg", RenderedViewport? viewport = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        string query = viewport is { } size ? "?viewport=" + size : "";
        return Observe(GetPartsAsync(WadoUrl(resource.ThumbnailPath + query), [AcceptableMediaType.SinglePart(mediaType)], null, cancellationToken), DicomWebOperationKind.Retrieve, Level(resource), "thumbnail");
    }

    /// <summary>
    /// Saves the instances of a study, series or instance into <paramref name="folder"/> as
    /// "{SOPInstanceUID}.dcm", asked for in the transfer syntaxes of <paramref name="accept"/>, in
    /// order of preference (null: as stored, <c>transfer-syntax=*</c>). Only application/dicom
    /// choices make sense here: the parts must be Part 10 instances. Each part is streamed to its
    /// file on a second task while the next bytes are read from the response, through a fixed
    /// 2 MiB of buffers: memory does not grow with the study or with the size of a part.
    /// </summary>
    /// <remarks>
    /// When the call fails or is canceled, the files of the instances saved before stay (each was
    /// reported), and the file of the instance being saved is deleted before the call ends.
    /// </remarks>
    /// <example><code>
    /// // Explicit VR Little Endian, transcoded by the server where it must
    /// await client.SaveInstancesAsync(Wado.Study(studyUid), "out", [AcceptableMediaType.Dicom(DicomUids.ExplicitVRLittleEndian)]);
    /// </code></example>
    /// <returns>The files written, in the order the server sent them. The folder is created (when missing) with the first file, so a refused retrieve leaves none.</returns>
    /// <exception cref="DicomWebException">The server refused (e.g. 400, 406 or 500 for a transfer syntax it cannot give), the body broke off, or a part is not an application/dicom instance with a SOP Instance UID.</exception>
    public Task<IReadOnlyList<string>> SaveInstancesAsync(WadoResource resource, string folder, IReadOnlyList<AcceptableMediaType>? accept, IProgress<SaveProgress>? progress = null, CancellationToken cancellationToken = default) =>
        SaveInstancesCoreAsync(resource, folder, accept, progress, cancellationToken);

    private async Task<IReadOnlyList<string>> SaveInstancesCoreAsync(WadoResource resource, string folder, IReadOnlyList<AcceptableMediaType>? accept, IProgress<SaveProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (resource.IsFrames)
            throw new ArgumentException("Frames are not instances; retrieve them with RetrieveAsync.", nameof(resource));
        Uri url = WadoUrl(resource.ToString());
        // Canceled by the caller's token, or by the writer when it fails: either way the reading stops.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = new InstanceFolderWriter(stop, progress, (path, index, location, cause) =>
            Error($"part {index} is not a Part 10 instance with a SOP Instance UID ({cause.Message})", HttpMethod.Get, url, null, location, cause));
        int parts = 0;
        try
        {
            await foreach (DicomPart part in RetrieveAsync(resource, accept, stop.Token).ConfigureAwait(false))
            {
                parts++;
                if (part.MediaType != "application/dicom")
                    throw Error($"part {parts} is {part.ContentType}, not application/dicom", HttpMethod.Get, url, null, part.ContentLocation);
                // The name comes from the file meta information at the start of the part (its first
                // chunk), so each file is written once under its own name; a part whose meta group
                // does not fit goes to a temporary file that is read back and renamed.
                byte[] chunk = await writer.RentAsync(stop.Token).ConfigureAwait(false);
                int length = await FillAsync(part.Content, chunk, HeadBytes, stop.Token).ConfigureAwait(false); // 64 KiB (as STOW reads a head) or the whole part
                if (parts == 1)
                    Directory.CreateDirectory(folder); // only once there is something to save: a refused retrieve leaves no folder
                string? sop = SopInstanceUidOf(chunk.AsSpan(0, length));
                writer.Begin(Path.Combine(folder, (sop ?? $".retrieving-{Guid.NewGuid():N}") + ".dcm"), named: sop is not null, parts, part.ContentLocation);
                writer.Write(chunk, length);
                // Then a chunk per read, as large as the connection gives: each is read straight from the
                // connection into the chunk (MultipartRelatedReader's large reads), with no copy in memory.
                while (length > 0)
                {
                    chunk = await writer.RentAsync(stop.Token).ConfigureAwait(false);
                    length = await part.Content.ReadAsync(chunk, stop.Token).ConfigureAwait(false);
                    writer.Write(chunk, length);
                }
                writer.End();
            }
        }
        catch (Exception e)
        {
            ExceptionDispatchInfo? failure = await writer.AbortAsync().ConfigureAwait(false);
            if (failure is not null && e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
                failure.Throw(); // the writer failed first: its error, not the cancellation it caused
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
                throw new OperationCanceledException(e.Message, e, cancellationToken);
            throw;
        }
        return await writer.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Reads until <paramref name="buffer"/> holds at least <paramref name="least"/> bytes or the content ends; the bytes read.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, int least, CancellationToken cancellationToken)
    {
        int length = 0, read;
        while (length < least && (read = await content.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            length += read;
        return length;
    }

    // A UID is digits and dots, so it is a safe file name; anything else is not used as one.
    private static string? SopInstanceUidOf(ReadOnlySpan<byte> head)
    {
        try
        {
            string? uid = DicomFile.Open(head, new DicomReadOptions { FileMetaInformationOnly = true }).FileMetaInformation.Get(DicomTags.MediaStorageSOPInstanceUID);
            return DicomUid.IsValid(uid) ? uid : null;
        }
        catch (DicomFileException)
        {
            return null;
        }
    }

    private async IAsyncEnumerable<DicomPart> GetPartsAsync(Uri url, IReadOnlyList<AcceptableMediaType> accept, ByteRange? range, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendWadoAsync(url, accept, range, cancellationToken).ConfigureAwait(false);
        CheckContentType(response, ExpectedTypes(accept));
        await foreach (DicomPart part in ReadPartsAsync(response, range is not null, cancellationToken).ConfigureAwait(false))
            yield return part;
    }

    // A multipart Accept may be answered by multipart/related or, for one instance, by its single part (Google does).
    private static string[] ExpectedTypes(IReadOnlyList<AcceptableMediaType> accept) =>
        [.. accept.Any(a => a.IsMultipart) ? ["multipart/related"] : Array.Empty<string>(), .. accept.Select(a => a.MediaType)];

    /// <summary>
    /// A GET with Accept. When the server answers a multipart Accept with 406, or with 400 or 415
    /// before any multipart request of this client has succeeded, it is asked once more with the
    /// type parameter quoted the other way; a refusal then names the first answer.
    /// </summary>
    private async Task<HttpResponseMessage> SendWadoAsync(Uri url, IReadOnlyList<AcceptableMediaType> accept, ByteRange? range, CancellationToken cancellationToken)
    {
        bool quote = _server.QuoteMultipartType;
        bool multipart = accept.Any(a => a.IsMultipart);
        HttpResponseMessage response = await SendGetAsync(url, AcceptableMediaType.ToHeader(accept, quote), range, cancellationToken).ConfigureAwait(false);
        if (multipart && (response.StatusCode == HttpStatusCode.NotAcceptable || response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType && !_server.MultipartAnswered))
        {
            HttpStatusCode firstStatus = response.StatusCode;
            string firstBody = await ReadExcerptAsync(response, cancellationToken).ConfigureAwait(false);
            response.Dispose();
            response = await SendGetAsync(url, AcceptableMediaType.ToHeader(accept, !quote), range, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                string secondBody = await ReadExcerptAsync(response, cancellationToken).ConfigureAwait(false);
                HttpStatusCode secondStatus = response.StatusCode;
                response.Dispose();
                throw Error(
                    $"the server refused the request (asked again with the multipart type parameter {(quote ? "unquoted" : "quoted")}, it answered {(int)secondStatus} {secondStatus}{(secondBody.Length > 0 ? ": " + Shorten(secondBody) : "")})",
                    HttpMethod.Get, url, firstStatus, firstBody);
            }
            _server.QuoteMultipartType = !quote;
        }
        try
        {
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
        if (multipart)
            _server.MultipartAnswered = true;
        return response;
    }

    private static string Shorten(string text) => text.Length > 100 ? text[..100] + "..." : text;

    private Task<HttpResponseMessage> SendGetAsync(Uri url, string accept, ByteRange? range, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, url, request =>
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
            if (range is ByteRange r)
                request.Headers.TryAddWithoutValidation("Range", r.ToString());
        }, cancellationToken);

    /// <summary>
    /// The parts of a successful response: a multipart body part by part, any other body as one
    /// part. The body is read under the idle timeout and the call's token (also when a part's
    /// Content is read without one), and a canceled call stops at the next part.
    /// </summary>
    private async IAsyncEnumerable<DicomPart> ReadPartsAsync(HttpResponseMessage response, bool ranged, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri url = response.RequestMessage!.RequestUri!;
        if (response.StatusCode == HttpStatusCode.NoContent)
            yield break;
        string? rawType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out HeaderStringValues types) ? types.ToString() : null;
        MediaTypeHeader? contentType = MediaTypeHeader.TryParse(rawType);
        Stream body = await OpenBodyAsync(response, cancellationToken).ConfigureAwait(false);
        if (contentType is { IsMultipart: true })
        {
            await using (body.ConfigureAwait(false))
            {
                var reader = MultipartRelatedReader.Create(body, contentType, $"Content-Type: {rawType}", url, _options.MultipartLimits, !_options.RedactQueryValues);
                while (true)
                {
                    // Canceled between parts: stop here rather than read the rest of the current part.
                    cancellationToken.ThrowIfCancellationRequested();
                    if (await reader.ReadNextPartAsync(cancellationToken).ConfigureAwait(false) is not DicomPart part)
                        break;
                    yield return part;
                }
            }
        }
        else
        {
            var headers = response.Content.Headers.NonValidated.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            yield return new DicomPart(headers, new SinglePartStream(body, response.Content.Headers.ContentLength, url, !_options.RedactQueryValues));
        }
        // 206 without a Range request: the server left something out (PS3.18 Table 10.4.3-1).
        if (response.StatusCode == HttpStatusCode.PartialContent && !ranged)
        {
            string warning = response.Headers.TryGetValues("Warning", out var warnings) ? string.Join("; ", warnings) : "";
            throw Error("the server returned only part of the resource (206 Partial Content); the parts above are all it sent", response, warning);
        }
    }

    private Uri WadoUrl(string relative) => Resolve((_options.WadoPrefix ?? "") + relative);

    // A BulkDataURI comes from a server's metadata: it is followed only on this client's origin and
    // under its DICOMweb root, so neither credentials nor requests go anywhere the root does not.
    private Uri BulkDataUrl(string bulkDataUri, Uri? metadataUrl)
    {
        ArgumentException.ThrowIfNullOrEmpty(bulkDataUri);
        Uri wadoRoot = WadoUrl("");
        if (metadataUrl is not null && (!metadataUrl.IsAbsoluteUri || !SameOrigin(metadataUrl, _root) || !IsUnderRoot(metadataUrl)))
            throw new ArgumentException($"The metadata URL '{Show(metadataUrl)}' is not under this client's DICOMweb root ({_root}).", nameof(metadataUrl));
        if (!Uri.TryCreate(metadataUrl ?? wadoRoot, bulkDataUri, out Uri? url))
            throw new ArgumentException($"The BulkDataURI '{UrlRedaction.Show(bulkDataUri, !_options.RedactQueryValues)}' is not a URI reference.", nameof(bulkDataUri));
        if (!SameOrigin(url, _root) || url.UserInfo.Length > 0)
            throw new ArgumentException($"The BulkDataURI '{UrlRedaction.Show(bulkDataUri, !_options.RedactQueryValues)}' is not on this client's origin ({Origin(_root)}); it is not followed.", nameof(bulkDataUri));
        if (!IsUnderRoot(url))
            throw new ArgumentException($"The BulkDataURI '{UrlRedaction.Show(bulkDataUri, !_options.RedactQueryValues)}' resolves to '{url.AbsolutePath}', outside this client's DICOMweb root ({_root.AbsolutePath}); it is not followed.", nameof(bulkDataUri));
        return url;
    }

    // Under the root's path, with no dot segment left in any encoding (%2e%2e included).
    private bool IsUnderRoot(Uri url)
    {
        string path = url.AbsolutePath;
        if (!path.StartsWith(_root.AbsolutePath, StringComparison.Ordinal))
            return false;
        string decoded = Uri.UnescapeDataString(path);
        return !decoded.Contains('\\') && !decoded.Split('/').Any(segment => segment is "." or "..");
    }
}
