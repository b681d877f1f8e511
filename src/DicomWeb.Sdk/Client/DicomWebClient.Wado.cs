using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DicomWeb.Json;

namespace DicomWeb.Client;

// WADO-RS (PS3.18 10.4): instances, frames, metadata, bulk data, rendered images and thumbnails.
public sealed partial class DicomWebClient
{
    /// <summary>
    /// The instances of a study, series or instance as Part 10 parts, or the frames of a frames
    /// resource as bulk data parts, streamed as they arrive. Instances are asked for as stored
    /// (<c>multipart/related; type="application/dicom"; transfer-syntax=*</c>), frames as
    /// <c>multipart/related; type="application/octet-stream"; transfer-syntax=*</c>.
    /// </summary>
    /// <remarks>Each part's Content must be read (or left) before the next part is asked for.</remarks>
    /// <exception cref="DicomWebException">The server refused, or the body is broken or truncated (while enumerating).</exception>
    public IAsyncEnumerable<DicomPart> RetrieveAsync(WadoResource resource, CancellationToken cancellationToken = default) =>
        RetrieveAsync(resource, accept: null, cancellationToken);

    /// <summary>
    /// The instances or frames of a resource in the media types and transfer syntaxes of
    /// <paramref name="accept"/>, in order of preference (null: the defaults of
    /// <see cref="RetrieveAsync(WadoResource, CancellationToken)"/>).
    /// </summary>
    /// <exception cref="DicomWebException">The server refused, or the body is broken or truncated (while enumerating).</exception>
    public IAsyncEnumerable<DicomPart> RetrieveAsync(WadoResource resource, IReadOnlyList<AcceptableMediaType>? accept, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        accept ??= [resource.IsFrames ? AcceptableMediaType.OctetStream() : AcceptableMediaType.Dicom()];
        return GetPartsAsync(WadoUrl(resource.ToString()), accept, range: null, cancellationToken);
    }

    /// <summary>The metadata of a study, series or instance (application/dicom+json), one data set per instance.</summary>
    /// <exception cref="DicomWebException">The server refused, or the body is not DICOM JSON (the message gives its path and byte offset).</exception>
    public async Task<IReadOnlyList<DicomDataset>> RetrieveMetadataAsync(WadoResource resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        (byte[] body, Uri url) = await GetMetadataBytesAsync(resource, cancellationToken).ConfigureAwait(false);
        try
        {
            return DicomJson.DeserializeArray(body);
        }
        catch (DicomJsonException e)
        {
            throw new DicomWebException($"the metadata is not valid DICOM JSON ({e.Message})", HttpMethod.Get, url, HttpStatusCode.OK, null, e);
        }
    }

    /// <summary>The metadata read into a <see cref="DicomJsonModelAttribute"/> type, one per instance.</summary>
    /// <exception cref="DicomWebException">The server refused, or the body does not fit the model.</exception>
    public async Task<IReadOnlyList<T>> RetrieveMetadataAsync<T>(WadoResource resource, CancellationToken cancellationToken = default)
        where T : IDicomJsonModel<T>
    {
        ArgumentNullException.ThrowIfNull(resource);
        (byte[] body, Uri url) = await GetMetadataBytesAsync(resource, cancellationToken).ConfigureAwait(false);
        try
        {
            return DicomJson.DeserializeArray<T>(body);
        }
        catch (DicomJsonException e)
        {
            throw new DicomWebException($"the metadata does not fit {typeof(T).Name} ({e.Message})", HttpMethod.Get, url, HttpStatusCode.OK, null, e);
        }
    }

