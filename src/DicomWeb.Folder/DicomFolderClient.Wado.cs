using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using DicomWeb.Client;
using DicomWeb.Json;

namespace DicomWeb.Folder;

// WADO-RS over the files: instances, frames, metadata, bulk data.
public sealed partial class DicomFolderClient
{
    /// <summary>
    /// The instances of a resource as their files, or frames of an instance. The store does not
    /// transcode: for instances, <paramref name="accept"/> (null: transfer-syntax=*) must allow
    /// each one's stored transfer syntax as PS3.18 8.7.8.2 selects it ("*"; the stored UID; no
    /// transfer-syntax parameter, which asks for Explicit VR Little Endian, or the stored syntax
    /// when the pixel data is lossy compressed), or nothing is given and the call fails as a
    /// server does, with a <see cref="DicomWebException"/> of status 406.
    /// </summary>
    public async IAsyncEnumerable<DicomPart> RetrieveAsync(WadoResource resource, IReadOnlyList<AcceptableMediaType>? accept, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.IsFrames)
        {
            await foreach (DicomPart frame in FramesAsync(resource, accept ?? [AcceptableMediaType.OctetStream()], cancellationToken).ConfigureAwait(false))
                yield return frame;
            yield break;
        }
        List<IndexedInstance> instances = Found(resource, HttpMethod.Get);
        ThrowIfNotAcceptable(resource, accept, instances);
        foreach (IndexedInstance instance in instances)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Stream content = OpenFile(instance, resource);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Content-Type"] = $"application/dicom; transfer-syntax={instance.TransferSyntaxUid}",
                ["Content-Location"] = InstanceUrl(instance).AbsoluteUri,
                ["Content-Length"] = content.Length.ToString(CultureInfo.InvariantCulture),
            };
            using (content)
                yield return new DicomPart(headers, content);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DicomDataset>> RetrieveMetadataAsync(WadoResource resource, CancellationToken cancellationToken = default)
    {
        var results = new List<DicomDataset>();
        await foreach (DicomDataset item in RetrieveMetadataAsyncEnumerable(resource, cancellationToken).ConfigureAwait(false))
            results.Add(item);
        return results.AsReadOnly();
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<T>> RetrieveMetadataAsync<T>(WadoResource resource, CancellationToken cancellationToken = default) where T : IDicomJsonModel<T>
    {
        var results = new List<T>();
        await foreach (DicomDataset item in RetrieveMetadataAsyncEnumerable(resource, cancellationToken).ConfigureAwait(false))
            results.Add(DicomJson.Deserialize<T>(DicomJson.SerializeToUtf8Bytes(item)));
        return results.AsReadOnly();
    }

    /// <summary>
    /// The metadata of each instance: all its attributes, top-level binary values larger than
    /// <see cref="DicomFolderOptions.InlineBinaryMaxBytes"/> (pixel data, say) as BulkDataURIs that
    /// <see cref="RetrieveBulkDataAsync(string, ByteRange?, CancellationToken)"/> resolves.
    /// </summary>
    public async IAsyncEnumerable<DicomDataset> RetrieveMetadataAsyncEnumerable(WadoResource resource, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.IsFrames)
            throw new InvalidOperationException("Frames have no metadata resource; ask for the instance's.");
        foreach (IndexedInstance instance in Found(resource, HttpMethod.Get))
        {
            DicomDataset dataset = (await ReadAsync(instance, resource, cancellationToken).ConfigureAwait(false)).Dataset;
            foreach (DicomElement element in dataset.ToList())
            {
                // Pixel data is always bulk data, as servers give it; other values when they are large.
                if (element.Form == DicomValueForm.InlineBinary && dataset.GetBulkData(element.Tag) is { Bytes: { } bytes }
                    && (bytes.Length > _options.InlineBinaryMaxBytes || IsPixelData(element.Tag)))
                    dataset.SetBulkData(element.Tag, element.VR, DicomBulkData.FromUri(BulkDataUrl(instance, element.Tag).AbsoluteUri));
            }
            yield return dataset;
        }
    }

    private static bool IsPixelData(DicomTag tag) =>
        tag == DicomTags.PixelData || tag == DicomTags.FloatPixelData || tag == DicomTags.DoubleFloatPixelData;

    /// <inheritdoc/>
    public IAsyncEnumerable<DicomPart> RetrieveBulkDataAsync(string bulkDataUri, ByteRange? range = null, CancellationToken cancellationToken = default) =>
        RetrieveBulkDataAsync(bulkDataUri, StoreRoot, range, cancellationToken);

    /// <summary>
    /// A value of an instance of this store by the BulkDataURI its metadata gave. Only URIs of the
    /// form "{BaseAddress}studies/{uid}/series/{uid}/instances/{uid}/bulkdata/{tag}" are followed,
    /// and they name an instance of the index, never a file: any other URI is an
    /// <see cref="ArgumentException"/>, as the HTTP client refuses URIs off its server.
    /// </summary>
    public async IAsyncEnumerable<DicomPart> RetrieveBulkDataAsync(string bulkDataUri, Uri metadataUrl, ByteRange? range = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bulkDataUri);
        ArgumentNullException.ThrowIfNull(metadataUrl);
        range?.Check(nameof(range));
        if (!metadataUrl.IsAbsoluteUri || !metadataUrl.AbsoluteUri.StartsWith(StoreRoot.AbsoluteUri, StringComparison.Ordinal))
            throw new ArgumentException($"The metadata URL '{metadataUrl}' is not under this store's root ({StoreRoot}).", nameof(metadataUrl));
        if (!Uri.TryCreate(metadataUrl, bulkDataUri, out Uri? url))
            throw new ArgumentException($"The BulkDataURI '{bulkDataUri}' is not a URI reference.", nameof(bulkDataUri));
        Match parts = BulkDataPath().Match(url.AbsoluteUri.StartsWith(StoreRoot.AbsoluteUri, StringComparison.Ordinal) ? url.AbsoluteUri[StoreRoot.AbsoluteUri.Length..] : "");
        if (!parts.Success || !DicomUid.IsValid(parts.Groups[1].Value) || !DicomUid.IsValid(parts.Groups[2].Value) || !DicomUid.IsValid(parts.Groups[3].Value))
            throw new ArgumentException($"The BulkDataURI '{Shown(bulkDataUri)}' is not a value of this store ({StoreRoot}studies/…/bulkdata/{{tag}}); it is not followed.", nameof(bulkDataUri));
        WadoResource resource = Wado.Study(parts.Groups[1].Value).Series(parts.Groups[2].Value).Instance(parts.Groups[3].Value);
        IndexedInstance instance = Found(resource, HttpMethod.Get)[0];
        var tag = new DicomTag(uint.Parse(parts.Groups[4].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        DicomFile file = await ReadAsync(instance, resource, cancellationToken).ConfigureAwait(false);
        ReadOnlyMemory<byte> value = file.Dataset.TryGetElement(tag, out DicomElement element) && element.Form == DicomValueForm.InlineBinary
            ? file.Dataset.GetBulkData(tag)!.Bytes!.Value
            : throw NotFound(HttpMethod.Get, url.AbsoluteUri[StoreRoot.AbsoluteUri.Length..]);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = $"application/octet-stream; transfer-syntax={file.TransferSyntaxUid}",
            ["Content-Location"] = url.AbsoluteUri,
        };
        if (range is ByteRange wanted)
        {
            long first = Math.Min(wanted.First, value.Length), last = Math.Min(wanted.Last ?? value.Length - 1, value.Length - 1);
            value = first > last ? ReadOnlyMemory<byte>.Empty : value[(int)first..(int)(last + 1)];
            headers["Content-Range"] = $"bytes {wanted.First}-{wanted.Last?.ToString(CultureInfo.InvariantCulture) ?? ""}/*";
        }
        headers["Content-Length"] = value.Length.ToString(CultureInfo.InvariantCulture);
        yield return new DicomPart(headers, new MemoryStream(value.ToArray(), writable: false));
    }

    /// <summary>Not supported: the store does not render images. Enumerating throws a <see cref="DicomWebException"/> with 406, as a server without rendering answers.</summary>
    public IAsyncEnumerable<DicomPart> RetrieveRenderedAsync(WadoResource resource, RenderedOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return Refused(resource.RenderedPath);
    }

    /// <summary>Not supported: the store does not render thumbnails. Enumerating throws a <see cref="DicomWebException"/> with 406.</summary>
    public IAsyncEnumerable<DicomPart> RetrieveThumbnailAsync(WadoResource resource, string mediaType = "image/jpeg", RenderedViewport? viewport = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return Refused(resource.ThumbnailPath);
    }

