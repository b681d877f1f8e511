using Microsoft.Data.Sqlite;

namespace DicomWeb.Cli;

/// <summary>
/// The folder store could not be opened or used (exit code 4): the message names the folder,
/// what went wrong in words, and what to do, from the SQLite error where there is one.
/// </summary>
internal sealed class FolderStoreException(string message, Exception inner) : Exception(message, inner)
{
    public static FolderStoreException Opening(string folder, Exception e)
    {
        string full = Path.GetFullPath(folder);
        string index = Path.Combine(full, new DicomWeb.Folder.DicomFolderOptions().IndexFileName);
        return new FolderStoreException($"cannot open the folder store {full}: {Advice(e, full, index)}", e);
    }

    private static string Advice(Exception e, string folder, string index)
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            if (cause is not SqliteException sqlite)
                continue;
            // SQLite result codes (sqlite.org/rescode.html), not the extended ones.
            return (sqlite.SqliteErrorCode & 0xff) switch
            {
                3 or 8 or 14 or 23 => $"its index {index} cannot be created or written (a read-only folder or file system, no permission, or the index is not a file; SQLite error {sqlite.SqliteErrorCode}): give a folder you can write to, or copy the store into one",
                11 or 26 => $"its index {index} is damaged or is not an index (SQLite error {sqlite.SqliteErrorCode}): delete it and open the folder again; it is rebuilt from the files",
                13 => $"the disk is full (SQLite error 13): free space and try again",
                5 or 6 => $"another process holds its index {index} (SQLite error {sqlite.SqliteErrorCode}): try again when it has finished",
                _ => $"its index {index} failed (SQLite error {sqlite.SqliteErrorCode}: {sqlite.Message}): check the folder, or delete the index to have it rebuilt from the files",
            };
        }
        return e switch
        {
            UnauthorizedAccessException => $"{e.Message} (no permission): give a folder you can read and write",
            IOException => $"{e.Message}: check that {folder} is a folder you can read and write, on a disk with free space",
            _ => $"{e.Message} ({e.GetType().Name}): check the folder, or run again with --verbose",
        };
    }
}
