using System.Text;
using DicomWeb.Client;
using DicomWeb.Tests;

namespace DicomWeb.Sdk.Tests.Hostile;

/// <summary>What the hostile tests share: sizes, a safety net, and a few canned bodies.</summary>
internal static class Hostile
{
    public const long GiB = 1L << 30;

    /// <summary>
    /// What a client that stops early may still have been sent: socket buffers on both ends and
    /// the handler's drain of an abandoned body are a few MiB; a client that read on would be at
    /// hundreds of MiB or more.
    /// </summary>
    public const long EarlyStop = 64L << 20;

    /// <summary>A test-level safety net: a regression fails with OperationCanceledException instead of hanging.</summary>
    public static CancellationToken Safety(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    public static readonly WadoResource Instance = Wado.Study("1.2.3").Series("1.2.3.4").Instance("1.2.3.4.5");

    /// <summary>One small QIDO result as DICOM JSON.</summary>
    public static byte[] Study(int i) => Encoding.ASCII.GetBytes($"{{\"0020000D\":{{\"vr\":\"UI\",\"Value\":[\"1.2.3.{i}\"]}}}}");

    /// <summary>A chunk of 64 KiB of one byte, for bodies generated on the fly.</summary>
    public static byte[] Filler(byte value = (byte)'A') => Enumerable.Repeat(value, 64 * 1024).ToArray();

    /// <summary>A few small Part 10 files in a folder of the test.</summary>
    public static async Task<List<string>> Files(string folder, int count)
    {
        var files = new List<string>();
        for (int i = 0; i < count; i++)
            files.Add(await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create("1.2.3", "1.2.3.4", SyntheticInstances.NewUid(), instanceNumber: i + 1, rows: 16, columns: 16), folder));
        return files;
    }
}
