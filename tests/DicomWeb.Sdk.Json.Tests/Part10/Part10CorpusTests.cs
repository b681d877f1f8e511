using DicomWeb.Json;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Part10;

/// <summary>Every file of ../shared/corpus/part10 and the tutorial instances, read, written and read again.</summary>
public class Part10CorpusTests
{
    // Broken on purpose (see PROVENANCE): they must fail with a clear exception, not half-read.
    private static readonly Dictionary<string, string> Broken = new()
    {
        ["MR_truncated.dcm"] = "the value is",
        ["badVR.dcm"] = "the IS value cannot be read: '1A' is not an integer string",
    };

    // Values of odd length (not allowed by PS3.5 7.1.1, present in these files): the writer pads them
    // to even length, so the first write changes them; from then on the file is stable.
    private static readonly HashSet<string> OddLengthValues = ["nested_priv_SQ.dcm"];

    private static IEnumerable<string> Files() =>
        Directory.GetFiles(Path.Combine(RepositoryPaths.Shared, "corpus", "part10"), "*.dcm")
            .Concat(Directory.GetFiles(Path.Combine(RepositoryPaths.Shared, "corpus", "tutorial"), "*.dcm"))
            .Order(StringComparer.Ordinal);

    [SharedDataFact("corpus/part10")]
    public async Task Every_file_reads_or_fails_with_a_DicomFileException_naming_it()
    {
        var readable = new List<string>();
        foreach (string path in Files())
        {
            string name = Path.GetFileName(path);
            if (Broken.TryGetValue(name, out string? expected))
            {
                var error = await Assert.ThrowsAsync<DicomFileException>(() => DicomFile.OpenAsync(path));
                Assert.Equal(path, error.FileName);
                Assert.Contains(expected, error.Message, StringComparison.Ordinal);
                Assert.Contains(path, error.Message, StringComparison.Ordinal);
                Assert.InRange(error.Offset, 0, new FileInfo(path).Length);
                Assert.NotNull(error.Tag);
                continue;
            }
            DicomFile file;
            try
            {
                file = await DicomFile.OpenAsync(path);
            }
            catch (DicomFileException e)
            {
                throw new Xunit.Sdk.XunitException($"{name} should read: {e.Message}");
            }
            Assert.True(file.Dataset.Count > 0, name);
            Assert.True(DicomTransferSyntax.TryGet(file.TransferSyntaxUid, out _), $"{name}: {file.TransferSyntaxUid}");
            readable.Add(name);
        }
        Assert.Equal(19, readable.Count); // 16 of part10 (18 files, 2 broken) and the 3 tutorial instances
    }

    [SharedDataFact("corpus/part10")]
    public async Task Read_write_read_gives_an_equal_data_set_for_every_readable_file()
    {
        foreach (string path in Files().Where(p => !Broken.ContainsKey(Path.GetFileName(p))))
        {
            DicomFile original = await DicomFile.OpenAsync(path);
            foreach (string syntax in WritableSyntaxes(original.TransferSyntaxUid))
            foreach (bool undefinedLengths in new[] { false, true })
            {
                using var stream = new MemoryStream();
                await DicomFile.Create(original.Dataset, syntax).SaveAsync(stream, new DicomWriteOptions { SequencesWithUndefinedLength = undefinedLengths });
                DicomFile again = DicomFile.Open(stream.ToArray(), fileName: $"{Path.GetFileName(path)} as {syntax}");
                Assert.Equal(syntax, again.TransferSyntaxUid);
                DicomDataset expected = original.Dataset, actual = again.Dataset;
                if (syntax == DicomUids.ImplicitVRLittleEndian)
                {
                    Assert.Equal(original.Dataset.Select(e => e.Tag), again.Dataset.Select(e => e.Tag));
                    (expected, actual) = (WithoutPrivateData(expected), WithoutPrivateData(actual));
                }
                bool same = syntax == DicomUids.ImplicitVRLittleEndian
                    // Implicit VR cannot tell OB from OW either: PS3.5 A.1 reads "OB or OW" as OW.
                    ? DicomJson.Serialize(expected).Replace("\"vr\":\"OB\"", "\"vr\":\"OW\"") == DicomJson.Serialize(actual).Replace("\"vr\":\"OB\"", "\"vr\":\"OW\"")
                    : expected.Equals(actual);
                if (OddLengthValues.Contains(Path.GetFileName(path)))
                {
                    using var second = new MemoryStream();
                    await DicomFile.Create(again.Dataset, syntax).SaveAsync(second, new DicomWriteOptions { SequencesWithUndefinedLength = undefinedLengths });
                    same = DicomFile.Open(second.ToArray()).Dataset.Equals(again.Dataset);
                }
                Assert.True(same,
                    $"{Path.GetFileName(path)} written as {syntax} reads back differently:\n{SnapshotDiff(expected, actual)}");
            }
        }
    }

