using Microsoft.Data.Sqlite;

namespace DicomWeb.Folder;

/// <summary>
/// Why a folder cannot be opened as a store, as the one exception <see cref="DicomFolderClient.Open"/>
/// documents: an <see cref="IOException"/> whose message names the folder or the index file and
/// says what to do, with what failed as its inner exception. SQLite's "unable to open database
/// file" says neither which file nor why; the folder is probed to tell a read-only folder from an
/// index that is not a file.
/// </summary>
internal static class FolderOpenFailure
{
    private const int SQLITE_CORRUPT = 11, SQLITE_NOTADB = 26, SQLITE_FULL = 13;

    public static IOException Create(string folder, string indexFile, Exception e)
    {
        string why = e switch
        {
            SqliteException { SqliteErrorCode: SQLITE_NOTADB or SQLITE_CORRUPT } =>
                $"its index {indexFile} is not an SQLite database or is damaged; delete it to rebuild the index from the files",
            SqliteException { SqliteErrorCode: SQLITE_FULL } =>
                $"the disk is full (index {indexFile}); free some space",
            _ when !Directory.Exists(folder) =>
                $"the folder cannot be created ({e.Message})",
            _ when Directory.Exists(indexFile) =>
                $"its index {indexFile} is a directory, not a file; move it away or choose another DicomFolderOptions.IndexFileName",
            _ when WriteProbe(folder) is string readOnly =>
                $"the folder is not writable ({readOnly}); the store writes its index and the instances it stores there, so open a writable folder or copy this one",
            SqliteException sqlite =>
                $"its index {indexFile} cannot be used ({StoreFailure.SqliteText(sqlite)})",
            _ => e.Message,
        };
        return new IOException($"The folder store {folder} cannot be opened: {why}.", e);
    }

    // Whether a file can be made in the folder: null when it can, else what the system said.
    private static string? WriteProbe(string folder)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".dicomweb-probe-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e is UnauthorizedAccessException ? "access denied" : e.Message.Split(" : ")[0];
        }
    }
}
