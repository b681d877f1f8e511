using DicomWeb.Client;
using DicomWeb.Tests;
using Xunit.Abstractions;
using static DicomWeb.DicomTags;

namespace DicomWeb.Folder.Tests.Faults;

/// <summary>
/// The folder store accounts for every instance whatever happens (issue #25): two writers of one
/// SOP Instance UID, a disk that fills, a folder that is read-only, a store killed mid-way, a UID
/// list longer than SQLite's parameter limit. Faults come from real file systems (a tmpfs, a
/// read-only bind mount), not from stand-ins.
/// </summary>
public sealed class FolderStoreFaultTests(ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 40;
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-folder-fault-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Part10(DicomDataset dataset) => SyntheticInstances.Part10(dataset);

    private static DicomDataset Instance(string? study = null, string? series = null, string? sop = null, string patient = "Doe^Jane", int rows = 16) =>
        SyntheticInstances.Create(study ?? SyntheticInstances.NewUid(), series ?? SyntheticInstances.NewUid(), sop ?? SyntheticInstances.NewUid(), patient, rows: rows, columns: rows);

    private static string PathOf(string folder, DicomDataset dataset) =>
        Path.Combine(folder, dataset.Get(StudyInstanceUID)!, dataset.Get(SeriesInstanceUID)!, dataset.Get(SOPInstanceUID) + ".dcm");

    private static string[] TemporaryFiles(string folder) => Directory.GetFiles(folder, ".stow-*", SearchOption.AllDirectories);

    // Every input once, in Stored or Failed, and one response each: nothing lost, nothing twice.
    private static void AssertAccountsFor(StowResult result, int inputs, string prefix)
    {
        string[] sources = [.. result.Stored.Select(s => s.Source), .. result.Failed.Select(f => f.Source!)];
        Assert.Equal(Enumerable.Range(1, inputs).Select(i => $"{prefix} {i}").Order(), sources.Order());
        Assert.Empty(result.NotSent);
        Assert.Equal(inputs, result.Responses.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    [InlineData(true, true)]   // instances of 16 KB streamed to their temporary files (4 KiB held in memory)
    public async Task Concurrent_stores_of_one_SOP_Instance_UID_give_one_Stored_and_one_duplicate_failure(bool twoClients, bool streamed = false)
    {
        var options = new DicomFolderOptions { MaxInstanceBytesInMemory = streamed ? 4096 : 1024 * 1024 };
        int rows = streamed ? 128 : 16;
        using DicomFolderClient first = DicomFolderClient.Open(_folder, options);
        using DicomFolderClient? other = twoClients ? DicomFolderClient.Open(_folder, options) : null;
        DicomFolderClient second = other ?? first;
        var problems = new List<string>();
        for (int round = 0; round < Rounds; round++)
        {
            DicomDataset a = Instance(patient: "First^Writer", rows: rows);
            DicomDataset b = Instance(a.Get(StudyInstanceUID), a.Get(SeriesInstanceUID), a.Get(SOPInstanceUID), patient: "Second^Writer", rows: rows);
            byte[] bytesA = Part10(a), bytesB = Part10(b);
            using var start = new Barrier(2);
            Task<StowResult> Store(DicomFolderClient client, byte[] bytes) => Task.Run(() =>
            {
                start.SignalAndWait();
                return client.StoreAsync([bytes]);
            });
            StowResult[] results;
            try
            {
                results = await Task.WhenAll(Store(first, bytesA), Store(second, bytesB));
            }
            catch (Exception e)
            {
                problems.Add($"round {round}: {e.GetType().Name}: {e.Message}");
                continue;
            }
            Assert.All(results, r => AssertAccountsFor(r, 1, "bytes"));
            StowStoredInstance stored = Assert.Single(results.SelectMany(r => r.Stored));
            StowFailedInstance failed = Assert.Single(results.SelectMany(r => r.Failed));
            Assert.Equal(0x0111, failed.FailureReason);   // Duplicate SOP Instance, as a sequential second store gets
            Assert.Equal(a.Get(SOPInstanceUID), failed.SopInstanceUid);
            Assert.Equal(results[0].Stored.Count == 1 ? bytesA : bytesB, await File.ReadAllBytesAsync(PathOf(_folder, a)));
        }
        Assert.True(problems.Count == 0, $"{problems.Count} of {Rounds} rounds threw:\n{string.Join('\n', problems)}");
        Assert.Equal(Rounds, first.InstanceCount);
        Assert.Empty(TemporaryFiles(_folder));
    }

    [Fact]
    public async Task Concurrent_stores_of_the_same_bytes_by_two_clients_are_both_Stored()
    {
        using DicomFolderClient first = DicomFolderClient.Open(_folder);
        using DicomFolderClient second = DicomFolderClient.Open(_folder);
        var problems = new List<string>();
        for (int round = 0; round < Rounds; round++)
        {
            byte[] bytes = Part10(Instance());
            using var start = new Barrier(2);
            Task<StowResult> Store(DicomFolderClient client) => Task.Run(() =>
            {
                start.SignalAndWait();
                return client.StoreAsync([bytes]);
            });
            try
            {
                StowResult[] results = await Task.WhenAll(Store(first), Store(second));
                Assert.All(results, r => Assert.Single(r.Stored));
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                problems.Add($"round {round}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(problems.Count == 0, $"{problems.Count} of {Rounds} rounds threw:\n{string.Join('\n', problems)}");
        Assert.Equal(Rounds, second.InstanceCount);
        Assert.Empty(TemporaryFiles(_folder));
    }

    [Theory]
    [InlineData(2048, 20, 512)]   // 20 instances of 256 KiB on a 2 MiB disk: the files fill it
    [InlineData(1024, 1500, 16)]  // 1,500 small instances on 1 MiB: the index's pages fill it too
    [InlineData(2048, 20, 512, 4096)]   // the same 20, each streamed to its temporary file as it is read
    public async Task A_full_disk_gives_Failed_entries_with_out_of_resources_and_lists_what_was_stored(int diskKibibytes, int count, int rows, int maxInstanceBytesInMemory = 1024 * 1024)
    {
        string mountPoint = Directory.CreateTempSubdirectory("dicomweb-folder-tmpfs-").FullName;
        try
        {
            using (TestMount.Tmpfs(mountPoint, diskKibibytes))
            {
                string folder = Path.Combine(mountPoint, "store");
                List<DicomDataset> datasets = [.. Enumerable.Range(0, count).Select(_ => Instance(rows: rows))];
                List<byte[]> inputs = [.. datasets.Select(Part10)];
                StowResult result;
                using (DicomFolderClient store = DicomFolderClient.Open(folder, new DicomFolderOptions { MaxInstanceBytesInMemory = maxInstanceBytesInMemory }))
                {
                    result = await store.StoreAsync(inputs);
                    output.WriteLine($"{result.Stored.Count} stored, {result.Failed.Count} failed; failures: {string.Join(" | ", result.Failed.Select(f => f.Reason[..Math.Min(f.Reason.Length, 120)]).Distinct())}");
                    AssertAccountsFor(result, inputs.Count, "bytes");
                    Assert.NotEmpty(result.Stored);
                    Assert.NotEmpty(result.Failed);
                    Assert.All(result.Failed, f => Assert.Equal(0xA700, f.FailureReason));   // PS3.18 Table I.2-2: Refused out of Resources
                    Assert.All(result.Failed, f => Assert.Contains("disk", f.Reason, StringComparison.OrdinalIgnoreCase));
                    // Even one that failed while streamed is named by its head.
                    Assert.All(result.Failed, f => Assert.Equal(datasets[int.Parse(f.Source!["bytes ".Length..]) - 1].Get(SOPInstanceUID), f.SopInstanceUid));
                    Assert.Equal(result.Stored.Count, store.InstanceCount);
                }
                foreach (StowStoredInstance stored in result.Stored)
                {
                    int i = int.Parse(stored.Source["bytes ".Length..]) - 1;
                    Assert.Equal(inputs[i], await File.ReadAllBytesAsync(PathOf(folder, datasets[i])));
                }
                foreach (StowFailedInstance failed in result.Failed)
                    Assert.False(File.Exists(PathOf(folder, datasets[int.Parse(failed.Source!["bytes ".Length..]) - 1])));
                Assert.Empty(TemporaryFiles(folder));
                // The index agrees with the files when opened again, on the still full disk.
                using DicomFolderClient reopened = DicomFolderClient.Open(folder);
                Assert.Equal(result.Stored.Count, reopened.InstanceCount);
                Assert.Empty(reopened.SkippedFiles);
            }
        }
        finally
        {
            Directory.Delete(mountPoint, recursive: true);
        }
    }

    [Fact]
    public async Task A_folder_that_became_read_only_gives_Failed_entries_and_keeps_what_it_can_answer()
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        byte[] existing = Part10(Instance());
        Assert.Single((await store.StoreAsync([existing])).Stored);
        StowResult result;
        using (TestMount.ReadOnly(_folder))
            result = await store.StoreAsync([Part10(Instance()), existing, Part10(Instance())]);
        AssertAccountsFor(result, 3, "bytes");
        output.WriteLine(result.Failed[0].Reason);
        Assert.Equal("bytes 2", Assert.Single(result.Stored).Source);   // the same bytes again: nothing to write
        Assert.Equal(2, result.Failed.Count);
        Assert.All(result.Failed, f => Assert.Equal(0x0110, f.FailureReason));   // Processing failure
        Assert.All(result.Failed, f => Assert.Contains("Read-only file system", f.Reason));
        Assert.Equal(1, store.InstanceCount);
        Assert.Single(Directory.GetFiles(_folder, "*.dcm", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Opening_a_read_only_folder_is_one_IOException_naming_the_folder(bool withIndex)
    {
        if (withIndex)
        {
            using DicomFolderClient store = DicomFolderClient.Open(_folder);
            await store.StoreAsync([Instance()]);
        }
        IOException refused;
        using (TestMount.ReadOnly(_folder))
            refused = Assert.Throws<IOException>(() => DicomFolderClient.Open(_folder).Dispose());
        Assert.Equal(typeof(IOException), refused.GetType());
        output.WriteLine(refused.Message);
        Assert.Contains(_folder, refused.Message);
        Assert.Contains("read-only", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SQLite Error", refused.Message);
    }

    [Fact]
    public void An_index_that_is_a_directory_or_not_a_database_is_one_IOException_naming_it()
    {
        string index = Path.Combine(_folder, ".dicomweb-index.sqlite");
        Directory.CreateDirectory(index);
        IOException refused = Assert.Throws<IOException>(() => DicomFolderClient.Open(_folder).Dispose());
        Assert.Equal(typeof(IOException), refused.GetType());
        Assert.Contains(index, refused.Message);
        Assert.DoesNotContain("SQLite Error", refused.Message);
        output.WriteLine(refused.Message);

        Directory.Delete(index);
        File.WriteAllText(index, "not an SQLite database, but long enough to be taken for one's header.....");
        refused = Assert.Throws<IOException>(() => DicomFolderClient.Open(_folder).Dispose());
        Assert.Equal(typeof(IOException), refused.GetType());
        Assert.Contains(index, refused.Message);
        Assert.Contains("delete it", refused.Message);
        output.WriteLine(refused.Message);
        Assert.DoesNotContain("SQLite Error", refused.Message);
    }

    [Fact]
    public async Task Temporary_files_of_a_store_killed_mid_way_are_removed_on_open_and_a_live_one_is_kept()
    {
        DicomDataset kept = Instance();
        using (DicomFolderClient store = DicomFolderClient.Open(_folder))
            await store.StoreAsync([kept]);
        // What a store killed while writing leaves: a partial file under its temporary name, in the
        // instance's folder, which the killed store may have just created.
        string beside = Path.Combine(Path.GetDirectoryName(PathOf(_folder, kept))!, $".stow-{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(beside, Part10(Instance())[..700]);
        string newSeries = Path.Combine(_folder, SyntheticInstances.NewUid(), SyntheticInstances.NewUid());
        Directory.CreateDirectory(newSeries);
        string alone = Path.Combine(newSeries, $".stow-{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(alone, new byte[300]);
        // One being written by another store right now (its writer holds it open): not touched.
        string live = Path.Combine(Path.GetDirectoryName(PathOf(_folder, kept))!, $".stow-{Guid.NewGuid():N}.tmp");
        using (var writing = new FileStream(live, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            using DicomFolderClient reopened = DicomFolderClient.Open(_folder);
            Assert.False(File.Exists(beside));
            Assert.False(File.Exists(alone));
            Assert.False(Directory.Exists(Path.GetDirectoryName(newSeries)));
            Assert.True(File.Exists(live));
            Assert.Equal(1, reopened.InstanceCount);
            Assert.True(File.Exists(PathOf(_folder, kept)));
        }
        File.Delete(live);
    }

    [Fact]
    public async Task A_UID_list_of_33000_values_is_matched()
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        List<DicomDataset> datasets = [Instance(), Instance(), Instance()];
        await store.StoreAsync(datasets);
        // More values than SQLite allows parameters in one statement (32,766).
        List<string> sops = [.. Enumerable.Range(0, 32_998).Select(_ => SyntheticInstances.NewUid()), datasets[0].Get(SOPInstanceUID)!, datasets[2].Get(SOPInstanceUID)!];
        List<string> studies = [datasets[1].Get(StudyInstanceUID)!, .. Enumerable.Range(0, 32_999).Select(_ => SyntheticInstances.NewUid())];

        var instances = new List<string>();
        await foreach (DicomDataset found in store.SearchAsync(Qido.Instances().Where(SOPInstanceUID.In([.. sops]))))
            instances.Add(found.Get(SOPInstanceUID)!);
        Assert.Equal([datasets[0].Get(SOPInstanceUID)!, datasets[2].Get(SOPInstanceUID)!], instances);

        var found1 = new List<string>();
        await foreach (DicomDataset found in store.SearchAsync(Qido.Studies().Where(StudyInstanceUID.In([.. studies]))))
            found1.Add(found.Get(StudyInstanceUID)!);
        Assert.Equal([datasets[1].Get(StudyInstanceUID)!], found1);
    }
}
