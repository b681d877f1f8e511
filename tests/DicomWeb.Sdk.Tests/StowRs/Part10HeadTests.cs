using DicomWeb.Client;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Tests.StowRs;

/// <summary>
/// Part10Head, the UIDs a store reads from each file's head without building a data set (#26 item 5):
/// where it answers, it answers what DicomFile reads from the same bytes; on anything else it
/// declines (false), never throws, and the store reads the head with DicomFile as before.
/// </summary>
public class Part10HeadTests
{
    private const int HeadBytes = 64 * 1024;

    private static void AssertAsDicomFileReads(byte[] head, string what)
    {
        bool read;
        Part10Head.Uids uids;
        try
        {
            read = Part10Head.TryRead(head, out uids);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{what}: Part10Head threw {e.GetType().Name}: {e.Message}");
        }
        if (!read)
            return;
        DicomFile meta = DicomFile.Open(head, new DicomReadOptions { FileMetaInformationOnly = true });
        Assert.Equal(meta.FileMetaInformation.Get(MediaStorageSOPClassUID), uids.SopClassUid);
        Assert.Equal(meta.FileMetaInformation.Get(MediaStorageSOPInstanceUID), uids.SopInstanceUid);
        Assert.Equal(meta.TransferSyntaxUid, uids.TransferSyntaxUid);
        DicomFile? header = null;
        try
        {
            header = DicomFile.Open(head, new DicomReadOptions { StopBeforePixelData = true });
        }
        catch (DicomFileException)
        {
            // A data set that breaks after (0008,0018): its UID is still the one before the break.
        }
        if (header is not null)
            Assert.Equal(header.Dataset.Get(SOPInstanceUID), uids.DatasetSopInstanceUid);
    }

    [SharedDataFact("corpus/part10")]
    public void The_corpus_heads_read_as_DicomFile_reads_them()
    {
        int read = 0;
        foreach (string file in Directory.GetFiles(Path.Combine(RepositoryPaths.Shared, "corpus", "part10"), "*.dcm").Order())
        {
            byte[] bytes = File.ReadAllBytes(file);
            byte[] head = bytes.AsSpan(0, Math.Min(bytes.Length, HeadBytes)).ToArray();
            AssertAsDicomFileReads(head, Path.GetFileName(file));
            if (Part10Head.TryRead(head, out _))
                read++;
        }
        Assert.True(read > 5, $"only {read} corpus heads were read without DicomFile");
    }

    [Fact]
    public async Task A_data_set_UID_other_than_the_meta_groups_is_read_as_its_own()
    {
        string meta = SyntheticInstances.NewUid(), own = SyntheticInstances.NewUid();
        DicomDataset dataset = SyntheticInstances.Create(SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), meta, rows: 8, columns: 8);
        using var stream = new MemoryStream();
        await DicomFile.Create(dataset).SaveAsync(stream);
        byte[] file = stream.ToArray();
        // The same length, so only the data set's value changes: the faulty file a store must still name by what the server answers.
        own = own.Length >= meta.Length ? own[..meta.Length] : own + new string('1', meta.Length - own.Length);
        int at = file.AsSpan().LastIndexOf(System.Text.Encoding.ASCII.GetBytes(meta));
        System.Text.Encoding.ASCII.GetBytes(own).CopyTo(file, at);

        Assert.True(Part10Head.TryRead(file, out Part10Head.Uids uids));
        Assert.Equal(meta, uids.SopInstanceUid);
        Assert.Equal(own, uids.DatasetSopInstanceUid);
        AssertAsDicomFileReads(file, "a data set UID of its own");
    }

    [Theory]
    [InlineData(DicomUids.ExplicitVRLittleEndian)]
    [InlineData(DicomUids.ImplicitVRLittleEndian)]
    public async Task Cut_and_flipped_heads_are_declined_or_read_as_DicomFile_reads_them(string transferSyntax)
    {
        DicomDataset dataset = SyntheticInstances.Create(SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), rows: 8, columns: 8);
        using var stream = new MemoryStream();
        await DicomFile.Create(dataset, transferSyntax).SaveAsync(stream);
        byte[] file = stream.ToArray();
        Assert.True(Part10Head.TryRead(file, out Part10Head.Uids whole));
        Assert.Equal(dataset.Get(SOPInstanceUID), whole.DatasetSopInstanceUid);
        Assert.Equal(dataset.Get(SOPInstanceUID), whole.SopInstanceUid);
        // The usual file repeats the meta group's UID in its data set: one string serves both.
        Assert.Same(whole.SopInstanceUid, whole.DatasetSopInstanceUid);
        // The previous file's class is kept when equal, and only then.
        string sameClass = new(whole.SopClassUid!.AsSpan()), otherClass = whole.SopClassUid + ".1";
        Assert.True(Part10Head.TryRead(file, out Part10Head.Uids again, sameClass));
        Assert.Same(sameClass, again.SopClassUid);
        Assert.True(Part10Head.TryRead(file, out Part10Head.Uids other, otherClass));
        Assert.Equal(whole.SopClassUid, other.SopClassUid);

        for (int cut = 0; cut < Math.Min(file.Length, 1200); cut++)
            AssertAsDicomFileReads(file[..cut], $"cut at {cut}");
        var random = new Random(26);
        for (int n = 0; n < 3000; n++)
        {
            byte[] flipped = (byte[])file.Clone();
            int at = random.Next(128, Math.Min(file.Length, 700));
            flipped[at] = (byte)random.Next(256);
            AssertAsDicomFileReads(flipped, $"byte {at} set to {flipped[at]:X2}");
        }
    }
}
