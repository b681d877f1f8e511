namespace DicomWeb.Folder;

/// <summary>
/// An instance on its way into the folder: written under a hidden temporary name beside its place
/// (".stow-{guid}.tmp"), then renamed into place, so that a reader sees the whole file or none. The
/// temporary file is held open, and so locked, until it is renamed: a client opening the folder
/// meanwhile removes only temporary files nobody holds, the leftovers of a store that was killed.
/// </summary>
internal sealed class PendingInstance(byte[] bytes, DicomFile file, string relative, string path) : IDisposable
{
    public const string TemporaryPattern = ".stow-*.tmp";

    // Unix: FileShare.None is an flock the cleaner's own FileShare.None open fails on, and a file
    // open can be renamed. Windows: renaming needs the writer to share Delete; nobody can open it.
    private static readonly FileShare WriterShare = OperatingSystem.IsWindows() ? FileShare.Delete : FileShare.None;

    private FileStream? _temporary;
    private string? _temporaryPath;
    private bool _moved;

    public byte[] Bytes => bytes;

    public DicomFile File => file;

    /// <summary>The place of the instance, relative to the folder.</summary>
    public string Relative => relative;

    /// <summary>The place of the instance, full path.</summary>
    public string Path => path;

    public async Task WriteTemporaryAsync(CancellationToken cancellationToken)
    {
        FileStream stream = CreateTemporary();
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the temporary file unless it is written (a file seen before has gone since).</summary>
    public void WriteTemporary()
    {
        if (_temporary is not null)
            return;
        FileStream stream = CreateTemporary();
        stream.Write(bytes);
        stream.Flush();
    }

    private FileStream CreateTemporary()
    {
        string directory = System.IO.Path.GetDirectoryName(path)!;
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
        System.IO.File.Move(_temporaryPath!, path, overwrite: false);
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
        Delete(path);
    }

    public void Dispose()
    {
        _temporary?.Dispose();
        if (_temporaryPath is not null)
            Delete(_temporaryPath);
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
