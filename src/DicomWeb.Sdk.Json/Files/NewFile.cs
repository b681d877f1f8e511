using Microsoft.Win32.SafeHandles;

namespace DicomWeb;

/// <summary>
/// Opens a file to be written whole, as <see cref="FileMode.Create"/> does, without truncating a file
/// that is new. Compiled into each assembly that writes files (linked, one source).
/// </summary>
/// <remarks>
/// For FileMode.Create, .NET on Linux creates the file and then truncates it (after taking its lock),
/// even one it has just made. ext4 takes a truncation to zero as a file being replaced, and writes the
/// file to disk as soon as it is closed (its auto_da_alloc rule). Writing many files then waits on the
/// disk once per file: a 300-instance retrieve stalled for up to 1.8 s on a journaled ext4, where
/// curl's one file took 0.2 s (docs/benchmarks.md, #28). A new file is made with CreateNew; only one
/// already there is opened with Create, to be replaced.
/// </remarks>
internal static class NewFile
{
    public static SafeFileHandle Open(string path, FileOptions options = FileOptions.None)
    {
        try
        {
            return File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            return File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None, options);
        }
    }

    /// <summary>The file as an asynchronous stream, with <paramref name="bufferSize"/> bytes of buffer (0: none).</summary>
    public static FileStream OpenStream(string path, int bufferSize) =>
        new(Open(path, FileOptions.Asynchronous), FileAccess.Write, bufferSize, isAsync: true);
}
