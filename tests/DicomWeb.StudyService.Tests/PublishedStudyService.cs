using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DicomWeb.Tests;

namespace DicomWeb.StudyService.Tests;

/// <summary>
/// samples/StudyService published once with Native AOT (linux-x64, net9.0) for all the test
/// classes of <see cref="StudyServiceCollection"/>, a test Orthanc with a few synthetic studies, and the binary running in front of it
/// (configured only through environment variables, as in a container).
/// </summary>
public sealed class PublishedStudyService : IAsyncLifetime
{
    public const string PatientId = "SVC-PATIENT-1";
    public const string OtherPatientId = "SVC-PATIENT-2";

    private readonly string _output = Directory.CreateTempSubdirectory("dicomweb-study-service-").FullName;
    private readonly List<Process> _started = [];

    public OrthancServer Orthanc { get; } = new();

    /// <summary>Everything dotnet publish printed.</summary>
    public string PublishOutput { get; private set; } = "";

    public string Binary => Path.Combine(_output, "StudyService");

    public string OutputFolder => _output;

    /// <summary>The service started by the fixture, in front of Orthanc.</summary>
    public ServiceProcess Service { get; private set; } = null!;

    /// <summary>The studies the fixture stored: (study UID, series UID, instance UID, modality, date).</summary>
    public IReadOnlyList<(string Study, string Series, string Instance, string Modality, DateOnly Date)> Stored { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Orthanc.StartAsync();
        var stored = new List<(string, string, string, string, DateOnly)>();
        (string Modality, DateOnly Date, string Patient)[] studies =
        [
            ("CT", new DateOnly(2025, 1, 10), PatientId),
            ("MR", new DateOnly(2025, 1, 20), PatientId),
            ("CT", new DateOnly(2025, 2, 5), PatientId),
            ("CT", new DateOnly(2025, 1, 12), OtherPatientId),
        ];
        foreach (var (modality, date, patient) in studies)
        {
            string study = SyntheticInstances.NewUid(), series = SyntheticInstances.NewUid(), instance = SyntheticInstances.NewUid();
            DicomDataset dataset = SyntheticInstances.Create(study, series, instance, patientName: "Doe^Jane", patientId: patient, modality: modality, studyDate: date,
                customize: d => d.Set(DicomTags.StudyDescription, $"{modality} study of {date:yyyy-MM-dd}").Set(DicomTags.SeriesDescription, $"{modality} series").Set(DicomTags.SeriesNumber, 7));
            using var part10 = new MemoryStream();
            await DicomFile.Create(dataset).SaveAsync(part10);
            await Orthanc.UploadAsync(part10.ToArray());
            stored.Add((study, series, instance, modality, date));
        }
        Stored = stored;

        PublishOutput = DotnetCli.Run(RepositoryPaths.Root, null, "dotnet", "publish", Path.Combine("samples", "StudyService"),
            "-c", "Release", "-r", "linux-x64", "-o", _output, "-p:TreatWarningsAsErrors=false", "-v", "n")
            .ShouldSucceed("dotnet publish of samples/StudyService").Output;

        Service = Start(new Dictionary<string, string> { ["DicomWeb__BaseAddress"] = Orthanc.DicomWebRoot.AbsoluteUri });
        await Service.WaitForOkAsync("healthz", TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Starts the binary (or <paramref name="binary"/>, a copy elsewhere) on a free loopback port
    /// with <paramref name="environment"/> (ASPNETCORE_URLS among them overrides the port), from
    /// <paramref name="workingDirectory"/> (the binary's folder by default); stopped with the fixture.
    /// </summary>
    public ServiceProcess Start(IReadOnlyDictionary<string, string> environment, string? workingDirectory = null, string? binary = null, params string[] arguments)
    {
        int port = FreePort();
        var start = new ProcessStartInfo(binary ?? Binary) { WorkingDirectory = workingDirectory ?? _output, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var process = new Process { StartInfo = start };
        var log = new System.Text.StringBuilder();
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (log)
            {
                log.AppendLine(e.Data);
                errors.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_started)
            _started.Add(process);
        return new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}/"), log, errors);
    }

    public async Task DisposeAsync()
    {
        foreach (Process process in _started)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            process.Dispose();
        }
        await Orthanc.DisposeAsync();
        Directory.Delete(_output, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A running StudyService binary: its process, its root URL and what it printed.</summary>
public sealed class ServiceProcess(Process process, Uri root, System.Text.StringBuilder log, System.Text.StringBuilder errors)
{
    public Process Process { get; } = process;

    public Uri Root { get; } = root;

    /// <summary>Everything it printed, stdout and stderr, in order.</summary>
    public string Log { get { lock (log) return log.ToString(); } }

    /// <summary>What it printed on stderr only.</summary>
    public string Errors { get { lock (log) return errors.ToString(); } }

    /// <summary>Waits for the process to end (all its output read) and returns its exit code.</summary>
    public int WaitForExit(TimeSpan within)
    {
        if (!Process.WaitForExit(within))
            throw new TimeoutException($"StudyService still runs after {within}:\n{Log}");
        Process.WaitForExit();
        return Process.ExitCode;
    }

    /// <summary>Waits until the log holds <paramref name="text"/> (log lines are written after the answer).</summary>
    public async Task<string> WaitForLogAsync(string text, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!Log.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        return Log;
    }

    public HttpClient CreateClient() => new() { BaseAddress = Root, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Polls <paramref name="path"/> until it answers 200 (polling every 2 ms, so start-up is timed closely).</summary>
    public async Task WaitForOkAsync(string path, TimeSpan within)
    {
        using var http = new HttpClient { BaseAddress = Root, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited)
                throw new InvalidOperationException($"StudyService exited with {Process.ExitCode}:\n{Log}");
            try
            {
                using var response = await http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(2);
        }
        throw new TimeoutException($"StudyService did not answer 200 on {path} within {within}:\n{Log}");
    }
}

/// <summary>The test classes that share one published binary (one publish per run: it takes minutes).</summary>
[CollectionDefinition(Name)]
public sealed class StudyServiceCollection : ICollectionFixture<PublishedStudyService>
{
    public const string Name = "Published StudyService";
}
