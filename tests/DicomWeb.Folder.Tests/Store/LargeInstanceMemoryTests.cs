using System.Security.Cryptography;
using DicomWeb.Client;
using DicomWeb.Tests;
using Xunit.Abstractions;
using static DicomWeb.DicomTags;

namespace DicomWeb.Folder.Tests.Store;

/// <summary>Tests that measure the whole process's memory: they run alone, after the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "measured alone";
}

/// <summary>
/// A 200 MiB instance stored from a stream that makes it as it is read (nothing holds it whole,
/// the test neither): the store's allocations and the growth of the process's peak working set
/// stay within a bound (docs/folder-store.md: about MaxInstanceBytesInMemory per instance being
/// stored), where reading it whole took twice its size and more.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class LargeInstanceMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const int Frames = 200, Rows = 1024, Columns = 1024;   // 200 MiB of 8-bit pixels
    private const long AllocationBound = 16L * 1024 * 1024;
    private const long WorkingSetBound = 48L * 1024 * 1024;
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-folder-large-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Storing_a_200_MiB_instance_from_a_stream_allocates_and_grows_the_working_set_by_a_bounded_amount()
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        // Warm-up: the streamed path once, on 4 MiB, so that JIT and pools are not measured.
        await using (var warmUp = new GeneratedInstanceStream(SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), 1024, 1024, 4))
            Assert.Single((await store.StoreAsync([StowInstance.FromStream(warmUp, "warm-up")])).Stored);

        string study = SyntheticInstances.NewUid(), series = SyntheticInstances.NewUid(), sop = SyntheticInstances.NewUid();
        await using var large = new GeneratedInstanceStream(study, series, sop, Rows, Columns, Frames);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long peakBefore = ResetPeak();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        StowResult result = await store.StoreAsync([StowInstance.FromStream(large, "large.dcm")]);

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long peakGrowth = Peak() - peakBefore;
        output.WriteLine($"{large.Length / 1048576.0:F1} MiB stored: {allocated / 1048576.0:F1} MiB allocated, peak working set +{peakGrowth / 1048576.0:F1} MiB");
        Assert.Equal("large.dcm", Assert.Single(result.Stored).Source);
        Assert.True(allocated < AllocationBound, $"{allocated} bytes allocated to store {large.Length} bytes (bound {AllocationBound})");
        if (OperatingSystem.IsLinux())
            Assert.True(peakGrowth < WorkingSetBound, $"the peak working set grew by {peakGrowth} bytes to store {large.Length} bytes (bound {WorkingSetBound})");

        // The file is the instance, byte for byte, and the index knows it.
        string file = Path.Combine(_folder, study, series, sop + ".dcm");
        Assert.Equal(large.Length, new FileInfo(file).Length);
        await using (FileStream stored = File.OpenRead(file))
            Assert.Equal(large.Sha256(), await SHA256.HashDataAsync(stored));
        DicomDataset found = Assert.Single(await store.SearchAsync(Qido.Instances().Where(SOPInstanceUID.Is(sop))).ToListAsync());
        Assert.Equal(Frames, found.Get(NumberOfFrames));
        Assert.Empty(Directory.GetFiles(_folder, ".stow-*", SearchOption.AllDirectories));
    }

    // The kernel's peak resident size (VmHWM) reset to the current one; Process's own figure elsewhere.
    private static long ResetPeak()
    {
        if (OperatingSystem.IsLinux())
            File.WriteAllText("/proc/self/clear_refs", "5");
        return Peak();
    }

    private static long Peak()
    {
        if (!OperatingSystem.IsLinux())
            return 0;
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
