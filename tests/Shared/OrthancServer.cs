using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DicomWeb.Tests;

/// <summary>
/// A real Orthanc with its DICOMweb plugin (Debian's orthanc and orthanc-dicomweb), started on a
/// free loopback port with its own config and temporary storage (no DICOM port), and stopped at
/// the end. Used by the tests (through OrthancFixture) and by the benchmarks.
/// </summary>
public class OrthancServer : IAsyncDisposable
{
    private const string Executable = "/usr/sbin/Orthanc";
    private const string Plugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-orthanc-").FullName;
    private readonly IReadOnlyDictionary<string, string>? _registeredUsers;
    private Process? _process;

    /// <summary>
    /// An Orthanc without authentication, or with <paramref name="registeredUsers"/> (user name to
    /// password): then "AuthenticationEnabled" is true and every request needs HTTP basic credentials
    /// (the harness's own requests send the first user's).
    /// </summary>
    public OrthancServer(IReadOnlyDictionary<string, string>? registeredUsers = null)
    {
        if (registeredUsers is { Count: 0 })
            throw new ArgumentException("Give at least one user, or none at all.", nameof(registeredUsers));
        _registeredUsers = registeredUsers;
    }

    public int Port { get; private set; }

    /// <summary>The DICOMweb root, e.g. http://127.0.0.1:40123/dicom-web/.</summary>
    public Uri DicomWebRoot => new($"http://127.0.0.1:{Port}/dicom-web/");

    /// <summary>Orthanc's own REST API root.</summary>
    public Uri RestRoot => new($"http://127.0.0.1:{Port}/");

    public HttpClient CreateClient() => Authorized(new HttpClient { BaseAddress = DicomWebRoot, Timeout = TimeSpan.FromSeconds(60) });

    // The harness's own requests (start probe, uploads) log in as the first registered user.
    private HttpClient Authorized(HttpClient http)
    {
        if (_registeredUsers is null)
            return http;
        (string user, string password) = _registeredUsers.First();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(user + ":" + password)));
        return http;
    }

    public async Task StartAsync()
    {
        if (!File.Exists(Executable) || !File.Exists(Plugin))
            throw new InvalidOperationException($"{Executable} or {Plugin} is missing: the test command (tests/run-all.sh) installs orthanc and orthanc-dicomweb.");
        Port = FreePort();
        string storage = Path.Combine(_folder, "storage");
        string config = Path.Combine(_folder, "orthanc.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Name": "DicomWebTests",
              "StorageDirectory": "{{storage}}",
              "IndexDirectory": "{{storage}}",
              "HttpPort": {{Port}},
              "DicomServerEnabled": false,
              "RemoteAccessAllowed": false,
              "AuthenticationEnabled": {{(_registeredUsers is null ? "false" : "true")}},
              "RegisteredUsers": {{System.Text.Json.JsonSerializer.Serialize(_registeredUsers ?? new Dictionary<string, string>())}},
              "HttpTimeout": 60,
              "Plugins": [ "{{Plugin}}" ],
              "DicomWeb": { "Enable": true, "Root": "/dicom-web/", "EnableWado": true, "Ssl": false }
            }
            """);
        _process = Process.Start(new ProcessStartInfo(Executable, [config])
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = Authorized(new HttpClient { Timeout = TimeSpan.FromSeconds(2) });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Orthanc exited with code {_process.ExitCode} at start (config {config}).");
            try
            {
                using var response = await http.GetAsync(new Uri(RestRoot, "system"));
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Orthanc did not answer on port {Port} within 30 s.");
    }

    /// <summary>Stores a Part 10 file through Orthanc's REST API (not DICOMweb), for tests that need data in place.</summary>
    public async Task UploadAsync(string path) => await UploadAsync(await File.ReadAllBytesAsync(path), path);

    /// <summary>Stores Part 10 bytes through Orthanc's REST API.</summary>
    public async Task UploadAsync(byte[] part10, string what = "the instance")
    {
        using var http = Authorized(new HttpClient());
        using var content = new ByteArrayContent(part10);
        using var response = await http.PostAsync(new Uri(RestRoot, "instances"), content);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Orthanc refused {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The Part 10 file Orthanc stores for an instance (REST /instances/{id}/file), found by its SOP Instance UID.</summary>
    public async Task<byte[]> GetStoredFileAsync(string sopInstanceUid)
    {
        using var http = Authorized(new HttpClient { BaseAddress = RestRoot });
        using var lookup = await http.PostAsync("tools/lookup", new StringContent(sopInstanceUid));
        string found = await lookup.Content.ReadAsStringAsync();
        using var json = System.Text.Json.JsonDocument.Parse(found);
        string id = json.RootElement.EnumerateArray().Single(e => e.GetProperty("Type").GetString() == "Instance").GetProperty("ID").GetString()!;
        return await http.GetByteArrayAsync($"instances/{id}/file");
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process?.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
