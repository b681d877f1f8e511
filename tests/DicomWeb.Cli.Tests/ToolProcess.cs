using System.Diagnostics;
using System.Text;
using DicomWeb.Tests;

namespace DicomWeb.Cli.Tests;

/// <summary>Runs the built dicomweb tool (dotnet dicomweb.dll) as a user would, stdout and stderr apart.</summary>
public static class ToolProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }

    public static string ToolPath
    {
        get
        {
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif
            string path = RepositoryPaths.InRepository("src", "DicomWeb.Cli", "bin", configuration, "net10.0", "dicomweb.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("build tests/DicomWeb.Cli.Tests first (it builds the tool)", path);
        }
    }

    public static Result Run(params string[] arguments) => Run(null, arguments);

    public static Result Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ToolPath);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        // A developer's own settings must not leak into what the tests see.
        foreach (string name in new[] { "DICOMWEB_URL", "DICOMWEB_TOKEN", "DICOMWEB_USER", "DICOMWEB_PASSWORD" })
            start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var output = new StringBuilder();
        var error = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.Append(e.Data).Append('\n'); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dicomweb {string.Join(' ', arguments)} ran over 5 minutes");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, output.ToString(), error.ToString());
    }
}
