using DicomWeb.Tests;

namespace DicomWeb.Hosting.Tests.Aot;

/// <summary>
/// samples/AotApp, published once with Native AOT (net9.0): the publish shows no trim or AOT
/// warning; the binary reads and writes data sets and [DicomJsonModel] types; with no base
/// address its host refuses to start naming DicomWeb:BaseAddress; with DicomWeb__BaseAddress and
/// DicomWeb__QidoPageSize in its environment it binds them (source-generated binding) and searches
/// a real Orthanc through the injected IDicomWebClient.
/// </summary>
public sealed class NativeAotPublishTests : IAsyncLifetime
{
    private readonly string _output = Directory.CreateTempSubdirectory("dicomweb-aot-").FullName;
    private readonly OrthancServer _orthanc = new();

    public Task InitializeAsync() => _orthanc.StartAsync();

    public async Task DisposeAsync()
    {
        await _orthanc.DisposeAsync();
        Directory.Delete(_output, recursive: true);
    }

    [Fact]
    public async Task The_AOT_sample_publishes_without_warnings_binds_options_from_the_environment_and_searches_Orthanc()
    {
        for (int i = 0; i < 3; i++)
        {
            using var part10 = new MemoryStream();
            await DicomFile.Create(SyntheticInstances.Create(SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), SyntheticInstances.NewUid())).SaveAsync(part10);
            await _orthanc.UploadAsync(part10.ToArray());
        }

        var publish = DotnetCli.Run(RepositoryPaths.Root, null, "dotnet", "publish", Path.Combine("samples", "AotApp"),
            "-c", "Release", "-r", "linux-x64", "-o", _output, "-p:TreatWarningsAsErrors=false", "-v", "n")
            .ShouldSucceed("dotnet publish of samples/AotApp");
        var warnings = publish.Output.Split('\n').Where(l => l.Contains("warning IL", StringComparison.Ordinal) || l.Contains("warning SYSLIB", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(warnings.Count == 0, "trim/AOT warnings:\n" + string.Join("\n", warnings));
        Assert.Contains("Generating native code", publish.Output, StringComparison.Ordinal);

        string binary = Path.Combine(_output, "AotApp");
        Assert.True(File.Exists(binary), $"no native binary at {binary}");
        Assert.False(File.Exists(Path.Combine(_output, "AotApp.dll")), "a framework-dependent build was published, not a native one");

        // Without a server: the JSON checks, and the host's validation at start.
        var alone = DotnetCli.Run(_output, null, binary).ShouldSucceed("the AOT binary without a base address");
        Assert.Contains("all checks passed", alone.Output, StringComparison.Ordinal);
        Assert.Contains("ok validation at start names DicomWeb:BaseAddress", alone.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", alone.Output, StringComparison.Ordinal);

        // With Orthanc, configured only through environment variables.
        var environment = new Dictionary<string, string>
        {
            ["DicomWeb__BaseAddress"] = _orthanc.DicomWebRoot.AbsoluteUri,
            ["DicomWeb__QidoPageSize"] = "2",
        };
        var searched = DotnetCli.Run(_output, environment, binary).ShouldSucceed("the AOT binary against Orthanc");
        Assert.Contains($"bound BaseAddress={_orthanc.DicomWebRoot.AbsoluteUri} QidoPageSize=2", searched.Output, StringComparison.Ordinal);
        Assert.Contains("studies found: 3", searched.Output, StringComparison.Ordinal);
        Assert.Contains("all checks passed", searched.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", searched.Output, StringComparison.Ordinal);
    }
}
