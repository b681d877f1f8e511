using DicomWeb.Client;
using DicomWeb.Json;

namespace DicomWeb.Folder;

// Indexing: the files of the folder → rows of the index.
public sealed partial class DicomFolderClient
{
    // Reading stops at the pixel data and leaves large values in the file (mapped, not read):
    // indexing touches the first pages of each file only.
    private static readonly DicomReadOptions IndexReadOptions = new() { StopBeforePixelData = true, MaxValueBytesInMemory = 64 * 1024 };
    private const int FilesPerTransaction = 500;

    // A store killed while writing leaves its temporary file (and maybe the empty folders made
    // for it). A live store holds its temporary file locked (PendingInstance): those stay.
    private void RemoveLeftoverTemporaryFiles()
    {
        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (string path in Directory.EnumerateFiles(Folder, PendingInstance.TemporaryPattern, enumeration))
        {
            try
            {
                using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                }
                RemoveEmptyFolders(Path.GetDirectoryName(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Held by a store writing it, gone already, or not ours to remove: left alone.
            }
        }
    }

    private void Reindex(IProgress<FolderIndexProgress>? progress, CancellationToken cancellationToken)
    {
        Dictionary<string, (long Size, long Mtime)> known = _index.Files();
        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            // Hidden files are the index's own and temporary ones; links could lead out of the folder.
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
        };
        var found = new List<(string Relative, FileInfo Info)>();
        foreach (string path in Directory.EnumerateFiles(Folder, "*", enumeration))
        {
            string relative = Path.GetRelativePath(Folder, path);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
                continue;
            found.Add((relative, new FileInfo(path)));
        }
        var present = new HashSet<string>(found.Select(f => f.Relative), StringComparer.Ordinal);
        var changed = found.Where(f => !known.TryGetValue(f.Relative, out var k) || k.Size != f.Info.Length || k.Mtime != f.Info.LastWriteTimeUtc.Ticks).ToList();
        var gone = known.Keys.Where(k => !present.Contains(k)).ToList();
        if (gone.Count > 0)
            _index.InTransaction(() => gone.ForEach(_index.ForgetFile));

        int read = 0;
        foreach (var batch in changed.Chunk(FilesPerTransaction))
        {
            cancellationToken.ThrowIfCancellationRequested();
            _index.InTransaction(() =>
            {
                foreach ((string relative, FileInfo info) in batch)
                {
                    IndexFile(relative, info);
                    read++;
                    progress?.Report(new FolderIndexProgress(found.Count, changed.Count, read, relative));
                }
            });
        }
    }

    private void IndexFile(string relative, FileInfo info)
    {
        long size = info.Length, mtime = info.LastWriteTimeUtc.Ticks;
        if (size > _options.MaxFileBytes)
        {
            _index.RecordSkipped(relative, size, mtime, $"larger than MaxFileBytes ({_options.MaxFileBytes} bytes)");
            return;
        }
        DicomFile file;
        try
        {
            file = DicomFile.OpenAsync(info.FullName, IndexReadOptions).GetAwaiter().GetResult();
        }
        catch (DicomFileException e)
        {
            _index.RecordSkipped(relative, size, mtime, "not a DICOM file: " + e.Message);
            return;
        }
        catch (IOException e)
        {
            _index.RecordSkipped(relative, size, mtime, "cannot be read: " + e.GetType().Name);
            return;
        }
        if (Describe(file, relative, size, mtime, out IndexedInstance? instance) is string problem)
        {
            _index.RecordSkipped(relative, size, mtime, problem);
            return;
        }
        IndexedInstance? other = _index.Find(instance!.SopInstanceUid);
        if (other is not null && other.File != relative && File.Exists(FullPath(other.File)))
        {
            _index.RecordSkipped(relative, size, mtime, $"a second file of SOP Instance {instance.SopInstanceUid} (indexed: {other.File})");
            return;
        }
        _index.Put(instance, Attributes(file.Dataset));
    }

    // The index row of a parsed file, or why the file cannot be one.
    private static string? Describe(DicomFile file, string relative, long size, long mtime, out IndexedInstance? instance)
    {
        instance = null;
        DicomDataset dataset = file.Dataset;
        string? study = Safe(() => dataset.Get(DicomTags.StudyInstanceUID)), series = Safe(() => dataset.Get(DicomTags.SeriesInstanceUID));
        string? sop = Safe(() => dataset.Get(DicomTags.SOPInstanceUID)) ?? Safe(() => file.FileMetaInformation.Get(DicomTags.MediaStorageSOPInstanceUID));
        string? sopClass = Safe(() => dataset.Get(DicomTags.SOPClassUID)) ?? Safe(() => file.FileMetaInformation.Get(DicomTags.MediaStorageSOPClassUID));
        if (!DicomUid.IsValid(study) || !DicomUid.IsValid(series) || !DicomUid.IsValid(sop) || !DicomUid.IsValid(sopClass))
            return "no valid Study, Series or SOP Instance UID, or SOP Class UID";
        // Values left in the file are named by file URIs; the index keeps none of them (they would show local paths).
        foreach (DicomTag tag in dataset.Where(e => e.Form == DicomValueForm.BulkDataUri).Select(e => e.Tag).ToList())
            dataset.Remove(tag);
        instance = new IndexedInstance(study!, series!, sop!, sopClass!, file.TransferSyntaxUid, relative, size, mtime, DicomJson.SerializeToUtf8Bytes(dataset));
        return null;
    }

    // Every text value of the top-level elements: what QIDO matches on.
    private static IEnumerable<(uint, string, string)> Attributes(DicomDataset dataset)
    {
        var rows = new List<(uint, string, string)>();
        foreach (DicomElement element in dataset)
        {
            if (element.Form != DicomValueForm.Values || element.Tag.Group == DicomTags.PixelData.Tag.Group)
                continue;
            IReadOnlyList<string> values;
            try
            {
                values = dataset.GetStrings(element.Tag);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                continue;
            }
            DicomVR vr = element.VR;
            foreach (string raw in values)
            {
                string value = raw.Trim();
                if (value.Length > 0)
                    rows.Add((element.Tag.Value, value, QidoSql.Fold(vr, value)));
            }
        }
        return rows;
    }

    private static string? Safe(Func<string?> get)
    {
        try
        {
            return get();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
