using System.IO.Compression;
using System.Text;
using DicomWeb.Json;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Part10;

/// <summary>
/// Hostile Part 10 input and hostile data sets (issue #12): nesting, bulk data URIs, deflate bombs,
/// lying lengths and tag order cannot crash the process, read local files or exhaust memory.
/// </summary>
public sealed class Part10HardeningTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-hardening-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // ---- nesting ----

    [Fact]
    public void Sequences_nested_5000_deep_are_a_DicomFileException_at_the_first_level_over_the_bound()
    {
        byte[] file = Part10Bytes.File(DicomUids.ExplicitVRLittleEndian).Nested(5000, out int[] starts).ToArray();
        Assert.InRange(file.Length, 90_000, 200_000);

        var error = Assert.Throws<DicomFileException>(() => DicomFile.Open(file, fileName: "deep.dcm"));

        Assert.Contains("128", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxSequenceDepth", error.Message, StringComparison.Ordinal);
        Assert.Equal("deep.dcm", error.FileName);
        Assert.Contains("deep.dcm", error.Message, StringComparison.Ordinal);
        // Level 129 is the 129th sequence: its value starts after its 12-byte header.
        Assert.Equal(starts[128] + 12, error.Offset);
        Assert.Equal(new DicomTag(0x0040, 0xA730), error.Tag);
    }

    [Fact]
    public async Task Nesting_exactly_at_the_bound_opens_saves_and_reopens_and_one_more_level_does_not()
    {
        int bound = DicomLimits.DefaultMaxSequenceDepth;
        DicomFile file = DicomFile.Open(Part10Bytes.File(DicomUids.ExplicitVRLittleEndian).Nested(bound, out _).ToArray());
        Assert.Equal(bound, Depth(file.Dataset, out DicomDataset leaf));
        Assert.Equal("leaf", leaf.Get(PatientID));

        foreach (string syntax in new[] { DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian, DicomUids.ExplicitVRBigEndian, DicomUids.DeflatedExplicitVRLittleEndian })
        foreach (bool undefinedLengths in new[] { false, true })
        {
            using var saved = new MemoryStream();
            await DicomFile.Create(file.Dataset, syntax).SaveAsync(saved, new DicomWriteOptions { SequencesWithUndefinedLength = undefinedLengths });
            DicomFile again = DicomFile.Open(saved.ToArray());
            Assert.Equal(bound, Depth(again.Dataset, out DicomDataset leafAgain));
            Assert.Equal("leaf", leafAgain.Get(PatientID));
        }

        Assert.Throws<DicomFileException>(() => DicomFile.Open(Part10Bytes.File(DicomUids.ExplicitVRLittleEndian).Nested(bound + 1, out _).ToArray()));
        // The bound is an option: a larger one reads the deeper file.
        DicomFile deeper = DicomFile.Open(Part10Bytes.File(DicomUids.ExplicitVRLittleEndian).Nested(bound + 1, out _).ToArray(), new DicomReadOptions { MaxSequenceDepth = bound + 1 });
        Assert.Equal(bound + 1, Depth(deeper.Dataset, out _));
        // ...and saving it needs the same bound raised for writing.
        var error = await Assert.ThrowsAsync<DicomFileException>(() => DicomFile.Create(deeper.Dataset).SaveAsync(new MemoryStream()));
        Assert.Contains("DicomWriteOptions.MaxSequenceDepth", error.Message, StringComparison.Ordinal);
        using var raised = new MemoryStream();
        await DicomFile.Create(deeper.Dataset).SaveAsync(raised, new DicomWriteOptions { MaxSequenceDepth = bound + 1 });
        Assert.Equal(bound + 1, Depth(DicomFile.Open(raised.ToArray(), new DicomReadOptions { MaxSequenceDepth = bound + 1 }).Dataset, out _));
    }

    [Fact]
    public async Task A_data_set_built_5000_deep_in_code_is_a_DicomFileException_when_saved()
    {
        DicomDataset deep = Nest(5000);
        var error = await Assert.ThrowsAsync<DicomFileException>(() => DicomFile.Create(deep).SaveAsync(Path.Combine(_folder, "deep.dcm")));
        Assert.Contains("128", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "deep.dcm")), "a data set that cannot be written leaves no file");

        // With a BulkDataURI deep inside too: the walk that resolves bulk data is bounded as well.
        DicomDataset leaf = deep;
        while (leaf.Contains(ContentSequence.Tag))
            leaf = leaf.Get(ContentSequence)[0];
        leaf.Set(new BinaryTag(new DicomTag(0x0009, 0x1010), DicomVR.OB), DicomBulkData.FromUri("https://pacs.example/bulk/1"));
        await Assert.ThrowsAsync<DicomFileException>(() => DicomFile.Create(deep).SaveAsync(new MemoryStream()));
    }

    [Fact]
    public void With_no_depth_bound_the_stack_check_still_turns_nesting_into_a_DicomFileException()
    {
        // 100,000 levels on a 1 MiB stack: without the stack check this ends the test host.
        byte[] file = Part10Bytes.File(DicomUids.ExplicitVRLittleEndian).Nested(100_000, out _).ToArray();
        DicomDataset deep = Nest(100_000);
        Exception? readError = null, writeError = null;
        var thread = new Thread(() =>
        {
            readError = Record(() => DicomFile.Open(file, new DicomReadOptions { MaxSequenceDepth = int.MaxValue }));
            writeError = Record(() => DicomFile.Create(deep).SaveAsync(new MemoryStream(), new DicomWriteOptions { MaxSequenceDepth = int.MaxValue }).GetAwaiter().GetResult());
        }, maxStackSize: 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.IsType<DicomFileException>(readError);
        Assert.Contains("stack", readError!.Message, StringComparison.Ordinal);
        Assert.IsType<DicomFileException>(writeError);
        Assert.Contains("stack", writeError!.Message, StringComparison.Ordinal);

        static Exception? Record(Action action)
        {
            try { action(); return null; }
            catch (Exception e) { return e; }
        }
    }

    [Fact]
    public void Depth_bounds_default_to_the_shared_limit_and_refuse_negative_values()
    {
        Assert.Equal(DicomLimits.DefaultMaxSequenceDepth, DicomReadOptions.Default.MaxSequenceDepth);
        Assert.Equal(DicomLimits.DefaultMaxSequenceDepth, DicomWriteOptions.Default.MaxSequenceDepth);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DicomReadOptions { MaxSequenceDepth = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DicomWriteOptions { MaxSequenceDepth = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DicomReadOptions { MaxInflatedBytes = -1 });
    }

    private static DicomDataset Nest(int levels)
    {
        DicomDataset inner = new DicomDataset().Set(PatientID, "leaf");
        for (int i = 0; i < levels; i++)
            inner = new DicomDataset().Set(ContentSequence, inner);
        return inner;
    }

    private static int Depth(DicomDataset dataset, out DicomDataset leaf)
    {
        int depth = 0;
        leaf = dataset;
        while (leaf.Contains(ContentSequence.Tag))
        {
            leaf = Assert.Single(leaf.Get(ContentSequence));
            depth++;
        }
        return depth;
    }

    // ---- bulk data ----

    private const string Passwd = "file:///etc/passwd#offset=0&length=64";

    [Fact]
    public async Task A_file_BulkDataURI_from_JSON_is_not_read_into_the_saved_file()
    {
        string secret = Path.Combine(_folder, "secret.txt");
        await File.WriteAllTextAsync(secret, "root:x:0:0:SECRET-CONTENT-OF-A-LOCAL-FILE:/root:/bin/bash\n");
        string secretUri = new Uri(secret).AbsoluteUri + "#offset=0&length=32";
        foreach (string uri in new[] { Passwd, secretUri })
        {
            DicomDataset dataset = DicomJson.Deserialize($$$"""
                {"00080018":{"vr":"UI","Value":["1.2.3"]},"00080016":{"vr":"UI","Value":["1.2.840.10008.5.1.4.1.1.7"]},
                 "7FE00010":{"vr":"OB","BulkDataURI":"{{{uri}}}"}}
                """);
            using var output = new MemoryStream();
            var error = await Assert.ThrowsAsync<DicomFileException>(() => DicomFile.Create(dataset).SaveAsync(output));
            Assert.Contains(uri, error.Message, StringComparison.Ordinal);
            Assert.Contains("BulkDataResolver", error.Message, StringComparison.Ordinal);
            Assert.Equal(PixelData.Tag, error.Tag);
            Assert.Equal(0, output.Length);
            Assert.DoesNotContain("root:", error.Message, StringComparison.Ordinal);

            // Saving to a path makes no file either.
            string path = Path.Combine(_folder, "out.dcm");
            await Assert.ThrowsAsync<DicomFileException>(() => DicomFile.Create(dataset).SaveAsync(path));
            Assert.False(File.Exists(path));
        }
    }

    [Fact]
    public async Task A_file_BulkDataURI_inside_a_sequence_item_is_not_read_either()
    {
        DicomDataset item = new DicomDataset().Set(new BinaryTag(new DicomTag(0x0009, 0x1010), DicomVR.OB), DicomBulkData.FromUri(Passwd));
        DicomDataset dataset = new DicomDataset().Set(SOPInstanceUID, "1.2.3").Set(ContentSequence, item);
        var error = await Assert.ThrowsAsync<DicomFileException>(() => DicomFile.Create(dataset).SaveAsync(new MemoryStream()));
        Assert.Contains(Passwd, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_resolver_gives_the_bytes_of_BulkDataURIs_at_any_depth()
    {
        DicomDataset item = new DicomDataset().Set(new BinaryTag(new DicomTag(0x0009, 0x1010), DicomVR.OB), DicomBulkData.FromUri("bulk/item"));
        DicomDataset dataset = new DicomDataset()
            .Set(SOPInstanceUID, "1.2.3")
            .Set(ContentSequence, item)
            .Set(new BinaryTag(PixelData.Tag, DicomVR.OW), DicomBulkData.FromUri("https://pacs.example/studies/1/bulk/pixels?token=abc"));
        var asked = new List<string>();
        var options = new DicomWriteOptions
        {
            BulkDataResolver = (uri, _) =>
            {
                asked.Add(uri);
                return ValueTask.FromResult<ReadOnlyMemory<byte>>(uri == "bulk/item" ? new byte[] { 1, 2, 3, 4 } : new byte[] { 5, 6, 7, 8 });
            },
        };
        using var output = new MemoryStream();
        await DicomFile.Create(dataset).SaveAsync(output, options);

        DicomDataset read = DicomFile.Open(output.ToArray()).Dataset;
        Assert.Equal([5, 6, 7, 8], read.GetBulkData(PixelData.Tag)!.Bytes!.Value.ToArray());
        Assert.Equal([1, 2, 3, 4], read.Get(ContentSequence)[0].GetBulkData(new DicomTag(0x0009, 0x1010))!.Bytes!.Value.ToArray());
        Assert.Equal(2, asked.Count);
        // The data set saved is unchanged: the bytes went into a copy.
        Assert.Equal(DicomValueForm.BulkDataUri, dataset.Single(e => e.Tag == PixelData.Tag).Form);

        // A resolver that refuses: its exception is the inner one, the URI is named without its query.
        var refusing = new DicomWriteOptions { BulkDataResolver = (uri, _) => throw new InvalidOperationException("not my server") };
        var error = await Assert.ThrowsAsync<DicomFileException>(() => DicomFile.Create(dataset).SaveAsync(new MemoryStream(), refusing));
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.DoesNotContain("token=abc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void URIs_in_messages_lose_user_information_and_query()
    {
        string shown = DicomFile.RedactedUri("https://user:hunter2@pacs.example/bulk/1?access_token=s3cr3t#offset=0");
        Assert.DoesNotContain("hunter2", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", shown, StringComparison.Ordinal);
        Assert.StartsWith("https://pacs.example/bulk/1?", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", DicomFile.RedactedUri("bulk/1?access_token=s3cr3t"), StringComparison.Ordinal);
        Assert.True(DicomFile.RedactedUri("x/" + new string('a', 5000)).Length < 210);
    }

    [Fact]
    public async Task Values_left_in_the_file_still_save_and_only_that_file_is_read()
    {
        DicomDataset original = SyntheticInstances.Create("1.2.3", "1.2.3.4", "1.2.3.4.5", rows: 64, columns: 64);
        string path = await SyntheticInstances.WriteFileAsync(original, _folder);
        DicomFile lazy = await DicomFile.OpenAsync(path, new DicomReadOptions { MaxValueBytesInMemory = 1024 });
        DicomBulkData reference = lazy.Dataset.Get(PixelData)!;
        Assert.Null(reference.Bytes);

        // The file itself, its DicomFile, and a new DicomFile for its data set all read the value.
        Assert.Equal(original.Get(PixelData)!.Bytes!.Value.ToArray(), (await lazy.ReadBulkDataAsync(reference)).ToArray());
        foreach (DicomFile saving in new[] { lazy, DicomFile.Create(lazy.Dataset) })
        {
            using var output = new MemoryStream();
            await saving.SaveAsync(output);
            Assert.Equal(original, DicomFile.Open(output.ToArray()).Dataset);
        }

        // Another file named in that data set is not read, nor a range outside the file.
        string other = Path.Combine(_folder, "other.bin");
        await File.WriteAllBytesAsync(other, new byte[8192]);
        foreach (string uri in new[] { Passwd, new Uri(other).AbsoluteUri + "#offset=0&length=4096", reference.Uri!.Replace("length=", "length=9", StringComparison.Ordinal) })
        {
            lazy.Dataset.Set(new BinaryTag(new DicomTag(0x0009, 0x1010), DicomVR.OB), DicomBulkData.FromUri(uri));
            var saveError = await Assert.ThrowsAsync<DicomFileException>(() => DicomFile.Create(lazy.Dataset).SaveAsync(new MemoryStream()));
            Assert.Equal(new DicomTag(0x0009, 0x1010), saveError.Tag ?? new DicomTag(0x0009, 0x1010));
            await Assert.ThrowsAsync<DicomFileException>(() => lazy.ReadBulkDataAsync(DicomBulkData.FromUri(uri)));
        }

        // A data set read in full has no file to read from at all.
        DicomFile whole = await DicomFile.OpenAsync(path);
        await Assert.ThrowsAsync<DicomFileException>(() => whole.ReadBulkDataAsync(reference));
    }

    // ---- memory ----

    [Fact]
    public void A_deflate_bomb_is_refused_at_MaxInflatedBytes_without_taking_the_memory()
    {
        // 64 MiB of zeros inside an OB value, deflated to some 64 KB.
        var body = new MemoryStream();
        using (var deflate = new DeflateStream(body, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(new byte[] { 0x09, 0x00, 0x10, 0x10, (byte)'O', (byte)'B', 0, 0, 0, 0, 0, 4 }); // (0009,1010) OB, 64 MiB
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 64; i++)
                deflate.Write(zeros);
        }
        byte[] file = [.. Part10Bytes.File(DicomUids.DeflatedExplicitVRLittleEndian).ToArray(), .. body.ToArray()];
        Assert.True(file.Length < 100_000, $"{file.Length} bytes");

        var options = new DicomReadOptions { MaxInflatedBytes = 8 * 1024 * 1024 };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DicomFileException>(() => DicomFile.Open(file, options, "bomb.dcm"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("MaxInflatedBytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("bomb.dcm", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 2 * 1024 * 1024, $"{allocated} bytes allocated to refuse it");

        // Under the bound it reads (and only then is the inflated size allocated, once).
        DicomFile read = DicomFile.Open(file, new DicomReadOptions { MaxInflatedBytes = 65 * 1024 * 1024 });
        Assert.Equal(64 * 1024 * 1024, read.Dataset.GetBulkData(new DicomTag(0x0009, 0x1010))!.Bytes!.Value.Length);
        Assert.Equal(64L * 1024 * 1024, DicomReadOptions.Default.MaxInflatedBytes);
    }

    [Fact]
    public async Task Large_values_read_to_the_same_InlineBinary_as_small_ones()
    {
        // Values over 16 KiB take the direct base64 path; in little and big endian, OB and OW.
        var random = new Random(7);
        foreach (int size in new[] { 16 * 1024 - 2, 16 * 1024 + 2, 100_002 })
        foreach (string syntax in new[] { DicomUids.ExplicitVRLittleEndian, DicomUids.ExplicitVRBigEndian })
        foreach (DicomVR vr in new[] { DicomVR.OB, DicomVR.OW })
        {
            byte[] value = new byte[size];
            random.NextBytes(value);
            DicomDataset dataset = new DicomDataset().Set(new BinaryTag(new DicomTag(0x0009, 0x1010), vr), DicomBulkData.FromBytes(value));
            using var output = new MemoryStream();
            await DicomFile.Create(dataset, syntax).SaveAsync(output);
            DicomDataset read = DicomFile.Open(output.ToArray()).Dataset;
            Assert.Equal(value, read.GetBulkData(new DicomTag(0x0009, 0x1010))!.Bytes!.Value.ToArray());
            Assert.Equal(DicomJson.Serialize(dataset), DicomJson.Serialize(read));
            Assert.Contains(Convert.ToBase64String(value), DicomJson.Serialize(read), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Lengths_beyond_the_input_are_a_DicomFileException_before_anything_is_allocated_for_them()
    {
        var cases = new Dictionary<string, byte[]>
        {
            ["element"] = Part10Bytes.File(DicomUids.ExplicitVRLittleEndian).Text(0x0010, 0x0020, "LO", "id").Header(0x7FE0, 0x0010, "OB", 0xFFFFFFF0).Raw(new byte[16]).ToArray(),
            ["sequence"] = Part10Bytes.File(DicomUids.ExplicitVRLittleEndian).Header(0x0040, 0xA730, "SQ", 0x7FFFFFF0).Item(8).Raw(new byte[8]).ToArray(),
            ["item"] = Part10Bytes.File(DicomUids.ExplicitVRLittleEndian).Header(0x0040, 0xA730, "SQ", Part10Bytes.Undefined).Item(0xFFFFFFF0).Raw(new byte[8]).ToArray(),
            ["fragment"] = Part10Bytes.File(DicomUids.ExplicitVRLittleEndian).Header(0x7FE0, 0x0010, "OB", Part10Bytes.Undefined).Item(0).Item(0xFFFFFFF0).Raw(new byte[8]).ToArray(),
            ["implicit"] = Part10Bytes.File(DicomUids.ImplicitVRLittleEndian).Header(0x0010, 0x0010, "", 0x80000000).Raw(new byte[8]).ToArray(),
            ["big endian"] = Part10Bytes.File(DicomUids.ExplicitVRBigEndian).Header(0x0009, 0x1010, "UN", 0xFFFFFFF0).Raw(new byte[8]).ToArray(),
        };
        foreach (var (name, file) in cases)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var error = Assert.Throws<DicomFileException>(() => DicomFile.Open(file, fileName: name));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 256 * 1024, $"{name}: {allocated} bytes allocated");
            Assert.InRange(error.Offset, 132, file.Length);
            Assert.Contains("remain", error.Message + (error.Message.Contains("truncated", StringComparison.Ordinal) ? " remain" : ""), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_file_over_2_GiB_is_a_DicomFileException_not_an_IOException()
    {
        string path = Path.Combine(_folder, "large.dcm");
        using (var stream = new FileStream(path, FileMode.Create))
            stream.SetLength(3L * 1024 * 1024 * 1024); // sparse: no disk is used
        var error = await Assert.ThrowsAsync<DicomFileException>(() => DicomFile.OpenAsync(path));
        Assert.Equal(path, error.FileName);
        Assert.Contains("MaxValueBytesInMemory", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DicomFileException>(() => DicomFile.OpenAsync(path, new DicomReadOptions { MaxValueBytesInMemory = 1024 }));
    }

    // ---- order ----

    [Fact]
    public void Tags_in_any_order_read_sorted_with_their_values()
    {
        const int count = 30_000;
        var order = Enumerable.Range(0, count).Reverse().ToArray();
        var shuffled = Enumerable.Range(0, count).ToArray();
        new Random(12).Shuffle(shuffled);
        foreach (int[] sequence in new[] { order, shuffled })
        {
            DicomFile file = DicomFile.Open(Distinct(sequence));
            Assert.Equal(count, file.Dataset.Count);
            Assert.True(file.Dataset.Select(e => e.Tag.Value).SequenceEqual(file.Dataset.Select(e => e.Tag.Value).Order()));
            foreach (int i in new[] { 0, 1, count / 2, count - 1 })
                Assert.Equal((uint)i, file.Dataset.Get(new NumberTag<uint>(TagOf(i), DicomVR.UL)));
        }

        static byte[] Distinct(int[] sequence)
        {
            var bytes = Part10Bytes.File(DicomUids.ExplicitVRLittleEndian);
            foreach (int i in sequence)
            {
                DicomTag tag = TagOf(i);
                bytes.Element(tag.Group, tag.Element, "UL", BitConverter.GetBytes((uint)i));
            }
            return bytes.ToArray();
        }
    }

    private static DicomTag TagOf(int i) => new((ushort)(0x0009 + 2 * (i / 0xEF00)), (ushort)(0x1000 + i % 0xEF00));

    [Fact]
    public void A_tag_twice_is_reported_at_its_second_occurrence_in_any_order()
    {
        var bytes = Part10Bytes.File(DicomUids.ExplicitVRLittleEndian)
            .Text(0x0010, 0x0020, "LO", "a")
            .Text(0x0010, 0x0010, "PN", "b");
        int second = bytes.Length;
        bytes.Text(0x0010, 0x0020, "LO", "c").Text(0x0008, 0x0060, "CS", "OT");
        var error = Assert.Throws<DicomFileException>(() => DicomFile.Open(bytes.ToArray()));
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
        Assert.Equal(second, error.Offset);
        Assert.Equal(PatientID.Tag, error.Tag);
    }

    // ---- one exception type ----

    [Fact]
    public void Malformed_meta_and_values_are_DicomFileExceptions_without_patient_data()
    {
        // A Transfer Syntax UID that is not text.
        var bytes = new Part10BytesWithoutMeta().Build();
        Assert.Throws<DicomFileException>(() => DicomFile.Open(bytes));

        // A person name with too many groups: the message names the tag, not the name.
        byte[] name = Part10Bytes.File(DicomUids.ExplicitVRLittleEndian).Text(0x0010, 0x0010, "PN", "Doe^Jane=A=B=C").ToArray();
        var error = Assert.Throws<DicomFileException>(() => DicomFile.Open(name));
        Assert.DoesNotContain("Jane", error.Message, StringComparison.Ordinal);
        Assert.Equal(PatientName.Tag, error.Tag);

        // A BulkDataURI fragment with a key twice, a stream past the reader's size: typed errors, never ArgumentException or IOException.
        Assert.Throws<DicomFileException>(() => DicomFile.Create(new DicomDataset().Set(new BinaryTag(PixelData.Tag, DicomVR.OB), DicomBulkData.FromUri("file:///x#offset=0&offset=1&length=2"))).SaveAsync(new MemoryStream()).GetAwaiter().GetResult());
    }

    /// <summary>A meta group whose Transfer Syntax UID has VR US.</summary>
    private sealed class Part10BytesWithoutMeta
    {
        public byte[] Build()
        {
            var stream = new MemoryStream();
            stream.Write(new byte[128]);
            stream.Write("DICM"u8);
            stream.Write(new byte[] { 0x02, 0x00, 0x10, 0x00, (byte)'U', (byte)'S', 2, 0, 1, 0 });
            stream.Write(new byte[] { 0x10, 0x00, 0x20, 0x00, (byte)'L', (byte)'O', 2, 0, (byte)'a', (byte)' ' });
            return stream.ToArray();
        }
    }

    // ---- round trips ----

    [Fact]
    public async Task Big_endian_data_sets_are_written_in_big_endian_and_read_back_equal()
    {
        DicomDataset dataset = SyntheticInstances.Create("1.2.3", "1.2.3.4", "1.2.3.4.5", rows: 4, columns: 4)
            .Set(SmallestImagePixelValue, (ushort)3)
            .Set(new NumberTag<short>(new DicomTag(0x0028, 0x0106), DicomVR.SS), (short)-3)
            .Set(new NumberTag<uint>(new DicomTag(0x0009, 0x1001), DicomVR.UL), 0x01020304u)
            .Set(new NumberTag<float>(new DicomTag(0x0009, 0x1002), DicomVR.FL), 1.5f)
            .Set(new NumberTag<double>(new DicomTag(0x0009, 0x1003), DicomVR.FD), -2.25)
            .Set(new AttributeTagTag(new DicomTag(0x0009, 0x1004), DicomVR.AT), new DicomTag(0x0010, 0x0020))
            .Set(new BinaryTag(new DicomTag(0x0009, 0x1005), DicomVR.OW), DicomBulkData.FromBytes(new byte[] { 1, 2, 3, 4 }))
            .Set(new BinaryTag(new DicomTag(0x0009, 0x1006), DicomVR.OF), DicomBulkData.FromBytes(BitConverter.GetBytes(1.5f)))
            .Set(ContentSequence, new DicomDataset().Set(new NumberTag<ushort>(new DicomTag(0x0009, 0x1007), DicomVR.US), (ushort)0x0102));
        using var output = new MemoryStream();
        await DicomFile.Create(dataset, DicomUids.ExplicitVRBigEndian).SaveAsync(output);
        byte[] bytes = output.ToArray();

        DicomFile read = DicomFile.Open(bytes);
        Assert.Equal(DicomUids.ExplicitVRBigEndian, read.TransferSyntaxUid);
        Assert.Equal(dataset, read.Dataset);
        // Rows (0028,0010) US 4, in big endian: tag, VR, length and value.
        Assert.True(Contains(bytes, [0x00, 0x28, 0x00, 0x10, (byte)'U', (byte)'S', 0x00, 0x02, 0x00, 0x04]));
        // OW words are swapped on the way out: 01 02 03 04 held little endian is 02 01 04 03 in the file.
        Assert.True(Contains(bytes, [0x00, 0x09, 0x10, 0x05, (byte)'O', (byte)'W', 0, 0, 0, 0, 0, 4, 2, 1, 4, 3]));

        // A file read in big endian saves as it came.
        using var again = new MemoryStream();
        await read.SaveAsync(again);
        Assert.Equal(bytes, again.ToArray());

        // Compressed pixel data has no big endian form.
        DicomDataset encapsulated = new DicomDataset().Set(new BinaryTag(PixelData.Tag, DicomVR.OB),
            DicomBulkData.FromBytes(new byte[] { 0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0, 0xFE, 0xFF, 0x00, 0xE0, 2, 0, 0, 0, 1, 2, 0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0 }));
        await Assert.ThrowsAsync<DicomFileException>(() => DicomFile.Create(encapsulated, DicomUids.ExplicitVRBigEndian).SaveAsync(new MemoryStream()));
    }

    [Fact]
    public async Task Sequences_the_dictionary_does_not_know_stay_sequences_through_every_syntax()
    {
        var unknownPublic = new DicomTag(0x0070, 0x9999);
        var privateTag = new DicomTag(0x0009, 0x1020);
        Assert.False(DicomDictionary.TryGetEntry(unknownPublic, out _));
        // An explicit VR file where they are UN of undefined length holding implicit VR items (PS3.5 6.2.2).
        byte[] file = Part10Bytes.File(DicomUids.ExplicitVRLittleEndian)
            .Text(0x0008, 0x0018, "UI", "1.2.3")
            .Text(0x0009, 0x0010, "LO", "CREATOR")
            .Header(privateTag.Group, privateTag.Element, "UN", Part10Bytes.Undefined).Item()
                .Raw([0x10, 0x00, 0x20, 0x00, 4, 0, 0, 0, (byte)'a', (byte)'b', (byte)'c', (byte)'d']).ItemEnd().SequenceEnd()
            .Header(unknownPublic.Group, unknownPublic.Element, "UN", Part10Bytes.Undefined).Item()
                .Raw([0x10, 0x00, 0x20, 0x00, 2, 0, 0, 0, (byte)'x', (byte)'y']).ItemEnd().SequenceEnd()
            .ToArray();
        DicomFile read = DicomFile.Open(file);
        AssertSequences(read.Dataset, "abcd", "xy");

        foreach (string syntax in new[] { DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian, DicomUids.ExplicitVRBigEndian, DicomUids.DeflatedExplicitVRLittleEndian })
        {
            using var output = new MemoryStream();
            await DicomFile.Create(read.Dataset, syntax).SaveAsync(output);
            AssertSequences(DicomFile.Open(output.ToArray()).Dataset, "abcd", "xy");
        }

        void AssertSequences(DicomDataset dataset, string first, string second)
        {
            foreach (var (tag, value) in new[] { (privateTag, first), (unknownPublic, second) })
            {
                DicomElement element = dataset.Single(e => e.Tag == tag);
                Assert.Equal(DicomVR.SQ, element.VR);
                Assert.Equal(DicomValueForm.Sequence, element.Form);
                Assert.Equal(value, Assert.Single(dataset.Get(new SequenceTag(tag, DicomVR.SQ))).Get(PatientID));
            }
        }
    }

    [Fact]
    public async Task Text_bytes_outside_ASCII_survive_a_save_without_Specific_Character_Set()
    {
        // As found in the wild (and in fuzzed files): Latin-1 bytes in a CS value and in a LO value, no (0008,0005).
        byte[] file = Part10Bytes.File(DicomUids.ExplicitVRLittleEndian)
            .Element(0x0008, 0x0060, "CS", [(byte)'O', 0xC9, (byte)'T', (byte)' '])
            .Element(0x0010, 0x0020, "LO", [(byte)'M', 0xFC, (byte)'l', (byte)'l', (byte)'e', (byte)'r'])
            .ToArray();
        DicomFile read = DicomFile.Open(file);
        using var output = new MemoryStream();
        await read.SaveAsync(output);
        byte[] saved = output.ToArray();
        Assert.Equal(read.Dataset, DicomFile.Open(saved).Dataset);
        Assert.True(Contains(saved, [(byte)'M', 0xFC, (byte)'l']));

        // Characters beyond Latin-1 (a DICOM JSON data set may hold any) are kept, in UTF-8.
        DicomDataset json = new DicomDataset().Set(PatientID, "山田");
        using var utf8 = new MemoryStream();
        await DicomFile.Create(json).SaveAsync(utf8);
        Assert.True(Contains(utf8.ToArray(), Encoding.UTF8.GetBytes("山田")));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