    [SharedDataFact("corpus/part10")]
    public async Task Known_values_are_read_across_encodings()
    {
        string Path10(string name) => Path.Combine(RepositoryPaths.Shared, "corpus", "part10", name);
        var little = await DicomFile.OpenAsync(Path10("MR_small.dcm"));
        var big = await DicomFile.OpenAsync(Path10("MR_small_bigendian.dcm"));
        var implicitVR = await DicomFile.OpenAsync(Path10("MR_small_implicit.dcm"));
        foreach (var file in new[] { big, implicitVR })
        {
            Assert.Equal(little.Dataset.Get(Rows), file.Dataset.Get(Rows));
            Assert.Equal(little.Dataset.Get(PatientName), file.Dataset.Get(PatientName));
            Assert.Equal(little.Dataset.Get(SOPInstanceUID), file.Dataset.Get(SOPInstanceUID));
            Assert.Equal(little.Dataset.GetAll(ImagePositionPatient), file.Dataset.GetAll(ImagePositionPatient));
            // Pixel data in little endian order whatever the file's order (PS3.18 F.2.7).
            Assert.Equal(little.Dataset.Get(PixelData)!.Bytes!.Value.ToArray(), file.Dataset.Get(PixelData)!.Bytes!.Value.ToArray());
        }
        Assert.Equal(DicomUids.ExplicitVRBigEndian, big.TransferSyntaxUid);
        Assert.Equal(DicomUids.ImplicitVRLittleEndian, implicitVR.TransferSyntaxUid);

        var deflated = await DicomFile.OpenAsync(Path10("image_dfl.dcm"));
        Assert.Equal(DicomUids.DeflatedExplicitVRLittleEndian, deflated.TransferSyntaxUid);
        Assert.NotNull(deflated.Dataset.Get(SOPInstanceUID));

        var noMeta = await DicomFile.OpenAsync(Path10("ExplVR_LitEndNoMeta.dcm"));
        Assert.False(noMeta.HasPreamble);
        Assert.Equal(DicomUids.ExplicitVRLittleEndian, noMeta.TransferSyntaxUid);
        Assert.Contains("detected", noMeta.DetectedEncoding, StringComparison.Ordinal);

        var rle = await DicomFile.OpenAsync(Path10("SC_rgb_rle_2frame.dcm"));
        Assert.Equal(DicomUids.RLELossless, rle.TransferSyntaxUid);
        Assert.Equal(2, rle.Dataset.Get(NumberOfFrames));
        Assert.True(rle.Dataset.Get(PixelData)!.Bytes!.Value.Length > 0);

        var unSequence = await DicomFile.OpenAsync(Path10("UN_sequence.dcm"));
        Assert.Contains(unSequence.Dataset, e => e.Form == DicomValueForm.Sequence);

        var stopped = await DicomFile.OpenAsync(Path10("CT_small.dcm"), new DicomReadOptions { StopBeforePixelData = true });
        Assert.False(stopped.IsComplete);
        Assert.False(stopped.Dataset.Contains(PixelData));
        Assert.NotNull(stopped.Dataset.Get(SOPInstanceUID));
        await Assert.ThrowsAsync<DicomFileException>(() => stopped.SaveAsync(Path.GetTempFileName()));

        // The file meta information alone, from the first bytes of a file (as a retrieved part begins).
        byte[] ct = await File.ReadAllBytesAsync(Path10("CT_small.dcm"));
        DicomFile meta = DicomFile.Open(ct.AsSpan(0, 400), new DicomReadOptions { FileMetaInformationOnly = true });
        Assert.False(meta.IsComplete);
        Assert.Empty(meta.Dataset);
        Assert.Equal(stopped.Dataset.Get(SOPInstanceUID), meta.FileMetaInformation.Get(MediaStorageSOPInstanceUID));
        Assert.Equal(DicomUids.ExplicitVRLittleEndian, meta.TransferSyntaxUid);
        Assert.Throws<DicomFileException>(() => DicomFile.Open(ct.AsSpan(0, 150), new DicomReadOptions { FileMetaInformationOnly = true }));
    }

    private static IEnumerable<string> WritableSyntaxes(string original)
    {
        DicomTransferSyntax.TryGet(original, out var syntax);
        if (syntax!.IsEncapsulated)
            return [original];
        return [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian, DicomUids.DeflatedExplicitVRLittleEndian, DicomUids.ExplicitVRBigEndian];
    }

    /// <summary>
    /// A copy without private data elements (creators kept), in items too: implicit VR cannot carry
    /// their VRs, so they come back as UN and are compared by presence instead.
    /// </summary>
    private static DicomDataset WithoutPrivateData(DicomDataset dataset)
    {
        DicomDataset copy = DicomJson.Deserialize(DicomJson.SerializeToUtf8Bytes(dataset));
        Strip(copy);
        return copy;

        static void Strip(DicomDataset d)
        {
            foreach (DicomElement e in d.ToList())
            {
                if (e.Tag.IsPrivate && !e.Tag.IsPrivateCreator && e.Form != DicomValueForm.Sequence)
                    d.Remove(e.Tag);
                else if (e.Form == DicomValueForm.Sequence)
                    foreach (DicomDataset item in d.Get(new SequenceTag(e.Tag, DicomVR.SQ)))
                        Strip(item);
            }
        }
    }