#pragma warning disable CS1998 // an iterator that only throws, on enumeration like the HTTP client's
    private static async IAsyncEnumerable<DicomPart> Refused(string path)
    {
        throw NotAcceptable(path, "the folder store does not render images");
#pragma warning disable CS0162
        yield break;
#pragma warning restore CS0162
    }
#pragma warning restore CS1998

    /// <summary>
    /// Copies the files of a study, series or instance into a folder as "{SOPInstanceUID}.dcm". The
    /// store does not transcode: <paramref name="accept"/> (null: transfer-syntax=*) must allow each
    /// instance's stored transfer syntax as <see cref="RetrieveAsync(WadoResource, IReadOnlyList{AcceptableMediaType}?, CancellationToken)"/>
    /// decides it, or nothing is copied and a <see cref="DicomWebException"/> of status 406 names
    /// the instance's transfer syntax.
    /// </summary>
    public async Task<IReadOnlyList<string>> SaveInstancesAsync(WadoResource resource, string folder, IReadOnlyList<AcceptableMediaType>? accept, IProgress<SaveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (resource.IsFrames)
            throw new ArgumentException("Frames are not instances; retrieve them with RetrieveAsync.", nameof(resource));
        List<IndexedInstance> instances = Found(resource, HttpMethod.Get);
        ThrowIfNotAcceptable(resource, accept, instances);
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        long bytes = 0;
        foreach (IndexedInstance instance in instances)
        {
            string target = Path.Combine(folder, instance.SopInstanceUid + ".dcm");
            await using (Stream source = OpenFile(instance, resource))
            await using (FileStream file = NewFile.OpenStream(target, 0))
            {
                await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                bytes += file.Length;
            }
            files.Add(target);
            progress?.Report(new SaveProgress(files.Count, bytes, target));
        }
        return files;
    }

    private async IAsyncEnumerable<DicomPart> FramesAsync(WadoResource resource, IReadOnlyList<AcceptableMediaType> accept, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IndexedInstance instance = Found(resource, HttpMethod.Get)[0];
        DicomFile file = await ReadAsync(instance, resource, cancellationToken).ConfigureAwait(false);
        string syntax = file.TransferSyntaxUid;
        if (!file.Dataset.TryGetElement(DicomTags.PixelData.Tag, out DicomElement pixelElement) || pixelElement.Form != DicomValueForm.InlineBinary)
            throw NotFound(HttpMethod.Get, resource.ToString());
        string mediaType = TransferSyntaxAcceptance.FramesMediaType(syntax);
        if (!TransferSyntaxAcceptance.AllowsFrames(accept, syntax))
            throw NotAcceptable(resource.ToString(), $"the frames are stored in {syntax} and the store does not transcode");

        DicomFrames frames;
        try
        {
            frames = DicomFrames.Of(file);
        }
        catch (Exception e) when (e is FormatException or NotSupportedException)
        {
            throw new DicomWebException($"the frames cannot be taken from the pixel data: {e.Message}", HttpMethod.Get, Url(resource.ToString()),
                e is NotSupportedException ? HttpStatusCode.NotImplemented : HttpStatusCode.InternalServerError, null, e);
        }
        // Checked before the first is given: a frame that is not there leaves nothing half done.
        if (resource.FrameNumbers.Any(number => number > frames.Count))
            throw NotFound(HttpMethod.Get, resource.ToString());
        foreach (int number in resource.FrameNumbers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlyMemory<byte> frame = frames.Get(number);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Content-Type"] = $"{mediaType}; transfer-syntax={syntax}",
                ["Content-Location"] = Url($"studies/{instance.StudyInstanceUid}/series/{instance.SeriesInstanceUid}/instances/{instance.SopInstanceUid}/frames/{number}").AbsoluteUri,
                ["Content-Length"] = frame.Length.ToString(CultureInfo.InvariantCulture),
            };
            yield return new DicomPart(headers, new MemoryStream(frame.ToArray(), writable: false));
        }
    }

    private Stream OpenFile(IndexedInstance instance, WadoResource resource)
    {
        try
        {
            return new FileStream(FullPath(instance.File), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DicomWebException($"the file of the instance is gone from the folder ({instance.File}); reopen the store to re-index it", HttpMethod.Get, Url(resource.ToString()), HttpStatusCode.NotFound, null, e);
        }
    }

    private async Task<DicomFile> ReadAsync(IndexedInstance instance, WadoResource resource, CancellationToken cancellationToken)
    {
        await using Stream stream = OpenFile(instance, resource);
        return await DicomFile.OpenAsync(stream, null, cancellationToken).ConfigureAwait(false);
    }

    private static Uri InstanceUrl(IndexedInstance instance) =>
        Url($"studies/{instance.StudyInstanceUid}/series/{instance.SeriesInstanceUid}/instances/{instance.SopInstanceUid}");

    private static Uri BulkDataUrl(IndexedInstance instance, DicomTag tag) =>
        Url($"studies/{instance.StudyInstanceUid}/series/{instance.SeriesInstanceUid}/instances/{instance.SopInstanceUid}/bulkdata/{tag.Value:X8}");

    // Checked for every instance before the first is given: a refusal leaves nothing half done.
    // No Accept is transfer-syntax=*, as the HTTP client asks by default: the files as stored.
    private static void ThrowIfNotAcceptable(WadoResource resource, IReadOnlyList<AcceptableMediaType>? accept, List<IndexedInstance> instances)
    {
        accept ??= [AcceptableMediaType.Dicom()];
        foreach (IndexedInstance instance in instances)
        {
            if (!TransferSyntaxAcceptance.AllowsInstance(accept, instance.TransferSyntaxUid, () => DicomJson.Deserialize(instance.AttributesJson).Get(DicomTags.LossyImageCompression)))
                throw NotAcceptable(resource.ToString(), $"instance {instance.SopInstanceUid} is stored in {instance.TransferSyntaxUid}, the Accept asks for {TransferSyntaxAcceptance.DescribeInstanceChoices(accept)}, and the store does not transcode");
        }
    }

    private static DicomWebException NotAcceptable(string path, string why) =>
        new($"the store cannot answer as asked: {why}", HttpMethod.Get, Url(path), HttpStatusCode.NotAcceptable, null);

    private static string Shown(string uri) => uri.Length <= 120 ? uri : uri[..120] + "…";

    [GeneratedRegex(@"^studies/([0-9.]{1,64})/series/([0-9.]{1,64})/instances/([0-9.]{1,64})/bulkdata/([0-9A-F]{8})$", RegexOptions.CultureInvariant)]
    private static partial Regex BulkDataPath();
}
