using System.Buffers;

namespace DicomWeb.Folder;

/// <summary>
/// An instance on its way into the folder: written under a hidden temporary name (".stow-{guid}.tmp"),
/// then renamed into place, so that a reader sees the whole file or none. A small instance is held
/// in memory and written beside its place once its UIDs are known; a large one is streamed to a
/// temporary file at the folder's root as it arrives (its UIDs are read from that file afterwards),
/// so that memory does not grow with its size. The temporary file is held open, and so locked,
/// until it is renamed: a client opening the folder meanwhile removes only temporary files nobody
/// holds, the leftovers of a store that was killed.
/// </summary>
internal sealed class PendingInstance : IDisposable
{
    public const string TemporaryPattern = ".stow-*.tmp";

    // Unix: any flock (FileShare.Read is a shared one) fails the cleaner's FileShare.None open, and
    // leaves the file readable by this process (the index reads a streamed instance's head from it).
    // Windows: renaming needs the writer to share Delete; nobody can open it while it is written.
    private static readonly FileShare WriterShare = OperatingSystem.IsWindows() ? FileShare.Delete : FileShare.Read;

    private byte[]? _bytes;
    private readonly int _length;
    private readonly bool _pooled;
    private FileStream? _temporary;
    private string? _temporaryPath;
    private bool _moved;

    private PendingInstance(byte[]? bytes, int length, bool pooled)
    {
        (_bytes, _length, _pooled) = (bytes, length, pooled);
        Length = length;
    }

    /// <summary>
    /// An instance read whole (it is small), its first <paramref name="length"/> bytes of <paramref name="buffer"/>:
    /// its file is written once its place is known. A <paramref name="pooled"/> buffer goes back to
    /// <see cref="ArrayPool{T}.Shared"/> when the instance is disposed, so that storing many
    /// instances leaves no large arrays behind for the garbage collector.
    /// </summary>
    public static PendingInstance InMemory(byte[] buffer, int length, bool pooled) => new(buffer, length, pooled);

    /// <summary>An instance to be streamed into a temporary file at the root of <paramref name="folder"/> (<see cref="AppendAsync"/>).</summary>
    public static PendingInstance Streamed(string folder)
    {
        var instance = new PendingInstance(null, 0, false);
        try
        {
            instance.CreateTemporary(folder);
            return instance;
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }

    /// <summary>The instance's size in bytes (so far, while it is streamed).</summary>
    public long Length { get; private set; }

    /// <summary>The file streamed, to read its head from; null for an instance held in memory.</summary>
    public string? StreamedPath => _bytes is null ? _temporaryPath : null;

    /// <summary>The instance read (up to the pixel data); set once read.</summary>
    public DicomFile File { get; private set; } = null!;

    /// <summary>The place of the instance, relative to the folder.</summary>
    public string Relative { get; private set; } = "";

    /// <summary>The place of the instance, full path.</summary>
    public string Path { get; private set; } = "";

    /// <summary>The bytes held in memory, for reading the instance; empty when streamed.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _length);

    public void Place(DicomFile file, string relative, string path) => (File, Relative, Path) = (file, relative, path);

    /// <summary>Appends the next bytes of a streamed instance to its temporary file.</summary>
    public async Task AppendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _temporary!.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        Length += bytes.Length;
    }

    /// <summary>Ends the writing of a streamed instance: everything is on disk, and the file can be read by this process.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _temporary!.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (OperatingSystem.IsWindows())
        {
            // Windows lets nobody read a file open for writing without FileShare.Write: it is held
            // open for reading instead (sharing Read and Delete), which still keeps the cleaner out.
            _temporary.Dispose();
            _temporary = new FileStream(_temporaryPath!, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.Asynchronous);
        }
    }

    public async Task WriteTemporaryAsync(CancellationToken cancellationToken)
    {
        if (_temporary is not null)
            return;
        FileStream stream = CreateTemporary(System.IO.Path.GetDirectoryName(Path)!);
        await stream.WriteAsync(_bytes.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the temporary file unless it is written (a file seen before has gone since).</summary>
    public void WriteTemporary()
    {
        if (_temporary is not null)
            return;
        FileStream stream = CreateTemporary(System.IO.Path.GetDirectoryName(Path)!);
        stream.Write(Bytes);
        stream.Flush();
    }

    /// <summary>Whether <paramref name="existing"/> holds exactly this instance's bytes; read in chunks, whatever the sizes.</summary>
    public bool IsSameAs(string existing)
    {
        using var stored = new FileStream(existing, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (stored.Length != Length)
            return false;
        if (_bytes is not null)
            return Same(stored, new MemoryStream(_bytes, 0, _length, writable: false));
        using var mine = new FileStream(_temporaryPath!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        return Same(stored, mine);
    }

    private static bool Same(Stream a, Stream b)
    {
        const int Chunk = 64 * 1024;
        byte[] left = ArrayPool<byte>.Shared.Rent(Chunk), right = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            while (true)
            {
                int n = a.ReadAtLeast(left.AsSpan(0, Chunk), Chunk, throwOnEndOfStream: false);
                int m = b.ReadAtLeast(right.AsSpan(0, Chunk), Chunk, throwOnEndOfStream: false);
                if (n != m || !left.AsSpan(0, n).SequenceEqual(right.AsSpan(0, m)))
                    return false;
                if (n < Chunk)
                    return true;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(left);
            ArrayPool<byte>.Shared.Return(right);
        }
    }

    private FileStream CreateTemporary(string directory)
    {
        for (int attempt = 0; ; attempt++)
        {
            System.IO.Directory.CreateDirectory(directory);
            _temporaryPath = System.IO.Path.Combine(directory, $".stow-{Guid.NewGuid():N}.tmp");
            try
            {
                return _temporary = new FileStream(_temporaryPath, FileMode.CreateNew, FileAccess.Write, WriterShare, 0, FileOptions.Asynchronous);
            }
            catch (DirectoryNotFoundException) when (attempt < 2)
            {
                // Another client removed the folder, empty, between the two calls: make it again.
                _temporaryPath = null;
            }
        }
    }

    /// <summary>Renames the written file into place; never over a file that is there.</summary>
    public void MoveIntoPlace()
    {
        for (int attempt = 0; ; attempt++)
        {
            // A streamed instance comes from the root: its series folder may not exist yet.
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            try
            {
                System.IO.File.Move(_temporaryPath!, Path, overwrite: false);
                break;
            }
            catch (DirectoryNotFoundException) when (attempt < 2 && System.IO.File.Exists(_temporaryPath))
            {
                // Another client removed the empty folder between the two calls: make it again.
            }
        }
        _moved = true;
        _temporaryPath = null;
        // Released once in place: readers of the instance open it shared.
        _temporary!.Dispose();
    }

    /// <summary>Takes back a file renamed into place (the index could not record it).</summary>
    public void Undo()
    {
        if (!_moved)
            return;
        _moved = false;
        Delete(Path);
    }

    public void Dispose()
    {
        if (_pooled && _bytes is not null)
            ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = null;
        _temporary?.Dispose();
        if (_temporaryPath is not null)
            Delete(_temporaryPath);
        _temporaryPath = null;
    }

    private static void Delete(string file)
    {
        try
        {
            System.IO.File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or failing disk keeps it; the next open removes a leftover temporary file.
        }
    }
}
