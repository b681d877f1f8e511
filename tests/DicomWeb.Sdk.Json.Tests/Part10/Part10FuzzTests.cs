using System.IO.Compression;
using System.Text;
using DicomWeb.Json;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Part10;

/// <summary>
/// Randomly corrupted files (fixed seeds): bit flips, truncations, cut and repeated ranges, lying
/// length fields, deep nesting spliced in, deflated data corrupted before and after deflation. The
/// reader either reads a case or throws a <see cref="DicomFileException"/>; never another exception,
/// never a crash, and never more memory than a small multiple of the input. What reads also
/// serializes to DICOM JSON, saves, and opens again to the same data set.
/// </summary>
public sealed class Part10FuzzTests : IDisposable
{
    private const int Cases = 10_000;

    // The fuzz cases bound inflation lower than the default, so that the memory bound per case stays tight.
    private static readonly DicomReadOptions Bounded = new() { MaxInflatedBytes = 4 * 1024 * 1024 };

    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Mutated_synthetic_files_only_ever_raise_DicomFileException_and_stay_within_memory()
    {
        List<Seed> seeds = await SyntheticSeedsAsync();
        Fuzz(seeds, new Random(20261201));
    }

    [SharedDataFact("corpus/part10")]
    public void Mutated_corpus_files_only_ever_raise_DicomFileException_and_stay_within_memory()
    {
        var seeds = Directory.GetFiles(Path.Combine(RepositoryPaths.Shared, "corpus", "part10"), "*.dcm")
            .Where(p => new FileInfo(p).Length < 20_000)
            .Order(StringComparer.Ordinal)
            .Select(p => new Seed(Path.GetFileName(p), File.ReadAllBytes(p), DeflatedAt(File.ReadAllBytes(p))))
            .ToList();
        Fuzz(seeds, new Random(20261125));
    }

    private sealed record Seed(string Name, byte[] Bytes, int DeflatedAt);

