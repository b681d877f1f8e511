using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DicomWeb.Client;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Benchmarks;

/// <summary>
/// The Native AOT StudyService (samples/StudyService), measured as docs/benchmarks.md reports it:
/// binary size, process start to the first 200, resident set after 1,000 searches, and sequential
/// throughput (one curl process, one kept-alive connection) through the service, straight to
/// Orthanc, and for a request the service refuses before any upstream call. Figures are printed,
/// never asserted: they belong to the machine. Moved here from the service's tests (issue #25).
/// </summary>
public static class StudyServiceMeasure
{
    private const string Patient = "BENCH-SVC-1";
    private const int Requests = 1000;

    /// <summary>--study-service [published folder]: publishes the service first unless given a folder holding it.</summary>
    public static async Task<int> RunAsync(string? published)
    {
        string folder = published ?? Publish();
        string binary = Path.Combine(folder, "StudyService");
        await using var orthanc = new OrthancServer();
        await orthanc.StartAsync();
        foreach (var (modality, date) in new[] { ("CT", new DateOnly(2025, 1, 10)), ("MR", new DateOnly(2025, 1, 20)), ("CT", new DateOnly(2025, 2, 5)) })
        {
            DicomDataset dataset = SyntheticInstances.Create(SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), SyntheticInstances.NewUid(),
                patientName: "Doe^Jane", patientId: Patient, modality: modality, studyDate: date,
                customize: d => d.Set(StudyDescription, $"{modality} study").Set(SeriesNumber, 7));
            using var part10 = new MemoryStream();
            await DicomFile.Create(dataset).SaveAsync(part10);
            await orthanc.UploadAsync(part10.ToArray());
        }

        int port = FreePort();
        var start = new ProcessStartInfo(binary) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["DicomWeb__BaseAddress"] = orthanc.DicomWebRoot.AbsoluteUri;
        var clock = Stopwatch.StartNew();
        using Process service = Process.Start(start)!;
        service.OutputDataReceived += (_, _) => { };
        service.ErrorDataReceived += (_, _) => { };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        try
        {
            var root = new Uri($"http://127.0.0.1:{port}/");
            await WaitForOkAsync(root, service);
            TimeSpan firstOk = clock.Elapsed;

            QidoQuery same = Qido.Studies().Where(PatientID.Is(Patient))
                .Include(StudyInstanceUID, StudyDate, StudyDescription, ModalitiesInStudy, NumberOfStudyRelatedInstances, PatientName).Limit(1000);
            Uri through = new(root, $"patients/{Patient}/studies");
            Uri direct = new(orthanc.DicomWebRoot, same.ToString());
            Uri refused = new(root, $"patients/{Patient}/studies?modality=bad");
            Curl(through, 20);
            Curl(direct, 20);
            TimeSpan viaService = Curl(through, Requests);
            long rss = Proc(service, "VmRSS:"), peak = Proc(service, "VmHWM:");
            TimeSpan straight = Curl(direct, Requests);
            TimeSpan floor = Curl(refused, Requests, "400");

            long size = new FileInfo(binary).Length;
            Console.WriteLine($"published binary: {size / 1024.0 / 1024.0:F1} MB ({size} bytes)");
            Console.WriteLine($"process start to first 200 (GET /healthz, upstream search included): {firstOk.TotalMilliseconds:F0} ms");
            Console.WriteLine($"RSS after {Requests} GET /patients/{{id}}/studies: {rss / 1024.0:F1} MB (peak {peak / 1024.0:F1} MB)");
            Console.WriteLine($"GET /patients/{{id}}/studies through StudyService: {Rate(viaService)}");
            Console.WriteLine($"the same QIDO straight to Orthanc:               {Rate(straight)}");
            Console.WriteLine($"the service refusing the request (no upstream call): {Rate(floor)}");
            Console.WriteLine($"added by the service per request: {(viaService - straight).TotalMilliseconds / Requests:F2} ms");
            return 0;
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            service.WaitForExit(10_000);
            if (published is null)
                Directory.Delete(folder, recursive: true);
        }
    }

    private static string Rate(TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{Requests / elapsed.TotalSeconds:F0} requests/s ({elapsed.TotalMilliseconds / Requests:F2} ms each)");

    private static string Publish()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "DicomWeb.sln")))
            root = Path.GetDirectoryName(root.TrimEnd('/')) ?? throw new InvalidOperationException("no DicomWeb.sln above the benchmarks");
        string output = Directory.CreateTempSubdirectory("dicomweb-study-service-bench-").FullName;
        Console.WriteLine($"publishing samples/StudyService (Native AOT) to {output} ...");
        var (code, text) = Run(root, "dotnet", "publish", Path.Combine("samples", "StudyService"), "-c", "Release", "-r", "linux-x64", "-o", output, "-p:TreatWarningsAsErrors=false", "-v", "q", "-nologo");
        if (code != 0)
            throw new InvalidOperationException($"dotnet publish exited with {code}:\n{text}");
        return output;
    }

    /// <summary>Fetches <paramref name="url"/> <paramref name="count"/> times from one curl process (one kept-alive connection), every answer <paramref name="status"/>.</summary>
    private static TimeSpan Curl(Uri url, int count, string status = "200")
    {
        string config = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(config, Enumerable.Range(0, count).SelectMany(_ => new[] { $"url = \"{url.AbsoluteUri}\"", "output = \"/dev/null\"" }));
            var clock = Stopwatch.StartNew();
            var (code, text) = Run(Path.GetTempPath(), "curl", "-s", "-K", config, "-w", "%{http_code}\\n");
            clock.Stop();
            string[] codes = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (code != 0 || codes.Length != count || codes.Any(c => c != status))
                throw new InvalidOperationException($"curl {count} x {url}: exit {code}, {codes.Length} answers, not all {status}");
            return clock.Elapsed;
        }
        finally
        {
            File.Delete(config);
        }
    }

    private static (int Code, string Output) Run(string folder, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private static async Task WaitForOkAsync(Uri root, Process service)
    {
        using var http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (service.HasExited)
                throw new InvalidOperationException($"StudyService exited with {service.ExitCode}");
            try
            {
                using HttpResponseMessage response = await http.GetAsync("healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(2);
        }
        throw new TimeoutException("StudyService did not answer 200 on /healthz within 30 s");
    }

    private static long Proc(Process process, string field)
    {
        string line = File.ReadLines($"/proc/{process.Id}/status").Single(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
