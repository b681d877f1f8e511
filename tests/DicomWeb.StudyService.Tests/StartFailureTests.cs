using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace DicomWeb.StudyService.Tests;

/// <summary>
/// A start that cannot succeed — a setting missing or invalid, the address in use, an
/// appsettings.json that does not parse — is one line on stderr naming what failed, and exit code
/// 1: no stack trace, no abort (134). And appsettings.json is read from beside the binary,
/// whatever folder the service is started from.
/// </summary>
[Collection(StudyServiceCollection.Name)]
public sealed class StartFailureTests(PublishedStudyService fixture, ITestOutputHelper output)
{
    private const string Upstream = "http://127.0.0.1:9/dicom-web/";

    [Theory]
    [InlineData("DicomWeb:BaseAddress", null, null)]
    [InlineData("DicomWeb:BaseAddress", "DicomWeb__BaseAddress", "ftp://pacs.example.org/dicom-web/")]
    [InlineData("DicomWeb:BaseAddress", "DicomWeb__BaseAddress", "http://reader:s3cret@[::1")]
    [InlineData("DicomWeb:BaseAddress", "DicomWeb__BaseAddress", "http://reader:s3cret@pacs.example.org/dicom-web/")]
    [InlineData("DicomWeb:QidoPageSize", "DicomWeb__QidoPageSize", "many")]
    [InlineData("DicomWeb:ResponseIdleTimeout", "DicomWeb__ResponseIdleTimeout", "-5")]
    [InlineData("StudyService:MaxRows", "StudyService__MaxRows", "s3cret")]
    [InlineData("StudyService:MaxUploadBytes", "StudyService__MaxUploadBytes", "0")]
    [InlineData("StudyService:RequestTimeout", "StudyService__RequestTimeout", "soon")]
    [InlineData("StudyService:RequestTimeout", "StudyService__RequestTimeout", "30.00:00:00")]
    [InlineData("StudyService:Telemetry:Exporter", "StudyService__Telemetry__Exporter", "jaeger")]
    [InlineData("StudyService:Upstream", "StudyService__Upstream__BearerToken", "t0ken")]
    [InlineData("ASPNETCORE_URLS", "ASPNETCORE_URLS", "http://127.0.0.1:abc")]
    public void A_missing_or_invalid_setting_is_one_line_on_stderr_naming_it_and_exit_code_1(string setting, string? variable, string? value)
    {
        var environment = new Dictionary<string, string> { ["DicomWeb__BaseAddress"] = Upstream };
        if (variable is null)
            environment["DicomWeb__BaseAddress"] = "";
        else
            environment[variable] = value!;
        if (setting == "StudyService:Upstream")
            environment["StudyService__Upstream__User"] = "reader";   // with a bearer token: one or the other

        ServiceProcess service = fixture.Start(environment);
        int exitCode = service.WaitForExit(TimeSpan.FromSeconds(30));
        output.WriteLine(service.Log);

        Assert.Equal(1, exitCode);
        string line = Assert.Single(service.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("StudyService: cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains(setting, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", service.Log, StringComparison.Ordinal);   // no stack trace, on stdout either
        Assert.DoesNotContain("s3cret", service.Log, StringComparison.Ordinal);  // a value is never quoted: a URI may carry credentials
    }

    [Fact]
    public void A_port_in_use_is_one_line_on_stderr_and_exit_code_1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        ServiceProcess service = fixture.Start(new Dictionary<string, string>
        {
            ["DicomWeb__BaseAddress"] = Upstream,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        });
        int exitCode = service.WaitForExit(TimeSpan.FromSeconds(30));
        output.WriteLine(service.Log);

        Assert.Equal(1, exitCode);
        string line = Assert.Single(service.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("address already in use", line, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_URLS", line, StringComparison.Ordinal);   // what to do
        Assert.DoesNotContain("   at ", service.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void With_verbose_a_failed_start_also_prints_the_stack_trace()
    {
        ServiceProcess service = fixture.Start(new Dictionary<string, string> { ["DicomWeb__BaseAddress"] = "" }, arguments: "--verbose");
        Assert.Equal(1, service.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.StartsWith("StudyService: cannot start: DicomWeb:BaseAddress", service.Errors, StringComparison.Ordinal);
        Assert.Contains("OptionsValidationException", service.Errors, StringComparison.Ordinal);
        Assert.Contains("   at ", service.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Started_from_another_folder_it_reads_the_appsettings_json_beside_its_binary_and_a_broken_one_is_one_line()
    {
        // A copy of the binary with an appsettings.json of its own that holds the only BaseAddress.
        string folder = Directory.CreateTempSubdirectory("dicomweb-study-service-copy-").FullName;
        string elsewhere = Directory.CreateTempSubdirectory("dicomweb-study-service-cwd-").FullName;
        try
        {
            string binary = Path.Combine(folder, "StudyService");
            File.Copy(fixture.Binary, binary);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(binary, File.GetUnixFileMode(fixture.Binary));
            string settings = Path.Combine(folder, "appsettings.json");
            File.WriteAllText(settings, $$"""{ "DicomWeb": { "BaseAddress": "{{fixture.Orthanc.DicomWebRoot.AbsoluteUri}}" } }""");

            ServiceProcess service = fixture.Start(new Dictionary<string, string>(), workingDirectory: elsewhere, binary: binary);
            await service.WaitForOkAsync("healthz", TimeSpan.FromSeconds(30));
            Assert.Contains($"Content root path: {folder}", service.Log, StringComparison.Ordinal);
            service.Process.Kill();
            service.Process.WaitForExit(10_000);

            File.WriteAllText(settings, """{ "DicomWeb": { "BaseAddress": """);
            ServiceProcess broken = fixture.Start(new Dictionary<string, string>(), workingDirectory: elsewhere, binary: binary);
            Assert.Equal(1, broken.WaitForExit(TimeSpan.FromSeconds(30)));
            output.WriteLine(broken.Log);
            string line = Assert.Single(broken.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(settings, line, StringComparison.Ordinal);
            Assert.Contains("LineNumber", line, StringComparison.Ordinal);   // where in the file
            Assert.DoesNotContain("   at ", broken.Log, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            Directory.Delete(elsewhere, recursive: true);
        }
    }
}