    private static string SnapshotDiff(DicomDataset a, DicomDataset b)
    {
        var left = DicomJson.Serialize(a).Split("},\"");
        var right = DicomJson.Serialize(b).Split("},\"");
        static string Cut(string line) => line.Length > 200 ? line[..200] + "..." : line;
        return string.Join("\n", left.Except(right).Take(3).Select(l => "- " + Cut(l))) + "\n" + string.Join("\n", right.Except(left).Take(3).Select(r => "+ " + Cut(r)));
    }
}

public class Part10JsonBulkDataTests
{
    [Fact]
    public void Bulk_data_is_inline_up_to_the_limit_and_a_BulkDataURI_beyond_it()
    {
        var dataset = DicomWeb.Tests.SyntheticInstances.Create("1.2.3", "1.2.3.4", "1.2.3.4.5", rows: 8, columns: 8)
            .Set(new BinaryTag(new DicomTag(0x0009, 0x1002), DicomVR.OB), DicomBulkData.FromBytes(new byte[] { 1, 2, 3 }));
        var options = new DicomJsonWriteOptions { InlineBinaryMaxBytes = 16, BulkDataUri = tag => $"bulk/{tag:J}" };
        DicomDataset json = DicomJson.Deserialize(DicomJson.SerializeToUtf8Bytes(dataset, options));
        Assert.Equal("bulk/7FE00010", json.Get(PixelData)!.Uri);
        Assert.Equal([1, 2, 3], json.GetBulkData(new DicomTag(0x0009, 0x1002))!.Bytes!.Value.ToArray());
        Assert.Equal(dataset.Get(PatientName), json.Get(PatientName));

        // Everything inline by default; a limit without a place for the bytes is an error, not a drop.
        Assert.Equal(64, DicomJson.Deserialize(DicomJson.SerializeToUtf8Bytes(dataset)).Get(PixelData)!.Bytes!.Value.Length);
        var error = Assert.Throws<InvalidOperationException>(() => DicomJson.SerializeToUtf8Bytes(dataset, new DicomJsonWriteOptions { InlineBinaryMaxBytes = 16 }));
        Assert.Contains("(7FE0,0010)", error.Message, StringComparison.Ordinal);
    }
}

public class Part10OnDemandTests
{
    [SharedDataFact("corpus/part10")]
    public async Task Values_over_the_limit_stay_in_the_file_and_are_read_on_demand()
    {
        foreach (string name in new[] { "CT_small.dcm", "MR_small_implicit.dcm", "SC_rgb_rle_2frame.dcm" })
        {
            string path = Path.Combine(RepositoryPaths.Shared, "corpus", "part10", name);
            DicomFile whole = await DicomFile.OpenAsync(path);
            DicomFile lazy = await DicomFile.OpenAsync(path, new DicomReadOptions { MaxValueBytesInMemory = 1024 });

            DicomBulkData reference = lazy.Dataset.Get(PixelData)!;
            Assert.Null(reference.Bytes);
            Assert.StartsWith("file://", reference.Uri, StringComparison.Ordinal);
            Assert.Contains("#offset=", reference.Uri, StringComparison.Ordinal);
            ReadOnlyMemory<byte> bytes = await lazy.ReadBulkDataAsync(reference);
            Assert.Equal(whole.Dataset.Get(PixelData)!.Bytes!.Value.ToArray(), bytes.ToArray());
            Assert.Equal(whole.Dataset.Get(SOPInstanceUID), lazy.Dataset.Get(SOPInstanceUID));

            // Saving reads the values back in: the copy equals the fully read file.
            using var stream = new MemoryStream();
            await DicomFile.Create(lazy.Dataset, whole.TransferSyntaxUid).SaveAsync(stream);
            Assert.Equal(whole.Dataset, DicomFile.Open(stream.ToArray()).Dataset);
        }
        DicomFile some = await DicomFile.OpenAsync(Path.Combine(RepositoryPaths.Shared, "corpus", "part10", "CT_small.dcm"), new DicomReadOptions { MaxValueBytesInMemory = 1024 });
        await Assert.ThrowsAsync<DicomFileException>(() => some.ReadBulkDataAsync(DicomBulkData.FromUri("https://pacs.example/bulk/1")));
    }
}

public class EncapsulatedPixelDataTests
{
    [SharedDataFact("corpus/part10")]
    public async Task Fragments_of_encapsulated_files_are_found()
    {
        var rle = await DicomFile.OpenAsync(Path.Combine(RepositoryPaths.Shared, "corpus", "part10", "SC_rgb_rle_2frame.dcm"));
        ReadOnlyMemory<byte> value = rle.Dataset.Get(PixelData)!.Bytes!.Value;
        var fragments = EncapsulatedPixelData.Fragments(value);
        Assert.Equal(2, fragments.Count); // one RLE fragment per frame
        Assert.All(fragments, f => Assert.True(f.Length > 64, "an RLE fragment is its 64-byte header and segments"));
        var offsets = EncapsulatedPixelData.BasicOffsetTable(value);
        Assert.True(offsets.Count is 0 or 2);
        Assert.Throws<FormatException>(() => EncapsulatedPixelData.Fragments(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
    }
}
