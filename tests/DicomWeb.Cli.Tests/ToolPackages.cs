using DicomWeb.Tests;

namespace DicomWeb.Cli.Tests;

/// <summary>
/// The tool's packages made by eng/pack-tool.sh, and the tool installed from them into a temporary
/// tool path as `dotnet tool install` installs it for a user. Native AOT is slow to build, so a test
/// run makes the packages once: tests/run-all.sh packs them before the tests and names the folder in
/// DICOMWEB_TOOL_PACKAGES; without it (a single test run) the fixture packs them itself.
/// </summary>
public sealed class ToolPackages : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("dicomweb-tool-").FullName;

    public ToolPackages()
    {
        string? shared = Environment.GetEnvironmentVariable("DICOMWEB_TOOL_PACKAGES");
        if (shared is { Length: > 0 } && Directory.Exists(shared) && Directory.GetFiles(shared, "DicomWeb.Cli.linux-x64.*.nupkg").Length > 0)
        {
            Folder = shared;
        }
        else
        {
            Folder = Path.Combine(_work, "packages");
            PackOutput = DotnetCli.Run(RepositoryPaths.Root, new Dictionary<string, string> { ["DICOMWEB_BUILD_LOCK_HELD"] = "1" }, "bash", RepositoryPaths.InRepository("eng", "pack-tool.sh"), Folder)
                .ShouldSucceed("eng/pack-tool.sh").Output;
        }
        ToolPath = Path.Combine(_work, "tools");
        Install = DotnetCli.Run(_work, null, "dotnet", "tool", "install", "DicomWeb.Cli", "--add-source", Folder, "--tool-path", ToolPath)
            .ShouldSucceed("dotnet tool install DicomWeb.Cli --add-source");
    }

    /// <summary>The folder holding the packages.</summary>
    public string Folder { get; }

    /// <summary>What eng/pack-tool.sh printed, when this fixture ran it.</summary>
    public string? PackOutput { get; }

    /// <summary>The tool path the tool was installed into.</summary>
    public string ToolPath { get; }

    /// <summary>What `dotnet tool install` printed.</summary>
    public DotnetCli.Result Install { get; }

    /// <summary>The installed command, as a user's shell finds it.</summary>
    public string Executable => Path.Combine(ToolPath, "dicomweb");

    /// <summary>The pointer package (no runtime identifier) or the package of <paramref name="runtimeIdentifier"/>.</summary>
    public string Package(string? runtimeIdentifier = null)
    {
        string prefix = runtimeIdentifier is null ? "DicomWeb.Cli." : $"DicomWeb.Cli.{runtimeIdentifier}.";
        return Directory.GetFiles(Folder, prefix + "*.nupkg").SingleOrDefault(p => char.IsAsciiDigit(Path.GetFileName(p)[prefix.Length]))
            ?? throw new FileNotFoundException($"no {prefix}VERSION.nupkg in {Folder}");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class ToolPackagesCollection : ICollectionFixture<ToolPackages>
{
    public const string Name = "tool packages";
}
