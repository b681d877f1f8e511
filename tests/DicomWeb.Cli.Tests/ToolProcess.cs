using System.Diagnostics;
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

    /// <summary>Runs the tool on a pseudo-terminal of 250 columns (see the overload).</summary>
    public static Result RunOnTerminal(params string[] arguments) => RunOnTerminal(250, arguments);

    /// <summary>
    /// Runs the tool on a pseudo-terminal (util-linux <c>script</c>) of <paramref name="columns"/>
    /// columns, as a user at a terminal would: Spectre.Console draws. Output is everything the
    /// terminal received, stdout and stderr together.
    /// </summary>
    public static Result RunOnTerminal(int columns, params string[] arguments)
    {
        string command = $"stty cols {columns} rows 50; exec dotnet " + string.Join(' ', new[] { ToolPath }.Concat(arguments).Select(Quote));
        var start = new ProcessStartInfo("script", ["-qec", command, "/dev/null"]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string name in new[] { "DICOMWEB_URL", "DICOMWEB_TOKEN", "DICOMWEB_USER", "DICOMWEB_PASSWORD", "NO_COLOR" })
            start.Environment.Remove(name);
        start.Environment["TERM"] = "xterm-256color";
        start.Environment["COLUMNS"] = columns.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("script (util-linux) did not start");
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dicomweb {string.Join(' ', arguments)} on a terminal ran over 5 minutes");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''") + "'";

    public static Result Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments) => RunIn(null, environment, arguments);

    /// <summary>Runs the tool with <paramref name="directory"/> as its current folder.</summary>
    public static Result RunIn(string? directory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (directory is not null)
            start.WorkingDirectory = directory;
        start.ArgumentList.Add(ToolPath);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        // A developer's own settings must not leak into what the tests see.
        foreach (string name in new[] { "DICOMWEB_URL", "DICOMWEB_TOKEN", "DICOMWEB_USER", "DICOMWEB_PASSWORD" })
            start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = new Process { StartInfo = start };
        process.Start();
        // Read whole, not line by line: a CR or another control character must reach the test as the tool wrote it.
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dicomweb {string.Join(' ', arguments)} ran over 5 minutes");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
