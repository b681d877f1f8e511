using DicomWeb.Tests;

namespace DicomWeb.Cli.Tests;

/// <summary>
/// The tool published with Native AOT (net9.0, linux-x64; docs/cli.md): no trim or AOT warning from
/// it, the SDK or its packages (System.CommandLine, Spectre.Console), and the native binary runs.
/// </summary>
public sealed class NativeAotPublishTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("dicomweb-cli-aot-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public void The_tool_publishes_native_without_trim_or_AOT_warnings_and_runs()
    {
        var publish = DotnetCli.Run(RepositoryPaths.Root, null, "dotnet", "publish", Path.Combine("src", "DicomWeb.Cli"),
            "-f", "net9.0", "-r", "linux-x64", "-p:AotCheck=true", "-o", _output, "-p:TreatWarningsAsErrors=false", "-v", "n")
            .ShouldSucceed("dotnet publish of src/DicomWeb.Cli with AotCheck");
        var warnings = publish.Output.Split('\n').Where(l => l.Contains("warning IL", StringComparison.Ordinal) || l.Contains("warning SYSLIB", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(warnings.Count == 0, "trim/AOT warnings:\n" + string.Join("\n", warnings));
        Assert.Contains("Generating native code", publish.Output, StringComparison.Ordinal);

        string binary = Path.Combine(_output, "dicomweb");
        Assert.True(File.Exists(binary), $"no native binary at {binary}");
        Assert.False(File.Exists(Path.Combine(_output, "dicomweb.dll")), "a framework-dependent build was published, not a native one");

        var tags = DotnetCli.Run(_output, null, binary, "tags", "PatientName").ShouldSucceed("the native tool's tags verb");
        Assert.Matches(@"\(0010,0010\)\s+PatientName\s+PN", tags.Output);   // redirected: the plain table
        Assert.DoesNotContain('\u001b', tags.Output);

        var usage = DotnetCli.Run(_output, null, binary, "--url", "http://127.0.0.1:1/dicom-web/", "retrieve", "1.2.3", "--out", _output, "--transfer-syntax", "x");
        Assert.Equal(2, usage.ExitCode);
        Assert.StartsWith("dicomweb: --transfer-syntax takes", usage.Output);
    }
}
