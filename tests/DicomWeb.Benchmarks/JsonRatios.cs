using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DicomWeb.Json;

namespace DicomWeb.Benchmarks;

/// <summary>
/// A quick look at the DICOM JSON readers against the Utf8JsonReader floor, in one process, after
/// a warm-up past tiered compilation: `--json-ratios [corpus words]`. Medians of short rounds, for
/// development; the figures in docs/benchmarks.md come from the BenchmarkDotNet runs.
/// </summary>
internal static class JsonRatios
{
    public static async Task<int> RunAsync(string[] words)
    {
        if (words is ["trace", string what, .. var traced])
        {
            // A loop for a profiler (perf record with DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0):
            // `trace read|typed|stream CORPUS-WORD`, 20 s of that reader over the corpus named.
            byte[] traceJson = Corpus.Get(Corpus.Names.First(n => traced.Length == 0 || n.Contains(traced[0], StringComparison.OrdinalIgnoreCase))).Json;
            Func<long> pass = what switch
            {
                "read" => () => DicomJson.DeserializeArray(traceJson).Count,
                "typed" => () => DicomJson.DeserializeArray<StudyFive>(traceJson).Count,
                _ => () => Stream(traceJson).GetAwaiter().GetResult(),
            };
            for (var clock = Stopwatch.StartNew(); clock.Elapsed.TotalSeconds < 20;)
                pass();
            return 0;
        }
        foreach (string name in Corpus.Names.Where(n => words.Length == 0 || words.Any(w => n.Contains(w, StringComparison.OrdinalIgnoreCase))))
        {
            byte[] json = Corpus.Get(name).Json;
            double floor = Median(() => ReaderPass(json));
            double read = Median(() => DicomJson.DeserializeArray(json).Count);
            double typed = Median(() => DicomJson.DeserializeArray<StudyFive>(json).Count);
            double stream = Median(() => Stream(json).GetAwaiter().GetResult());
            double streamFloor = Median(() => DicomJsonBenchmarks.StreamPass(json));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-40} {json.Length / 1e6,6:F2} MB  floor {floor * 1e3,8:F3} ms  read {read / floor,5:F2} ({floor / read * 100,4:F0} %)  typed {typed / floor,5:F2}  typed stream {stream / floor,5:F2} (stream floor {streamFloor / floor,4:F2}, {stream / streamFloor,4:F2} of it)"));
        }
        await Task.CompletedTask;
        return 0;
    }

    private static long ReaderPass(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        long sum = 0;
        while (reader.Read())
            sum += reader.ValueSpan.Length;
        return sum;
    }

    private static async Task<int> Stream(byte[] json)
    {
        int count = 0;
        await foreach (StudyFive _ in DicomJson.DeserializeAsyncEnumerable<StudyFive>(new MemoryStream(json, writable: false)))
            count++;
        return count;
    }

    /// <summary>Seconds per call: a warm-up of 2 s (tier-1 code by then), then the median of 15 rounds of about 100 ms.</summary>
    private static double Median(Func<long> action)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (clock.Elapsed.TotalSeconds < 2)
        {
            action();
            calls++;
        }
        int perRound = Math.Max(1, (int)(calls / 20.0));
        var rounds = new double[15];
        for (int i = 0; i < rounds.Length; i++)
        {
            clock.Restart();
            for (int n = 0; n < perRound; n++)
                action();
            rounds[i] = clock.Elapsed.TotalSeconds / perRound;
        }
        Array.Sort(rounds);
        return rounds[rounds.Length / 2];
    }

    private static double Median(Func<int> action) => Median(() => (long)action());
}
