using System.Diagnostics;

namespace DicomWeb.Folder.Tests.Faults;

/// <summary>
/// A real file system a test makes on Linux, for faults permissions cannot make under root: a small
/// tmpfs that fills up, or a read-only bind mount. Root mounts directly, others through `sudo -n`.
/// A mount that cannot be made fails the test with the reason: the case is not silently skipped.
/// </summary>
internal sealed class TestMount : IDisposable
{
    private readonly string _target;

    private TestMount(string target) => _target = target;

    /// <summary>A tmpfs of <paramref name="kibibytes"/> KiB on <paramref name="directory"/>: a disk that fills.</summary>
    public static TestMount Tmpfs(string directory, int kibibytes)
    {
        Run("mount", "-t", "tmpfs", "-o", $"size={kibibytes}k,mode=0777", "tmpfs", directory);
        return new TestMount(directory);
    }

    /// <summary>The directory mounted over itself read-only: writes fail with EROFS, even for root.</summary>
    public static TestMount ReadOnly(string directory)
    {
        Run("mount", "--bind", directory, directory);
        var mount = new TestMount(directory);
        try
        {
            Run("mount", "-o", "remount,bind,ro", directory);
        }
        catch
        {
            mount.Dispose();
            throw;
        }
        return mount;
    }

    public void Dispose() => Run("umount", "-l", _target);

    private static void Run(string command, params string[] arguments)
    {
        Assert.True(OperatingSystem.IsLinux(), "the file-system fault tests need Linux mounts");
        var start = new ProcessStartInfo(Environment.IsPrivilegedProcess ? command : "sudo")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        if (!Environment.IsPrivilegedProcess)
            start.ArgumentList.Add("-n");
        if (!Environment.IsPrivilegedProcess)
            start.ArgumentList.Add(command);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"'{command} {string.Join(' ', arguments)}' failed ({process.ExitCode}): {error.Trim()}. These tests need root or passwordless sudo to mount.");
    }
}
