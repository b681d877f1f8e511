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
