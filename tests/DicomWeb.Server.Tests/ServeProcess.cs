using System.Diagnostics;
using System.Text;
using DicomWeb.Tests;

namespace DicomWeb.Server.Tests;

/// <summary>
/// `dicomweb serve` as a user runs it (dotnet dicomweb.dll serve DIR ...): started, its root URL
/// read from the first line it prints, stopped with SIGTERM (or SIGINT, as Ctrl+C sends).
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _error = new();

    private ServeProcess(Process process) => _process = process;

    /// <summary>The root URL the command printed.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>What the command wrote on stderr so far.</summary>
    public string Error
    {
        get
        {
            lock (_error)
                return _error.ToString();
        }
    }

    public int ProcessId => _process.Id;

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
            return File.Exists(path) ? path : throw new FileNotFoundException("build tests/DicomWeb.Server.Tests first (it builds the tool)", path);
        }
    }

    public static async Task<ServeProcess> StartAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ToolPath);
        start.ArgumentList.Add("serve");
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        var serve = new ServeProcess(Process.Start(start)!);
        serve._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (serve._error)
                    serve._error.AppendLine(e.Data);
        };
        serve._process.BeginErrorReadLine();
        string? line = await serve._process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line is null || !Uri.TryCreate(line, UriKind.Absolute, out Uri? root))
        {
            await serve._process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            throw new InvalidOperationException($"dicomweb serve printed no URL (exit {serve._process.ExitCode}): {line}\n{serve.Error}");
        }
        serve.Root = root;
        return serve;
    }

    /// <summary>Sends a signal (TERM, INT) and waits for the exit code.</summary>
    public async Task<int> StopAsync(string signal = "TERM")
    {
        if (!_process.HasExited)
        {
            using Process kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString()])!;
            await kill.WaitForExitAsync();
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
