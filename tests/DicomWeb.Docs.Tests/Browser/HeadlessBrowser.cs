using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DicomWeb.Docs.Tests.Browser;

/// <summary>
/// Headless Chromium driven over the Chrome DevTools Protocol on a WebSocket: one page, commands
/// sent as {id, method, params} and answered by id. Events are read and dropped; page state is
/// polled with Runtime.evaluate, which is all these tests need.
/// </summary>
public sealed class HeadlessBrowser : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;
    private int _nextId;

    private HeadlessBrowser(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static async Task<HeadlessBrowser> StartAsync(string executable, int width = 1280, int height = 900)
    {
        string profile = Directory.CreateTempSubdirectory("dicomweb-docs-chromium-").FullName;
        var start = new ProcessStartInfo(executable,
        [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--remote-debugging-port=0", $"--user-data-dir={profile}", $"--window-size={width},{height}", "about:blank",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var browser = new HeadlessBrowser(process, profile);
        try
        {
            await browser.ConnectAsync(width, height);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    private async Task ConnectAsync(int width, int height)
    {
        // Chromium writes the port it chose into the profile: "port\n/devtools/browser/<id>".
        string portFile = Path.Combine(_profile, "DevToolsActivePort");
        var clock = Stopwatch.StartNew();
        int port = 0;
        while (port == 0)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"chromium exited with code {_process.ExitCode} before it opened its DevTools port.");
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"chromium wrote no {portFile} within 30 s.");
            if (File.Exists(portFile) && File.ReadAllLines(portFile) is [string first, ..] && int.TryParse(first, out int read))
                port = read;
            else
                await Task.Delay(50);
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string? webSocketUrl = null;
        while (webSocketUrl is null)
        {
            var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
            webSocketUrl = targets.FirstOrDefault(t => (string?)t!["type"] == "page")?["webSocketDebuggerUrl"]?.GetValue<string>();
            if (webSocketUrl is null)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                    throw new TimeoutException("chromium listed no page target.");
                await Task.Delay(50);
            }
        }
        await _socket.ConnectAsync(new Uri(webSocketUrl), CancellationToken.None);
        _reader = Task.Run(ReadAsync);
        await SendAsync("Page.enable");
        await SendAsync("Runtime.enable");
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
    }

    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        JsonObject response = await answer.Task.WaitAsync(CommandTimeout);
        if (response["error"] is JsonNode error)
            throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
        return response["result"]?.AsObject() ?? new JsonObject();
    }

    /// <summary>Evaluates a JavaScript expression (awaiting a promise) and returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        JsonObject result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        });
        if (result["exceptionDetails"] is JsonNode exception)
            throw new InvalidOperationException($"JavaScript threw: {exception.ToJsonString()}");
        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>
    /// From the next document on, keeps every uncaught error and unhandled rejection of the page in
    /// window.__pageErrors (an array of messages), for tests that check a page throws nothing.
    /// </summary>
    public Task RecordPageErrorsAsync() =>
        SendAsync("Page.addScriptToEvaluateOnNewDocument", new JsonObject
        {
            ["source"] = """
                if (!window.__pageErrors) {
                  window.__pageErrors = [];
                  window.addEventListener("error", e => window.__pageErrors.push(String(e.message)));
                  window.addEventListener("unhandledrejection", e => window.__pageErrors.push(String(e.reason)));
                }
                """,
        });

    /// <summary>Loads a URL in a fresh document and waits until the page says it is ready (body[data-ready]).</summary>
    public async Task NavigateAsync(string url)
    {
        // Through about:blank, so a URL that differs only in its #anchor still loads anew.
        await SendAsync("Page.navigate", new JsonObject { ["url"] = "about:blank" });
        await WaitForAsync("location.href === 'about:blank'");
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        await WaitForAsync("document.readyState === 'complete' && document.body !== null && document.body.dataset.ready === 'true'");
    }

    public async Task WaitForAsync(string condition, double seconds = 20)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            JsonNode? value;
            try
            {
                value = await EvaluateAsync($"!!({condition})");
            }
            catch (InvalidOperationException) when (clock.Elapsed.TotalSeconds < seconds)
            {
                value = null;   // the document is being replaced
            }
            if (value?.GetValue<bool>() == true)
                return;
            if (clock.Elapsed.TotalSeconds > seconds)
                throw new TimeoutException($"Waited {seconds} s for: {condition}");
            await Task.Delay(20);
        }
    }

    /// <summary>Types text into the focused element, one character (one input event) at a time.</summary>
    public async Task TypeAsync(string text)
    {
        foreach (char c in text)
            await SendAsync("Input.insertText", new JsonObject { ["text"] = c.ToString() });
    }

    /// <summary>Presses and releases a key such as "ArrowDown", "Enter" or "Escape".</summary>
    public async Task PressAsync(string key)
    {
        int code = key switch { "ArrowDown" => 40, "ArrowUp" => 38, "Enter" => 13, "Escape" => 27, _ => throw new ArgumentOutOfRangeException(nameof(key), key, "no key code known") };
        foreach (string type in new[] { "rawKeyDown", "keyUp" })
            await SendAsync("Input.dispatchKeyEvent", new JsonObject { ["type"] = type, ["key"] = key, ["code"] = key, ["windowsVirtualKeyCode"] = code });
    }

    public async Task<byte[]> ScreenshotAsync()
    {
        JsonObject result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        return Convert.FromBase64String(result["data"]!.GetValue<string>());
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                WebSocketReceiveResult received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                    break;
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                    continue;
                var node = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (node["id"] is JsonNode id && _pending.TryRemove(id.GetValue<int>(), out var answer))
                    answer.TrySetResult(node);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        foreach (var answer in _pending.Values)
            answer.TrySetException(new InvalidOperationException("The DevTools connection closed."));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException or OperationCanceledException)
        {
        }
        if (_reader is not null)
            await _reader.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { });
        _socket.Dispose();
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
