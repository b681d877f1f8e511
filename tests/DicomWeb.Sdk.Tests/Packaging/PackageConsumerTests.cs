using System.IO.Compression;
using DicomWeb.Tests;

namespace DicomWeb.Sdk.Tests.Packaging;

/// <summary>
/// Packs the libraries into a local feed with eng/pack-feed.sh, then builds and runs a consumer that
/// references only the packages (from a folder, with a package cache of its own so no stale copy is used).
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("dicomweb-consumer-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void A_consumer_of_the_packages_compiles_and_runs_against_the_tag_contract()
    {
        // The local feed of docs/packages.md, made as a user makes it before the packages are on a public feed.
        string packages = Path.Combine(_work, "packages");
        // The test's own run is the build: the script does not wait on the developers' build lock.
        DotnetCli.Run(RepositoryPaths.Root, new Dictionary<string, string> { ["DICOMWEB_BUILD_LOCK_HELD"] = "1" }, "bash", RepositoryPaths.InRepository("eng", "pack-feed.sh"), packages)
            .ShouldSucceed("eng/pack-feed.sh");
        foreach (string package in new[] { "DicomWeb.Sdk.Json", "DicomWeb.Sdk", "DicomWeb.Hosting", "DicomWeb.Folder" })
            Assert.Single(Directory.GetFiles(packages, package + ".0*.nupkg"));

        using (var json = ZipFile.OpenRead(Directory.GetFiles(packages, "DicomWeb.Sdk.Json.*.nupkg").Single()))
        {
            var entries = json.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("analyzers/dotnet/cs/DicomWeb.Generators.dll", entries);
            Assert.Contains("lib/net8.0/DicomWeb.Sdk.Json.dll", entries);
            Assert.Contains("lib/net10.0/DicomWeb.Sdk.Json.dll", entries);
            Assert.Contains("lib/net10.0/DicomWeb.Sdk.Json.xml", entries);
            Assert.Contains("README.md", entries);
        }
        using (var sdk = ZipFile.OpenRead(Directory.GetFiles(packages, "DicomWeb.Sdk.*.nupkg").Single(p => !p.Contains(".Json."))))
        {
            var entries = sdk.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("lib/net8.0/DicomWeb.Sdk.dll", entries);
            Assert.Contains("lib/net10.0/DicomWeb.Sdk.dll", entries);
        }

        string consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        // The packages just made, and their dependencies (Microsoft.Extensions.Logging.Abstractions...)
        // from the packages folder this repository's own restore filled: no network, and no other
        // DicomWeb.* than these.
        string restored = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <configuration>
              <packageSources><clear /><add key="local" value="{packages}" /><add key="restored" value="{restored}" /></packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="DicomWeb.*" /></packageSource>
                <packageSource key="restored"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup><PackageReference Include="DicomWeb.Sdk" Version="0.1.0" /></ItemGroup>
            </Project>
            """);
        // The tag part of the DESIGN contract, verbatim.
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using DicomWeb;
            using static DicomWeb.DicomTags;

            DicomTag tag = PatientName;
            bool a = tag.Group == 0x0010 && tag.Element == 0x0010 && tag.ToString() == "(0010,0010)";
            bool b = PatientName.Keyword == "PatientName" && PatientName.VR == DicomVR.PN;
            bool c = DicomDictionary.TryGetTag("StudyDate", out DicomTag sd) && sd == StudyDate;
            bool d = DicomUids.ExplicitVRLittleEndian == "1.2.840.10008.1.2.1";
            Console.WriteLine($"{a} {b} {c} {d} {(DicomTag)OverlayData(0x6002)} {DicomTransferSyntax.All.Count}");
            """);

        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_work, "nuget-cache") };
        DotnetCli.Run(consumer, environment, "dotnet", "build", "-v", "q").ShouldSucceed("dotnet build of the consumer");
        var run = DotnetCli.Run(consumer, environment, "dotnet", "run", "--no-build").ShouldSucceed("the consumer");
        Assert.Equal("True True True True (6002,3000) 63", run.Output.Trim());
    }
}
