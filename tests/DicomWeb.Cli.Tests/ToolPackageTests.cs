using System.Diagnostics;
using System.IO.Compression;
using DicomWeb.Tests;
using Xunit.Abstractions;

namespace DicomWeb.Cli.Tests;

/// <summary>
/// eng/pack-tool.sh (docs/cli.md, "Install"): a pointer package, a Native AOT linux-x64 package and a
/// framework-dependent fallback; `dotnet tool install` puts a native executable on this machine. The
/// pack runs with warnings as errors, so a trim or AOT warning (IL2xxx, IL3xxx) fails it.
/// </summary>
[Collection(ToolPackagesCollection.Name)]
public sealed class ToolPackageTests(ToolPackages tool, ITestOutputHelper output)
{
    [Fact]
    public void The_packages_are_a_pointer_a_native_linux_x64_package_and_a_fallback()
    {
        using ZipArchive pointer = ZipFile.OpenRead(tool.Package());
        string nuspec = new StreamReader(pointer.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).ReadToEnd();
        Assert.Contains("DotnetTool", nuspec, StringComparison.Ordinal);
        Assert.DoesNotContain(pointer.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));

        string native = tool.Package("linux-x64");
        long size = new FileInfo(native).Length;
        output.WriteLine($"linux-x64 package: {size / 1048576.0:0.0} MiB; any: {new FileInfo(tool.Package("any")).Length / 1048576.0:0.0} MiB");
        Assert.True(size <= 20 * 1024 * 1024, $"the linux-x64 package is {size:N0} bytes, over 20 MB");
        using ZipArchive nativeZip = ZipFile.OpenRead(native);
        string[] files = [.. nativeZip.Entries.Where(e => e.FullName.StartsWith("tools/", StringComparison.Ordinal)).Select(e => e.FullName)];
        Assert.Contains(files, f => f.EndsWith("/dicomweb", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.EndsWith(".dll", StringComparison.Ordinal) || f.EndsWith(".dbg", StringComparison.Ordinal));
        // Its own native SQLite only, not the library of every platform.
        Assert.Equal(["libe_sqlite3.so"], files.Where(f => f.Contains("sqlite", StringComparison.OrdinalIgnoreCase)).Select(Path.GetFileName));

        using ZipArchive fallback = ZipFile.OpenRead(tool.Package("any"));
        Assert.Contains(fallback.Entries, e => e.FullName.EndsWith("/dicomweb.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void The_installed_tool_is_a_native_executable_that_answers()
    {
        string target = new FileInfo(tool.Executable).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? tool.Executable;
        byte[] head = new byte[4];
        using (FileStream file = File.OpenRead(target))
            file.ReadExactly(head);
        Assert.Equal("\u007fELF"u8.ToArray(), head);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(target)!, "dicomweb.dll")), "a framework-dependent build was installed, not the native one");

        var tags = DotnetCli.Run(tool.ToolPath, null, tool.Executable, "tags", "PatientName").ShouldSucceed("the installed tool's tags verb");
        Assert.Matches(@"\(0010,0010\)\s+PatientName\s+PN", tags.Output);
        Assert.DoesNotContain('\u001b', tags.Output);

        var usage = DotnetCli.Run(tool.ToolPath, null, tool.Executable, "--url", "http://127.0.0.1:1/dicom-web/", "retrieve", "1.2.3", "--out", tool.ToolPath, "--transfer-syntax", "x");
        Assert.Equal(2, usage.ExitCode);
        Assert.StartsWith("dicomweb: --transfer-syntax takes", usage.Output);

        // Start-up is reported, not asserted (docs/benchmarks.md has the figures with hyperfine).
        var times = new List<double>();
        for (int i = 0; i < 11; i++)
        {
            var clock = Stopwatch.StartNew();
            DotnetCli.Run(tool.ToolPath, null, tool.Executable, "tags", "PatientName").ShouldSucceed("tags");
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        output.WriteLine($"dicomweb tags PatientName, native: median {times[times.Count / 2]:0.0} ms over {times.Count} runs (including the test's process start)");
    }
}
