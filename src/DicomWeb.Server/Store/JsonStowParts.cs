using DicomWeb.Client;
using DicomWeb.Json;

namespace DicomWeb.Server.Store;

/// <summary>
/// The JSON flavour of STOW-RS (PS3.18 10.5.1.2.2): application/dicom+json parts holding arrays
/// of data sets, and bulk data parts named by Content-Location that their BulkDataURIs refer to.
/// The parts may come in any order, so they are held until the body ends, within
/// <see cref="DicomWebServerOptions.MaxStowJsonBytes"/>.
/// </summary>
internal sealed class JsonStowParts(long maxBytes, Uri requestUrl)
{
    private readonly List<DicomDataset> _datasets = [];
    private readonly Dictionary<string, byte[]> _bulkData = new(StringComparer.Ordinal);
    private long _bytes;

    public bool HasMetadata => _datasets.Count > 0;

    public bool HasBulkData => _bulkData.Count > 0;

    /// <summary>Reads a metadata part.</summary>
    /// <exception cref="StowLimitException">The request holds more than the bound.</exception>
    /// <exception cref="DicomJsonException">The part is not a DICOM JSON array.</exception>
    public async Task AddMetadataAsync(Stream content, CancellationToken cancellationToken)
    {
        byte[] json = await ReadAsync(content, cancellationToken).ConfigureAwait(false);
        _datasets.AddRange(DicomJson.DeserializeArray(json));
    }

    /// <summary>Reads a bulk data part; one without a Content-Location cannot be referred to and is read past.</summary>
    /// <exception cref="StowLimitException">The request holds more than the bound.</exception>
    public async Task<bool> AddBulkDataAsync(DicomPart part, CancellationToken cancellationToken)
    {
        byte[] bytes = await ReadAsync(part.Content, cancellationToken).ConfigureAwait(false);
        if (part.ContentLocation is not string location || Key(location) is not string key)
            return false;
        _bulkData[key] = bytes;
        return true;
    }

    /// <summary>
    /// The data sets, each with its BulkDataURIs replaced by the bytes of the part they name; a
    /// data set that names a part the request does not have is given back as a failure.
    /// </summary>
    public (List<StowInstance> Instances, List<(string? SopClassUid, string? SopInstanceUid, string Why)> Incomplete) Assemble()
    {
        var instances = new List<StowInstance>();
        var incomplete = new List<(string?, string?, string)>();
        for (int i = 0; i < _datasets.Count; i++)
        {
            DicomDataset dataset = _datasets[i];
            string? missing = null;
            foreach (DicomElement element in dataset.Where(e => e.Form == DicomValueForm.BulkDataUri).ToList())
            {
                string uri = dataset.GetBulkData(element.Tag)!.Uri!;
                if (Key(uri) is string key && _bulkData.TryGetValue(key, out byte[]? bytes))
                    dataset.SetBulkData(element.Tag, element.VR, DicomBulkData.FromBytes(bytes));
                else
                    missing ??= $"the BulkDataURI of {element.Tag} names no part of the request";
            }
            if (missing is null)
                instances.Add(StowInstance.FromDataset(dataset, $"dataset {i + 1}"));
            else
                incomplete.Add((Safe(() => dataset.Get(DicomTags.SOPClassUID)), Safe(() => dataset.Get(DicomTags.SOPInstanceUID)), missing));
        }
        return (instances, incomplete);
    }

    // Content-Location and BulkDataURI may be relative (to the request) or absolute: both compared resolved.
    private string? Key(string uri) => Uri.TryCreate(requestUrl, uri, out Uri? resolved) ? resolved.AbsoluteUri : null;

    private async Task<byte[]> ReadAsync(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[64 * 1024];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            _bytes += read;
            if (_bytes > maxBytes)
                throw new StowLimitException($"the JSON-flavour request holds more than {maxBytes} bytes of metadata and bulk data");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string? Safe(Func<string?> get)
    {
        try
        {
            return get();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or DicomJsonException)
        {
            return null;
        }
    }
}

/// <summary>A STOW-RS request beyond a bound of <see cref="DicomWebServerOptions"/>: 413.</summary>
internal sealed class StowLimitException(string message) : Exception(message);
