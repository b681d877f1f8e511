using System.Diagnostics;
using DicomWeb.Client;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Server.Tests;

/// <summary>`dicomweb serve`: a folder as a DICOMweb origin from a terminal.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-serve-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task It_prints_its_loopback_root_url_serves_the_folder_and_stops_cleanly_on_SIGTERM()
    {
        // A file already in the folder is indexed and served.
        string study = DicomUid.Generate();
        await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create(study, DicomUid.Generate(), DicomUid.Generate()), _folder);
        await using ServeProcess serve = await ServeProcess.StartAsync(_folder);
        Assert.Matches(@"^http://127\.0\.0\.1:[1-9][0-9]*/dicom-web/$", serve.Root.AbsoluteUri);

        using var client = new DicomWebClient(new HttpClient { BaseAddress = serve.Root });
        StowResult stored = await client.StoreAsync([await TestData.Part10Async(SyntheticInstances.Create(study, DicomUid.Generate(), DicomUid.Generate()))]);
        Assert.True(stored.AllStored, stored.ToString());
        var found = new List<DicomDataset>();
        await foreach (DicomDataset result in client.SearchAsync(Qido.Studies().Where(StudyInstanceUID.Is(study))))
            found.Add(result);
        Assert.Equal(2, Assert.Single(found).Get(NumberOfStudyRelatedInstances));
        Assert.Equal(2, Directory.GetFiles(_folder, "*.dcm", SearchOption.AllDirectories).Length);

        Assert.Equal(0, await serve.StopAsync("TERM"));
    }

    [Fact]
    public async Task Ctrl_C_stops_it_too_and_a_given_port_is_used()
    {
        int port = FreePort();
        await using ServeProcess serve = await ServeProcess.StartAsync(_folder, "--port", port.ToString(), "--host", "127.0.0.1");
        Assert.Equal($"http://127.0.0.1:{port}/dicom-web/", serve.Root.AbsoluteUri);
        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await http.GetAsync(new Uri(serve.Root, "studies"))).StatusCode);
        Assert.Equal(0, await serve.StopAsync("INT"));
    }

    [Theory]
    [InlineData("--port", "70000")]
    [InlineData("--host", "example.org")]
    public async Task A_bad_port_or_host_is_a_usage_error(string option, string value)
    {
        var start = new ProcessStartInfo("dotnet", [ServeProcess.ToolPath, "serve", _folder, option, value]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains(option, error);
    }

    [Fact]
    public async Task A_port_in_use_is_a_usage_error_naming_it()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var start = new ProcessStartInfo("dotnet", [ServeProcess.ToolPath, "serve", _folder, "--port", port.ToString()]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", error);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
