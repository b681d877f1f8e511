using System.Diagnostics;

namespace DicomWeb.Docs.Tests.Browser;

/// <summary>
/// Debian's chromium: found at /usr/bin/chromium, or installed with apt-get once per test run when
/// missing (as tests/run-all.sh does first). Null only when it can be neither found nor installed.
/// </summary>
public static class Chromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
    private static readonly Lazy<(string? Path, string Problem)> Located = new(Locate);

    public static string? Executable => Located.Value.Path;

    /// <summary>Why <see cref="Executable"/> is null.</summary>
    public static string Problem => Located.Value.Problem;

    private static (string?, string) Locate()
    {
        string? found = Candidates.FirstOrDefault(File.Exists);
        if (found is not null)
            return (found, "");
        string log = Path.Combine(Path.GetTempPath(), "dicomweb-docs-chromium-apt.log");
        if (!File.Exists("/usr/bin/apt-get"))
            return (null, "chromium is not installed and there is no apt-get to install it (Debian's package 'chromium'); tests/run-all.sh installs it");
        bool installed = AptGet("install -y -q chromium", log) || (AptGet("update -q", log) && AptGet("install -y -q chromium", log));
        found = Candidates.FirstOrDefault(File.Exists);
        return found is not null
            ? (found, "")
            : (null, $"chromium is not installed and 'apt-get install chromium' failed{(installed ? "" : $" (see {log})")}; tests/run-all.sh installs it");
    }

    private static bool AptGet(string arguments, string log)
    {
        try
        {
            var start = new ProcessStartInfo("/usr/bin/apt-get", arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using Process process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            File.AppendAllText(log, output.Result + error.Result);
            return process.ExitCode == 0;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

/// <summary>A fact that needs a browser: skipped, saying why, only when chromium can be neither found nor installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Executable is null)
            Skip = Chromium.Problem;
    }
}
