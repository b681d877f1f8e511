using System.Net;
using DicomWeb.Client;

namespace DicomWeb.Folder;

/// <summary>
/// A local folder as a DICOMweb store, behind the same <see cref="IDicomWebClient"/> interface as a
/// server: STOW writes each instance as a Part 10 file named by its UIDs
/// ("{study}/{series}/{sop}.dcm") and indexes it in SQLite (".dicomweb-index.sqlite" in the
/// folder); QIDO follows PS3.4 matching; WADO reads the files. Files already in the folder (any
/// name, any depth) are indexed when it is opened, and on a later open only new and changed ones
/// (by size and modification time) are read again. Thread-safe.
/// </summary>
/// <remarks>
/// Results and errors are those a server gives: a resource that is not there is a
/// <see cref="DicomWebException"/> with 404, rendered images and thumbnails are one with 406 (the
/// store does not render), a different instance under a SOP Instance UID already stored is a
/// failure with reason 0111H (duplicate SOP instance) while the very same bytes are stored again
/// without harm. Metadata carries BulkDataURIs under <see cref="BaseAddress"/>, which only this
/// client resolves, and only to values of instances of the index: never to other files.
/// </remarks>
/// <example><code>
/// using DicomFolderClient local = DicomFolderClient.Open("./dicom-store");   // created when missing
/// IDicomWebClient store = local;
/// await store.StoreAsync(["ct1.dcm", "ct2.dcm"]);
/// await foreach (DicomDataset study in store.SearchAsync(Qido.Studies().Where(PatientName.Like("Doe*"))))
///     Console.WriteLine(study.Get(StudyInstanceUID));
/// </code></example>
public sealed partial class DicomFolderClient : IDicomWebClient, IDisposable
{
    /// <summary>The root of the URLs this store names (RetrieveURL, Content-Location, BulkDataURIs): not a network address.</summary>
    public static Uri StoreRoot { get; } = new("dicomweb-folder://local/");

    private readonly FolderIndex _index;
    private readonly DicomFolderOptions _options;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private volatile bool _disposed;

    private DicomFolderClient(string folder, FolderIndex index, DicomFolderOptions options)
    {
        Folder = folder;
        _index = index;
        _options = options;
    }

    /// <summary>The folder, as a full path.</summary>
    public string Folder { get; }

    /// <summary>The root the store's URLs are relative to (<see cref="StoreRoot"/>).</summary>
    public Uri BaseAddress => StoreRoot;

    /// <summary>How many instances the store holds.</summary>
    public int InstanceCount => _index.Count();

    /// <summary>Files of the folder that are not DICOM instances of the store, and why (found when it was opened).</summary>
    public IReadOnlyList<FolderSkippedFile> SkippedFiles => _index.Skipped();

    /// <summary>
    /// Opens a folder as a store, creating it when missing, and brings its index up to date: new
    /// and changed files are read (up to the pixel data), files gone are forgotten, and temporary
    /// files of a store that was killed while writing (".stow-*.tmp" that no store holds) are removed.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="progress">Told after each file read.</param>
    /// <param name="cancellationToken">Stops indexing; what was indexed is kept.</param>
    /// <exception cref="IOException">
    /// The folder cannot be used as a store: it cannot be created, it is not writable (a read-only
    /// file system, no permission), its index is not a file, not an SQLite database or damaged, or
    /// the disk is full. The message names the folder or the index file and says what to do; the
    /// inner exception is what failed. Nothing else is thrown for what the folder holds.
    /// </exception>
    public static DicomFolderClient Open(string folder, DicomFolderOptions? options = null, IProgress<FolderIndexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        options ??= new DicomFolderOptions();
        string root = Path.GetFullPath(folder);
        string indexFile = Path.Combine(root, options.IndexFileName);
        DicomFolderClient? client = null;
        try
        {
            Directory.CreateDirectory(root);
            client = new DicomFolderClient(root, new FolderIndex(indexFile), options);
            client.RemoveLeftoverTemporaryFiles();
            client.Reindex(progress, cancellationToken);
            return client;
        }
        catch (Exception e) when (StoreFailure.IsEnvironment(e))
        {
            client?.Dispose();
            throw FolderOpenFailure.Create(root, indexFile, e);
        }
        catch
        {
            client?.Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="Open"/>
    public static Task<DicomFolderClient> OpenAsync(string folder, DicomFolderOptions? options = null, IProgress<FolderIndexProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Open(folder, options, progress, cancellationToken), cancellationToken);

    /// <summary>Closes the index. The files stay.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _index.Dispose();
    }

    /// <inheritdoc/>
    public Uri MetadataUrl(WadoResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return Url(resource.MetadataPath);
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(WadoResource resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.IsFrames)
            throw new ArgumentException("Frames cannot be deleted; delete the instance.", nameof(resource));
        ThrowIfDisposed();
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<IndexedInstance> instances = Found(resource, HttpMethod.Delete);
            _index.Remove(instances);
            foreach (IndexedInstance instance in instances)
            {
                string path = FullPath(instance.File);
                File.Delete(path);
                RemoveEmptyFolders(Path.GetDirectoryName(path));
            }
        }
        finally
        {
            _writes.Release();
        }
    }

    // The instances of a resource, or the 404 a server answers for a resource it does not have.
    private List<IndexedInstance> Found(WadoResource resource, HttpMethod method)
    {
        ThrowIfDisposed();
        List<IndexedInstance> instances = _index.Instances(resource.StudyInstanceUid, resource.SeriesInstanceUid, resource.SopInstanceUid);
        return instances.Count > 0 ? instances : throw NotFound(method, resource.ToString());
    }

    internal static DicomWebException NotFound(HttpMethod method, string path) =>
        new("the store has no such resource", method, Url(path), HttpStatusCode.NotFound, null);

    internal static Uri Url(string relative) => new(StoreRoot, relative);

    // Paths in the index are relative to the folder and were made by this class (UIDs) or found
    // by enumerating the folder; the check keeps any other path from ever being opened.
    private string FullPath(string relative)
    {
        string full = Path.GetFullPath(Path.Combine(Folder, relative));
        string prefix = Folder.EndsWith(Path.DirectorySeparatorChar) ? Folder : Folder + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, StringComparison.Ordinal) ? full : throw new InvalidOperationException($"The index names a file outside the folder ('{relative}'); delete {_options.IndexFileName} to rebuild it.");
    }

    private void RemoveEmptyFolders(string? directory)
    {
        while (directory is not null && directory.Length > Folder.Length && directory.StartsWith(Folder, StringComparison.Ordinal))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(directory).Any())
                    return;
                Directory.Delete(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
            directory = Path.GetDirectoryName(directory);
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
