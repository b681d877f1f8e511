namespace DicomWeb.Folder;

/// <summary>One instance as the index holds it: its UIDs, its file (relative to the folder) and its attributes without pixel data.</summary>
internal sealed record IndexedInstance(string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string SopClassUid,
    string TransferSyntaxUid, string File, long Size, long ModifiedTicks, byte[] AttributesJson);