    /// <summary>
    /// The metadata of a study, series or instance, one data set at a time as the body arrives:
    /// memory holds one instance's metadata, not the study's.
    /// </summary>
    /// <exception cref="DicomWebException">The server refused, or an item is not DICOM JSON (the message gives its index).</exception>
    public async IAsyncEnumerable<DicomDataset> RetrieveMetadataStreamAsync(WadoResource resource, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        Uri url = WadoUrl(resource.MetadataPath);
        using HttpResponseMessage response = await SendWadoAsync(url, [AcceptableMediaType.SinglePart("application/dicom+json")], null, cancellationToken).ConfigureAwait(false);
        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        int index = 0;
        IAsyncEnumerator<DicomDataset?> items = JsonSerializer.DeserializeAsyncEnumerable(body, DicomJson.DatasetTypeInfo, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (items.ConfigureAwait(false))
        {
            while (true)
            {
                DicomDataset? item;
                try
                {
                    if (!await items.MoveNextAsync().ConfigureAwait(false))
                        yield break;
                    item = items.Current;
                }
                catch (Exception e) when (e is DicomJsonException or JsonException)
                {
                    throw new DicomWebException($"the metadata item [{index}] is not valid DICOM JSON ({e.Message})", HttpMethod.Get, url, response.StatusCode, null, e);
                }
                catch (IOException e)
                {
                    throw new DicomWebException($"the metadata body broke off in item [{index}] ({e.Message})", HttpMethod.Get, url, response.StatusCode, null, e);
                }
                yield return item ?? throw new DicomWebException($"the metadata item [{index}] is null", HttpMethod.Get, url, response.StatusCode, null);
                index++;
            }
        }
    }

    /// <summary>
    /// Bulk data by the BulkDataURI found in metadata (absolute under this client's server, or
    /// relative to the DICOMweb root), whole or a byte range. A range is asked for as single-part
    /// application/octet-stream (ranges are defined for single parts, PS3.18 8.6.1); a server that
    /// ignores or refuses the Range header is answered by cutting the range from the whole value, so
    /// the part holds exactly the bytes asked for either way.
    /// </summary>
    /// <exception cref="ArgumentException">The URI points to another server.</exception>
    /// <exception cref="DicomWebException">The server refused, or the body is broken.</exception>
    public async IAsyncEnumerable<DicomPart> RetrieveBulkDataAsync(string bulkDataUri, ByteRange? range = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Uri url = BulkDataUrl(bulkDataUri);
        range?.Check();
        AcceptableMediaType[] whole = [AcceptableMediaType.OctetStream()];
        if (range is not ByteRange wanted)
        {
            await foreach (DicomPart part in GetPartsAsync(url, whole, null, cancellationToken).ConfigureAwait(false))
                yield return part;
            yield break;
        }

        HttpResponseMessage response = await SendAsync(url, AcceptableMediaType.ToHeader([AcceptableMediaType.SinglePart(BulkDataMediaTypes.OctetStream)], true), wanted, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotAcceptable)
        {
            // Refused as asked (single part, or Range at all): fetch the value whole and cut the range.
            response.Dispose();
            response = await SendWadoAsync(url, whole, null, cancellationToken).ConfigureAwait(false);
        }
        using (response)
        {
            await EnsureSuccessAsync(response, response.RequestMessage!, cancellationToken).ConfigureAwait(false);
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
        options ??= new RenderedOptions();
        string query = options.ToQueryString();
        return GetPartsAsync(WadoUrl(resource.RenderedPath + (query.Length > 0 ? "?" + query : "")), [AcceptableMediaType.SinglePart(options.MediaType)], null, cancellationToken);
    }

    /// <summary>
    /// A thumbnail (PS3.18 10.4.1.1.6) of a study, series, instance or frames, in a media type
    /// (image/jpeg by default) and optionally a viewport of width and height only.
    /// </summary>
    /// <exception cref="DicomWebException">The server refused (Orthanc 1.10's plugin answers 404: it has no thumbnails).</exception>
    public IAsyncEnumerable<DicomPart> RetrieveThumbnailAsync(WadoResource resource, string mediaType = "image/jpeg", (int Width, int Height)? viewport = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        string query = viewport is var (width, height) ? "?viewport=" + new RenderedViewport(width, height) : "";
        return GetPartsAsync(WadoUrl(resource.ThumbnailPath + query), [AcceptableMediaType.SinglePart(mediaType)], null, cancellationToken);
    }

    /// <summary>
    /// Saves the instances of a study, series or instance into <paramref name="folder"/> as
    /// "{SOPInstanceUID}.dcm", streaming each part to its file (memory does not grow with the study),
    /// and reports each file written.
    /// </summary>
    /// <returns>The files written, in the order the server sent them.</returns>
    /// <exception cref="DicomWebException">The server refused, the body broke off, or a part is not application/dicom.</exception>
    public async Task<IReadOnlyList<string>> SaveInstancesAsync(WadoResource resource, string folder, IProgress<SaveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (resource.IsFrames)
            throw new ArgumentException("Frames are not instances; retrieve them with RetrieveAsync.", nameof(resource));
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        long bytes = 0;
        byte[] head = new byte[64 * 1024];
        byte[] copy = new byte[256 * 1024]; // one buffer for the whole retrieve (see MultipartRelatedContent)
        await foreach (DicomPart part in RetrieveAsync(resource, cancellationToken).ConfigureAwait(false))
        {
            if (part.MediaType != "application/dicom")
                throw new DicomWebException($"part {files.Count + 1} is {part.ContentType}, not application/dicom", HttpMethod.Get, WadoUrl(resource.ToString()), null, part.ContentLocation);
            // The name comes from the file meta information at the start of the part, so each file
            // is written once under its own name; a part whose meta group does not fit in the first
            // 64 KiB goes through a temporary file that is read back.
            int headLength = await ReadPrefixAsync(part.Content, head, cancellationToken).ConfigureAwait(false);
            string? sop = SopInstanceUidOf(head.AsSpan(0, headLength));
            string path = Path.Combine(folder, (sop ?? $".retrieving-{Guid.NewGuid():N}") + ".dcm");
            try
            {
                await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
                {
                    await file.WriteAsync(head.AsMemory(0, headLength), cancellationToken).ConfigureAwait(false);
                    int read;
                    while ((read = await part.Content.ReadAsync(copy, cancellationToken).ConfigureAwait(false)) > 0)
                        await file.WriteAsync(copy.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    bytes += file.Length;
                }
                if (sop is null)
                {
                    string named = Path.Combine(folder, await SopInstanceUidOfAsync(path, cancellationToken).ConfigureAwait(false) + ".dcm");
                    File.Move(path, named, overwrite: true);
                    path = named;
                }
            }
            catch
            {
                File.Delete(path); // never leave a partial instance under a real name
                throw;
            }
            files.Add(path);
            progress?.Report(new SaveProgress(files.Count, bytes, path));
        }
        return files;
    }

    private static async Task<int> ReadPrefixAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        int length = 0, read;
        while (length < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
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

    // The instance read through a memory map that touches only the first pages.
    private static async Task<string> SopInstanceUidOfAsync(string path, CancellationToken cancellationToken)
    {
        DicomFile file = await DicomFile.OpenAsync(path, new DicomReadOptions { StopBeforePixelData = true, MaxValueBytesInMemory = 4096 }, cancellationToken).ConfigureAwait(false);
        string? uid = file.FileMetaInformation.Get(DicomTags.MediaStorageSOPInstanceUID) ?? file.Dataset.Get(DicomTags.SOPInstanceUID);
        return DicomUid.IsValid(uid) ? uid! : throw new DicomFileException("the retrieved instance has no valid SOP Instance UID", path, 0, DicomTags.SOPInstanceUID);
    }

    private async Task<(byte[] Body, Uri Url)> GetMetadataBytesAsync(WadoResource resource, CancellationToken cancellationToken)
    {
        Uri url = WadoUrl(resource.MetadataPath);
        using HttpResponseMessage response = await SendWadoAsync(url, [AcceptableMediaType.SinglePart("application/dicom+json")], null, cancellationToken).ConfigureAwait(false);
        try
        {
            return (await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), url);
        }
        catch (HttpRequestException e)
        {
            throw new DicomWebException($"the metadata body broke off ({e.Message})", HttpMethod.Get, url, response.StatusCode, null, e);
        }
    }

    private async IAsyncEnumerable<DicomPart> GetPartsAsync(Uri url, IReadOnlyList<AcceptableMediaType> accept, ByteRange? range, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendWadoAsync(url, accept, range, cancellationToken).ConfigureAwait(false);
        await foreach (DicomPart part in ReadPartsAsync(response, range is not null, cancellationToken).ConfigureAwait(false))
            yield return part;
    }

    /// <summary>A GET with Accept; a 400 or 406 to a multipart Accept is retried once with the type parameter quoted the other way.</summary>
    private async Task<HttpResponseMessage> SendWadoAsync(Uri url, IReadOnlyList<AcceptableMediaType> accept, ByteRange? range, CancellationToken cancellationToken)
    {
        bool quote = _server.QuoteMultipartType;
        HttpResponseMessage response = await SendAsync(url, AcceptableMediaType.ToHeader(accept, quote), range, cancellationToken).ConfigureAwait(false);
        string message = "the server refused the request";
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotAcceptable && accept.Any(a => a.IsMultipart))
        {
            response.Dispose();
            response = await SendAsync(url, AcceptableMediaType.ToHeader(accept, !quote), range, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
                _server.QuoteMultipartType = !quote;
            message = $"the server refused the request with the multipart type parameter {(quote ? "quoted" : "unquoted")} and then {(quote ? "unquoted" : "quoted")}";
        }
        try
        {
            await EnsureSuccessAsync(response, response.RequestMessage!, cancellationToken, message).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
        return response;
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, string accept, ByteRange? range, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (range is ByteRange r)
            request.Headers.TryAddWithoutValidation("Range", r.ToString());
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new DicomWebException($"no response ({e.Message})", HttpMethod.Get, url, null, null, e);
        }
    }

    /// <summary>The parts of a successful response: a multipart body part by part, any other body as one part.</summary>
    private static async IAsyncEnumerable<DicomPart> ReadPartsAsync(HttpResponseMessage response, bool ranged, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri url = response.RequestMessage!.RequestUri!;
        if (response.StatusCode == HttpStatusCode.NoContent)
            yield break;
        string? rawType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out HeaderStringValues types) ? types.ToString() : null;
        MediaTypeHeader? contentType = MediaTypeHeader.TryParse(rawType);
        Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (contentType is { IsMultipart: true })
        {
            var reader = MultipartReader.Create(body, contentType, $"Content-Type: {rawType}", url);
            while (await reader.ReadNextPartAsync(cancellationToken).ConfigureAwait(false) is DicomPart part)
                yield return part;
        }
        else
        {
            var headers = response.Content.Headers.NonValidated.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            yield return new DicomPart(headers, new SinglePartStream(body, response.Content.Headers.ContentLength, url));
        }
        // 206 without a Range request: the server left something out (PS3.18 Table 10.4.3-1).
        if (response.StatusCode == HttpStatusCode.PartialContent && !ranged)
        {
            string warning = response.Headers.TryGetValues("Warning", out var warnings) ? string.Join("; ", warnings) : "";
            throw new DicomWebException("the server returned only part of the resource (206 Partial Content); the parts above are all it sent", HttpMethod.Get, url, response.StatusCode, warning);
        }
    }

    private Uri WadoUrl(string relative) => Resolve((_options.WadoPrefix ?? "") + relative);

    // A BulkDataURI comes from a server's metadata: it is followed only under this client's own
    // server, so credentials set on the HttpClient never go elsewhere.
    private Uri BulkDataUrl(string bulkDataUri)
    {
        ArgumentException.ThrowIfNullOrEmpty(bulkDataUri);
        Uri root = _http.BaseAddress!;
        if (!Uri.TryCreate(bulkDataUri, UriKind.RelativeOrAbsolute, out Uri? uri))
            throw new ArgumentException($"'{bulkDataUri}' is not a URI.", nameof(bulkDataUri));
        if (!uri.IsAbsoluteUri)
            return WadoUrl(bulkDataUri.TrimStart('/'));
        if (uri.Scheme != root.Scheme || !string.Equals(uri.Authority, root.Authority, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"The BulkDataURI '{bulkDataUri}' is not on this client's server ({root.GetLeftPart(UriPartial.Authority)}).", nameof(bulkDataUri));
        return uri;
    }
}
