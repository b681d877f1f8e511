namespace DicomWeb.Folder;

/// <summary>Progress of indexing a folder when it is opened: reported after each file that was read.</summary>
/// <param name="FilesFound">Files in the folder (the index's own files left out).</param>
/// <param name="FilesToRead">Files that are new or changed (by size and modification time) and so are read.</param>
/// <param name="FilesRead">Of those, how many have been read so far.</param>
/// <param name="LastFile">The last file read, relative to the folder.</param>
public readonly record struct FolderIndexProgress(int FilesFound, int FilesToRead, int FilesRead, string? LastFile);

/// <summary>A file of the folder that is not in the index, and why (not DICOM, no UIDs, a second copy of an instance).</summary>
/// <param name="File">The file, relative to the folder.</param>
/// <param name="Reason">Why it was left out.</param>
public sealed record FolderSkippedFile(string File, string Reason);