    // Synchronous throughout: the allocation counter is the thread's, so a case must not change threads.
    private void Fuzz(List<Seed> seeds, Random random)
    {
        int failures = 0, successes = 0, saved = 0;
        var unexpected = new List<string>();
        for (int i = 0; i < Cases; i++)
        {
            Seed seed = seeds[random.Next(seeds.Count)];
            (byte[] data, string mutation) = Mutate(seed, random);
            DicomReadOptions options = (i % 10) switch
            {
                0 => Bounded with { StopBeforePixelData = true },
                1 => Bounded with { FileMetaInformationOnly = true },
                _ => Bounded,
            };
            string name = $"case {i} ({seed.Name}, {mutation})";
            // Values become base64 JSON and slots: a few times the input, plus inflation when deflated.
            long bound = 16L * data.Length + (seed.DeflatedAt > 0 ? 2 * Bounded.MaxInflatedBytes : 0) + 1024 * 1024;
            long before = GC.GetAllocatedBytesForCurrentThread();
            void CheckMemory()
            {
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated > bound)
                    unexpected.Add($"{name}: {allocated} bytes allocated for {data.Length} bytes of input");
            }
            try
            {
                DicomFile file = i % 50 == 2 ? OpenMapped(data, i) : DicomFile.Open(data, options, name);
                CheckMemory();
                successes++;
                _ = DicomJson.SerializeToUtf8Bytes(file.Dataset);
                if (file.IsComplete && i % 4 == 0)
                {
                    // Whatever opens also saves, and what is saved opens again to the same data set
                    // (values of odd length gain their padding byte; mapped values come back inline).
                    using var output = new MemoryStream();
                    file.SaveAsync(output).GetAwaiter().GetResult();
                    DicomFile again = DicomFile.Open(output.ToArray(), Bounded, name + " saved");
                    if (i % 50 != 2 && !SameButPadding(file.Dataset, again.Dataset))
                        unexpected.Add($"{name}: saved and read again, the data set differs");
                    saved++;
                }
            }
            catch (DicomFileException)
            {
                CheckMemory();
                failures++;
            }
            catch (Exception e)
            {
                unexpected.Add($"{name}: {e.GetType().Name}: {e.Message}\n{e.StackTrace?.Split('\n').FirstOrDefault()}");
            }
        }
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} cases went wrong:\n{string.Join("\n", unexpected.Take(6))}");
        Assert.True(failures > Cases / 10 && successes > Cases / 10, $"{failures} failed, {successes} read: the mutations should produce both");
        Assert.True(saved > Cases / 40, $"only {saved} saved");
    }

    /// <summary>Equal element by element, but that a binary value of odd length may have gained its padding byte (PS3.5 7.1.1).</summary>
    private static bool SameButPadding(DicomDataset read, DicomDataset again)
    {
        if (read.Count != again.Count)
            return false;
        ReadOnlySpan<ElementSlot> a = read.Slots, b = again.Slots;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i].Tag != b[i].Tag || a[i].VR != b[i].VR || a[i].Form != b[i].Form)
                return false;
            if (a[i].Form == DicomValueForm.Sequence)
            {
                if (a[i].Items!.Length != b[i].Items!.Length)
                    return false;
                for (int j = 0; j < a[i].Items!.Length; j++)
                {
                    if (!SameButPadding(a[i].Items![j], b[i].Items![j]))
                        return false;
                }
            }
            else if (a[i].Form == DicomValueForm.InlineBinary)
            {
                byte[] x = Convert.FromBase64String(Encoding.ASCII.GetString(a[i].Json[1..^1])), y = Convert.FromBase64String(Encoding.ASCII.GetString(b[i].Json[1..^1]));
                if (!x.AsSpan().SequenceEqual(y) && !(x.Length % 2 == 1 && y.Length == x.Length + 1 && y[^1] is 0 or (byte)' ' && y.AsSpan(0, x.Length).SequenceEqual(x)))
                    return false;
            }
            else if (!a[i].Json.SequenceEqual(b[i].Json))
            {
                return false;
            }
        }
        return true;
    }

    private DicomFile OpenMapped(byte[] data, int i)
    {
        string path = Path.Combine(_folder, $"case{i}.dcm");
        File.WriteAllBytes(path, data);
        // Opening with a value size limit maps the file and completes synchronously.
        return DicomFile.OpenAsync(path, Bounded with { MaxValueBytesInMemory = 64 }).GetAwaiter().GetResult();
    }

    private static (byte[] Data, string Mutation) Mutate(Seed seed, Random random)
    {
        byte[] data = (byte[])seed.Bytes.Clone();
        int kind = random.Next(9);
        switch (kind)
        {
            case 0:
                return (data[..random.Next(data.Length)], "truncated");
            case 1:
                for (int n = random.Next(1, 8); n > 0; n--)
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                return (data, "bit flips");
            case 2:
                for (int n = random.Next(1, 8); n > 0; n--)
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                return (data, "bytes set");
            case 3:
            {
                // A length field: four bytes at an even offset become a hostile length.
                int at = random.Next(data.Length / 2) * 2;
                uint length = random.Next(5) switch
                {
                    0 => 0xFFFFFFFF,
                    1 => 0x7FFFFFFF,
                    2 => (uint)(data.Length - at + random.Next(-4, 4)),
                    3 => (uint)random.Next(),
                    _ => 0xFFFFFFF0,
                };
                for (int k = 0; k < 4 && at + k < data.Length; k++)
                    data[at + k] = (byte)(length >> (8 * k));
                return (data, $"length {length:X8} at {at}");
            }
            case 4:
            {
                int from = random.Next(data.Length), count = random.Next(1, Math.Max(2, data.Length - from));
                return ([.. data[..from], .. data[Math.Min(data.Length, from + count)..]], "range cut");
            }
            case 5:
            {
                // A range repeated: tags twice and out of order.
                int from = random.Next(data.Length), count = random.Next(1, Math.Min(512, data.Length - from) + 1);
                int to = random.Next(data.Length);
                return ([.. data[..to], .. data.AsSpan(from, Math.Min(count, data.Length - from)), .. data[to..]], "range repeated");
            }
            case 6:
            {
                // Deep nesting spliced in at an even offset, or in place of the data set.
                int levels = random.Next(2) == 0 ? random.Next(100, 200) : random.Next(1000, 6000);
                byte[] nested = NestedBody(levels, seed.Bytes.Length > 0 && IsImplicit(seed));
                int at = random.Next(3) == 0 ? Math.Max(0, seed.DeflatedAt) : random.Next(data.Length / 2) * 2;
                return ([.. data[..at], .. nested, .. data[at..]], $"{levels} levels at {at}");
            }
            case 7 when seed.DeflatedAt > 0:
            {
                // The inflated data set corrupted, then deflated again: the reader sees it after inflation.
                byte[] inflated = Inflate(data.AsSpan(seed.DeflatedAt));
                var inner = new Seed(seed.Name, inflated, -1);
                (byte[] corrupted, string mutation) = Mutate(inner, random);
                return ([.. data[..seed.DeflatedAt], .. Deflate(corrupted)], "deflated " + mutation);
            }
            default:
            {
                // Two ranges swapped: elements out of order, or headers in the middle of values.
                int a = random.Next(data.Length), b = random.Next(data.Length);
                (a, b) = (Math.Min(a, b), Math.Max(a, b));
                int length = random.Next(1, Math.Max(2, Math.Min(256, b - a)));
                if (b + length > data.Length || a + length > b)
                    return (data, "unchanged");
                byte[] first = data[a..(a + length)], second = data[b..(b + length)];
                second.CopyTo(data, a);
                first.CopyTo(data, b);
                return (data, "ranges swapped");
            }
        }
    }

    private static bool IsImplicit(Seed seed) => seed.Bytes.AsSpan().IndexOf("1.2.840.10008.1.2\0"u8) >= 0;

    private static byte[] NestedBody(int levels, bool implicitVR)
    {
        var file = Part10Bytes.File(implicitVR ? DicomUids.ImplicitVRLittleEndian : DicomUids.ExplicitVRLittleEndian);
        int meta = file.Length;
        return file.Nested(levels, out _).ToArray()[meta..];
    }

    /// <summary>Where the deflated data set starts: after the meta group of a deflated file; -1 for others.</summary>
    private static int DeflatedAt(byte[] file)
    {
        try
        {
            DicomFile meta = DicomFile.Open(file, new DicomReadOptions { FileMetaInformationOnly = true });
            if (meta.TransferSyntaxUid != DicomUids.DeflatedExplicitVRLittleEndian)
                return -1;
            // The meta group ends where group 0002 ends: walk its explicit VR little endian headers.
            int position = 132;
            while (position + 8 <= file.Length && BitConverter.ToUInt16(file, position) == 0x0002)
            {
                bool longLength = file[position + 4] is (byte)'O' or (byte)'S' or (byte)'U' && file[position + 5] is (byte)'B' or (byte)'W' or (byte)'Q' or (byte)'N' or (byte)'T' or (byte)'C' or (byte)'R';
                position += longLength ? 12 + (int)BitConverter.ToUInt32(file, position + 8) : 8 + BitConverter.ToUInt16(file, position + 6);
            }
            return position;
        }
        catch (DicomFileException)
        {
            return -1;
        }
    }

    private static byte[] Inflate(ReadOnlySpan<byte> deflated)
    {
        try
        {
            using var inflate = new DeflateStream(new MemoryStream(deflated.ToArray()), CompressionMode.Decompress);
            using var output = new MemoryStream();
            inflate.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return [];
        }
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
            deflate.Write(data);
        return output.ToArray();
    }

    /// <summary>Files of every encoding the writer makes, and some it does not (hand-made sequences).</summary>
    private static async Task<List<Seed>> SyntheticSeedsAsync()
    {
        DicomDataset Instance() => SyntheticInstances.Create("1.2.3", "1.2.3.4", "1.2.3.4.5", rows: 8, columns: 8, customize: d => d
            .Set(ImageType, "ORIGINAL", "PRIMARY")
            .Set(PixelSpacing, 0.5, 0.5)
            .Set(new NumberTag<float>(new DicomTag(0x0009, 0x1002), DicomVR.FL), 1.5f, -2f)
            .Set(new AttributeTagTag(new DicomTag(0x0009, 0x1004), DicomVR.AT), PatientID.Tag)
            .Set(ReferencedSeriesSequence,
                new DicomDataset().Set(SeriesInstanceUID, "1.2.3.4").Set(ReferencedInstanceSequence, new DicomDataset().Set(ReferencedSOPInstanceUID, "1.2.3.4.6")),
                new DicomDataset().Set(SeriesInstanceUID, "1.2.3.5"))
            .Set(new SequenceTag(new DicomTag(0x0009, 0x1030), DicomVR.SQ), new DicomDataset().Set(PatientID, "in private")));
        var seeds = new List<Seed>();
        foreach (string syntax in new[] { DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian, DicomUids.ExplicitVRBigEndian, DicomUids.DeflatedExplicitVRLittleEndian })
        foreach (bool undefined in new[] { false, true })
        {
            using var stream = new MemoryStream();
            await DicomFile.Create(Instance(), syntax).SaveAsync(stream, new DicomWriteOptions { SequencesWithUndefinedLength = undefined });
            byte[] bytes = stream.ToArray();
            seeds.Add(new Seed($"{syntax}{(undefined ? " undefined" : "")}", bytes, DeflatedAt(bytes)));
        }
        // Encapsulated pixel data: an empty offset table and two fragments.
        DicomDataset encapsulated = Instance().Set(new BinaryTag(PixelData.Tag, DicomVR.OB), DicomBulkData.FromBytes(new byte[]
        {
            0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0,
            0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 1, 2, 3, 4,
            0xFE, 0xFF, 0x00, 0xE0, 2, 0, 0, 0, 5, 6,
            0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0,
        }));
        using (var stream = new MemoryStream())
        {
            await DicomFile.Create(encapsulated, DicomUids.RLELossless).SaveAsync(stream);
            seeds.Add(new Seed("encapsulated", stream.ToArray(), -1));
        }
        // Hand-made: a UN sequence of undefined length with implicit VR items, and nesting at the bound.
        seeds.Add(new Seed("UN sequence", Part10Bytes.File(DicomUids.ExplicitVRLittleEndian)
            .Text(0x0009, 0x0010, "LO", "CREATOR")
            .Header(0x0009, 0x1020, "UN", Part10Bytes.Undefined).Item()
            .Raw([0x10, 0x00, 0x20, 0x00, 4, 0, 0, 0, (byte)'a', (byte)'b', (byte)'c', (byte)'d']).ItemEnd().SequenceEnd()
            .Text(0x0010, 0x0010, "PN", "Doe^Jane")
            .ToArray(), -1));
        seeds.Add(new Seed("nested 128", Part10Bytes.File(DicomUids.ExplicitVRLittleEndian).Nested(DicomLimits.DefaultMaxSequenceDepth, out _).ToArray(), -1));
        return seeds;
    }
}
