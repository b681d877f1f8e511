using DicomWeb.Client;
using Microsoft.Data.Sqlite;

namespace DicomWeb.Folder;

/// <summary>
/// What the environment did to a store (a full disk, a read-only folder, any other I/O or index
/// error) as the Failure Reason a STOW-RS origin server gives, PS3.18 Table I.2-2: A700H (Refused:
/// out of resources) when the disk or a quota is full, 0110H (Processing failure) otherwise.
/// </summary>
internal static class StoreFailure
{
    public const int OutOfResources = StowFailureReasons.OutOfResources;
    public const int ProcessingFailure = StowFailureReasons.ProcessingFailure;

    // errno values as .NET reports them in IOException.HResult on Linux and macOS, and the
    // Windows error codes inside an HRESULT.
    private const int ENOSPC = 28, EDQUOT_LINUX = 122, EDQUOT_MAC = 69;
    private const int ERROR_HANDLE_DISK_FULL = 0x27, ERROR_DISK_FULL = 0x70;
    private const int SQLITE_FULL = 13;

    /// <summary>Whether <paramref name="e"/> is the environment failing, not the caller or the data.</summary>
    public static bool IsEnvironment(Exception e) => e is IOException or UnauthorizedAccessException or SqliteException;

    /// <summary>The Failure Reason for an environment failure.</summary>
    public static int ReasonOf(Exception e) => IsFull(e) ? OutOfResources : ProcessingFailure;

    /// <summary>What went wrong, in a sentence that names the file or the index.</summary>
    public static string Describe(Exception e, string indexFile) => e switch
    {
        _ when IsFull(e) => $"the disk is full ({Message(e, indexFile)}); nothing of this instance was kept",
        SqliteException => $"the index could not record it ({Message(e, indexFile)}); nothing of this instance was kept",
        _ => $"the file could not be written ({e.Message}); nothing of this instance was kept",
    };

    private static bool IsFull(Exception e) => e switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SQLITE_FULL,
        IOException io when OperatingSystem.IsWindows() => (io.HResult & 0xFFFF) is ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL,
        IOException io => io.HResult is ENOSPC || io.HResult == (OperatingSystem.IsMacOS() ? EDQUOT_MAC : EDQUOT_LINUX),
        _ => false,
    };

    // SQLite's messages do not name the database; these say which.
    private static string Message(Exception e, string indexFile) =>
        e is SqliteException sqlite ? $"index {indexFile}: {SqliteText(sqlite)}" : e.Message;

    /// <summary>SQLite's own text of an error, without the "SQLite Error N:" prefix Microsoft.Data.Sqlite adds.</summary>
    public static string SqliteText(SqliteException e)
    {
        string text = e.Message;
        int quote = text.IndexOf('\'', StringComparison.Ordinal);
        return text.StartsWith("SQLite Error", StringComparison.Ordinal) && quote > 0 ? text[(quote + 1)..].TrimEnd('.').TrimEnd('\'') : text;
    }
}
