using DicomWeb.Tests;

namespace DicomWeb.Sdk.Json.Tests.Part10;

/// <summary>
/// Randomly corrupted and truncated files (fixed seed): the reader either reads them or throws a
/// DicomFileException, never another exception, and never hangs.
/// </summary>
public class Part10FuzzTests
{
    [SharedDataFact("corpus/part10")]
    public void Corrupted_and_truncated_files_only_ever_raise_DicomFileException()
    {
        var seeds = Directory.GetFiles(Path.Combine(RepositoryPaths.Shared, "corpus", "part10"), "*.dcm")
            .Where(p => new FileInfo(p).Length < 20_000)
            .Select(File.ReadAllBytes)
            .ToList();
        var random = new Random(20261125);
        int cases = 0, failures = 0, successes = 0;
        var unexpected = new List<string>();
        for (int i = 0; i < 4000; i++)
        {
            byte[] original = seeds[random.Next(seeds.Count)];
            byte[] data = Mutate(original, random);
            cases++;
            try
            {
                DicomFile file = DicomFile.Open(data, fileName: $"case {i}");
                successes++;
                // Whatever reads must also serialize: no half-valid state inside the data set.
                _ = DicomWeb.Json.DicomJson.SerializeToUtf8Bytes(file.Dataset);
            }
            catch (DicomFileException)
            {
                failures++;
            }
            catch (Exception e)
            {
                if (unexpected.Count < 5)
                    unexpected.Add($"case {i}: {e.GetType().Name}: {e.Message}\n{e.StackTrace?.Split('\n').FirstOrDefault()}");
                else
                    unexpected.Add("...");
            }
        }
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} cases raised something else:\n{string.Join("\n", unexpected.Take(6))}");
        Assert.Equal(4000, cases);
        Assert.True(failures > 500 && successes > 500, $"{failures} failed, {successes} read: the mutations should produce both");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] data = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0: // truncate
                return data[..random.Next(data.Length)];
            case 1: // flip bytes
                for (int n = random.Next(1, 8); n > 0; n--)
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                return data;
            case 2: // corrupt a length field near an element header: four random bytes at a random even offset
                int at = random.Next(data.Length / 2) * 2;
                for (int k = 0; k < 4 && at + k < data.Length; k++)
                    data[at + k] = (byte)random.Next(256);
                return data;
            default: // splice: cut a random range out
                int from = random.Next(data.Length), length = random.Next(1, Math.Max(2, data.Length - from));
                return [.. data[..from], .. data[Math.Min(data.Length, from + length)..]];
        }
    }
}
