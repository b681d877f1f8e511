using DicomWeb.Tests;

namespace DicomWeb.Sdk.Json.Tests.Aot;

/// <summary>
/// samples/AotApp, published with Native AOT (net9.0), reads and writes data sets and
/// [DicomJsonModel] types; the publish shows no trim or AOT warning and the binary's checks pass.
/// </summary>
public sealed class NativeAotPublishTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("dicomweb-aot-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public void The_AOT_sample_publishes_without_warnings_and_its_checks_pass()
    {
        var publish = DotnetCli.Run(RepositoryPaths.Root, null, "dotnet", "publish", Path.Combine("samples", "AotApp"),
            "-c", "Release", "-r", "linux-x64", "-o", _output, "-p:TreatWarningsAsErrors=false", "-v", "n")
            .ShouldSucceed("dotnet publish of samples/AotApp");
        var warnings = publish.Output.Split('\n').Where(l => l.Contains("warning IL", StringComparison.Ordinal) || l.Contains("warning SYSLIB", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(warnings.Count == 0, "trim/AOT warnings:\n" + string.Join("\n", warnings));
        Assert.Contains("Generating native code", publish.Output, StringComparison.Ordinal);

        string binary = Path.Combine(_output, "AotApp");
        Assert.True(File.Exists(binary), $"no native binary at {binary}");
        Assert.False(File.Exists(Path.Combine(_output, "AotApp.dll")), "a framework-dependent build was published, not a native one");
        var run = DotnetCli.Run(_output, null, binary).ShouldSucceed("the AOT binary");
        Assert.Contains("all checks passed", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", run.Output, StringComparison.Ordinal);
    }
}
