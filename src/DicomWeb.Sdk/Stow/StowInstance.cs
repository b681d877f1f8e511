using System.Runtime.InteropServices;

namespace DicomWeb.Client;

/// <summary>
/// One instance to store: a Part 10 file, stream or byte array (sent as application/dicom), or a
/// data set (sent as DICOM JSON with its large binary values as bulk data parts). Sources are
/// read when their request is written, never all at once.
/// </summary>
/// <example><code>
/// StowResult result = await client.StoreAsync(
///     [StowInstance.FromFile("ct1.dcm"), StowInstance.FromStream(upload, "upload.dcm"), StowInstance.FromDataset(report)],
///     new StowOptions { StudyInstanceUid = studyUid });
/// </code></example>
public sealed class StowInstance
{
    private readonly Func<Stream>? _open;
    private readonly Func<long?>? _length;

    private StowInstance(string source, Func<Stream>? open, Func<long?>? length, bool replayable, DicomDataset? dataset)
    {
        Source = source;
        _open = open;
        _length = length;
        IsReplayable = replayable;
        Dataset = dataset;
    }

    // A file holds its path and no delegates: a store of thousands of files keeps one small object per file.
    private StowInstance(string path)
    {
        Source = path;
        FilePath = path;
        IsReplayable = true;
    }

    /// <summary>A Part 10 file, opened when its request is written (and again for a retry).</summary>
    public static StowInstance FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new(path);
    }

    /// <summary>Part 10 bytes.</summary>
    public static StowInstance FromBytes(ReadOnlyMemory<byte> part10, string? name = null)
    {
        ArraySegment<byte> segment = MemoryMarshal.TryGetArray(part10, out ArraySegment<byte> s) ? s : new ArraySegment<byte>(part10.ToArray());
        return new(name ?? "bytes", () => new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false), () => segment.Count, true, null);
    }

    /// <summary>
    /// A Part 10 stream, read from its current position. A seekable stream is read again for a
    /// retry; a non-seekable one is read once and its request is not retried. The stream is not
    /// disposed.
    /// </summary>
    public static StowInstance FromStream(Stream part10, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(part10);
        long start = part10.CanSeek ? part10.Position : 0;
        return new(name ?? "stream",
            () =>
            {
                if (part10.CanSeek)
                    part10.Position = start;
                return new NonDisposingStream(part10);
            },
            () => part10.CanSeek ? part10.Length - start : null, part10.CanSeek, null);
    }

    /// <summary>A data set, sent in the JSON flavour of STOW-RS (no group 0002; large binary values as bulk data parts).</summary>
    public static StowInstance FromDataset(DicomDataset dataset, string? name = null) =>
        new(name ?? "dataset", null, null, true, dataset ?? throw new ArgumentNullException(nameof(dataset)));

    /// <summary>What the instance came from, as results name it: the path, or the name given.</summary>
    public string Source { get; }

    /// <summary>True when the source can be read again for a retry.</summary>
    public bool IsReplayable { get; }

    /// <summary>The data set of an instance made by <see cref="FromDataset"/>; null for Part 10 sources.</summary>
    public DicomDataset? Dataset { get; }

    // The StoreAsync overloads of every IDicomWebClient turn their inputs into instances here, so
    // that results name sources alike ("stream 1", "bytes 2"...) whatever the store. Not iterators:
    // a null argument throws when StoreAsync is called, not when the sequence is read.

    /// <summary>Part 10 files, each named by its path in results.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is null (at once, not when enumerated).</exception>
    public static IEnumerable<StowInstance> FromFiles(IEnumerable<string> paths) =>
        (paths ?? throw new ArgumentNullException(nameof(paths))).Select(FromFile);

    /// <summary>Part 10 streams, named "stream 1", "stream 2"... in results.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="streams"/> is null (at once, not when enumerated).</exception>
    public static IEnumerable<StowInstance> FromStreams(IEnumerable<Stream> streams) =>
        (streams ?? throw new ArgumentNullException(nameof(streams))).Select((s, i) => FromStream(s, $"stream {i + 1}"));

    /// <summary>Part 10 byte arrays, named "bytes 1", "bytes 2"... in results.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="instances"/> is null (at once, not when enumerated).</exception>
    public static IEnumerable<StowInstance> FromByteArrays(IEnumerable<byte[]> instances) =>
        (instances ?? throw new ArgumentNullException(nameof(instances))).Select((b, i) => FromBytes(b, $"bytes {i + 1}"));

    /// <summary>Data sets (the JSON flavour), named "dataset 1", "dataset 2"... in results.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="datasets"/> is null (at once, not when enumerated).</exception>
    public static IEnumerable<StowInstance> FromDatasets(IEnumerable<DicomDataset> datasets) =>
        (datasets ?? throw new ArgumentNullException(nameof(datasets))).Select((d, i) => FromDataset(d, $"dataset {i + 1}"));

    /// <summary>
    /// Opens the Part 10 source for reading, from its start (a file is opened again, a seekable
    /// stream rewound). The caller disposes the stream; a stream given to <see cref="FromStream"/>
    /// stays open.
    /// </summary>
    /// <exception cref="InvalidOperationException">The instance is a data set (<see cref="Dataset"/>): it has no Part 10 source.</exception>
    public Stream Open() =>
        FilePath is { } path ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan)
        : _open is { } open ? open()
        : throw new InvalidOperationException($"{Source} is a data set, not a Part 10 source: write it with DicomFile.Create(instance.Dataset).");

    /// <summary>The path of an instance made by <see cref="FromFile"/>: the HTTP client reads it through a file handle, without a stream.</summary>
    internal string? FilePath { get; }

    internal long? Length() => _length?.Invoke();

    private sealed class NonDisposingStream(Stream inner) : ReadOnlyStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
    }
}
