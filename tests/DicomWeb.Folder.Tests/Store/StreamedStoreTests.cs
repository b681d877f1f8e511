using DicomWeb.Client;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Folder.Tests.Store;

/// <summary>
/// The folder store streams an instance longer than DicomFolderOptions.MaxInstanceBytesInMemory
/// to its temporary file and reads back only its head: a large instance costs one buffer, and the
/// duplicate, study and not-DICOM rules are those of an instance held in memory.
/// </summary>
public sealed class StreamedStoreTests : IDisposable
{
    // Every instance of these tests is streamed: far less than their 2 KB and more.
    private static readonly DicomFolderOptions Streaming = new() { MaxInstanceBytesInMemory = 4096 };
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-folder-streamed-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Part10(DicomDataset dataset) => SyntheticInstances.Part10(dataset);

    private static DicomDataset Instance(string? study = null, string? series = null, string? sop = null, string patient = "Doe^Jane") =>
        SyntheticInstances.Create(study ?? SyntheticInstances.NewUid(), series ?? SyntheticInstances.NewUid(), sop ?? SyntheticInstances.NewUid(), patient, rows: 128, columns: 128);

    private static string PathOf(string folder, DicomDataset dataset) =>
        Path.Combine(folder, dataset.Get(StudyInstanceUID)!, dataset.Get(SeriesInstanceUID)!, dataset.Get(SOPInstanceUID) + ".dcm");

    private static StowInstance Streamed(byte[] bytes, string name) => StowInstance.FromStream(new MemoryStream(bytes), name);

    [Fact]
    public async Task A_streamed_instance_is_stored_indexed_and_its_duplicates_judged_by_their_bytes()
    {
        DicomDataset a = Instance(patient: "Streamed^Once");
        DicomDataset b = Instance(a.Get(StudyInstanceUID), a.Get(SeriesInstanceUID), a.Get(SOPInstanceUID), patient: "Streamed^Twice");
        byte[] bytesA = Part10(a), bytesB = Part10(b);
        Assert.True(bytesA.Length > 4 * Streaming.MaxInstanceBytesInMemory);
        using DicomFolderClient store = DicomFolderClient.Open(_folder, Streaming);

        StowResult result = await store.StoreAsync([Streamed(bytesA, "a"), Streamed(bytesA, "a again"), Streamed(bytesB, "b")]);

        Assert.Equal(["a", "a again"], result.Stored.Select(s => s.Source));
        StowFailedInstance duplicate = Assert.Single(result.Failed);
        Assert.Equal(("b", 0x0111, a.Get(SOPInstanceUID)), (duplicate.Source, duplicate.FailureReason, duplicate.SopInstanceUid));
        Assert.Equal([(long)bytesA.Length, bytesA.Length, bytesB.Length], result.Responses.Select(r => r.Bytes));
        Assert.Equal(bytesA, await File.ReadAllBytesAsync(PathOf(_folder, a)));
        Assert.Empty(Directory.GetFiles(_folder, ".stow-*", SearchOption.AllDirectories));
        // Indexed as if held in memory: QIDO finds it by patient, metadata has its attributes.
        DicomDataset found = Assert.Single(await store.SearchAsync(Qido.Instances().Where(PatientName.Like("Streamed^Once"))).ToListAsync());
        Assert.Equal(a.Get(SOPInstanceUID), found.Get(SOPInstanceUID));
        using DicomFolderClient reopened = DicomFolderClient.Open(_folder);
        Assert.Equal(1, reopened.InstanceCount);
        Assert.Empty(reopened.SkippedFiles);
    }

    [Fact]
    public async Task A_streamed_instance_that_is_not_DICOM_or_of_another_study_is_refused_naming_the_input_and_leaves_no_file()
    {
        DicomDataset other = Instance();
        byte[] notDicom = new byte[20_000];
        notDicom.AsSpan().Fill((byte)'x');
        using DicomFolderClient store = DicomFolderClient.Open(_folder, Streaming);
        string study = SyntheticInstances.NewUid();

        StowResult result = await store.StoreAsync([Streamed(notDicom, "upload.bin"), Streamed(Part10(other), "other.dcm")], new StowOptions { StudyInstanceUid = study });

        Assert.Empty(result.Stored);
        Assert.Equal(2, result.Failed.Count);
        Assert.StartsWith("not a DICOM instance", result.Failed[0].Reason, StringComparison.Ordinal);
        Assert.Contains("upload.bin", result.Failed[0].Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(".stow-", result.Failed[0].Reason, StringComparison.Ordinal);   // not the temporary file's name
        Assert.Equal((0xA900, other.Get(SOPInstanceUID)), (result.Failed[1].FailureReason, result.Failed[1].SopInstanceUid));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_folder), e => !Path.GetFileName(e).StartsWith(".dicomweb-index", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_instance_over_MaxFileBytes_is_refused_out_of_resources_with_its_UIDs_and_leaves_no_file()
    {
        DicomDataset dataset = Instance();
        byte[] bytes = Part10(dataset);
        using DicomFolderClient store = DicomFolderClient.Open(_folder, Streaming with { MaxFileBytes = bytes.Length - 1 });

        StowResult result = await store.StoreAsync([Streamed(bytes, "big.dcm")]);

        StowFailedInstance failed = Assert.Single(result.Failed);
        Assert.Equal((0xA700, dataset.Get(SOPInstanceUID)), (failed.FailureReason, failed.SopInstanceUid));
        Assert.Contains("MaxFileBytes", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(0, store.InstanceCount);
        Assert.DoesNotContain(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories), f => !Path.GetFileName(f).StartsWith(".dicomweb-index", StringComparison.Ordinal));
    }

    [Fact]
    public void The_in_memory_bound_refuses_values_out_of_its_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DicomFolderOptions { MaxInstanceBytesInMemory = 4095 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DicomFolderOptions { MaxInstanceBytesInMemory = (1 << 30) + 1 });
        Assert.Equal(1024 * 1024, DicomFolderOptions.Default.MaxInstanceBytesInMemory);
    }
}
