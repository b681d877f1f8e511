using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace DicomWeb.Cli.Tests;

/// <summary>
/// Text a hostile server controls (values, Warning headers, error bodies) and file names reach the
/// terminal or a redirected stream with their control characters shown as escapes, never as
/// bytes a terminal acts on; CSV cells a spreadsheet would run as formulas are neutralised.
/// </summary>
public sealed class HostileTextTests
{
    // Retitles the terminal (OSC 0 ... BEL), clears it (CSI 2J), and with a CR prints a line that looks like the tool's own.
    private const string Hostile = "Evil\u001b]0;title\u0007\u001b[2J\rdicomweb: fake";
    private const string Shown = @"Evil\x1b]0;title\x07\x1b[2J\rdicomweb: fake";

    [Fact]
    public async Task A_hostile_PatientName_is_shown_escaped_in_the_plain_table()
    {
        await using var server = await HostileServer.StartAsync(c => Json(c, $$$"""[{"0020000D":{"vr":"UI","Value":["1.2.3"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":{{{Quoted(Hostile)}}}}]}}]"""));
        var result = ToolProcess.Run("--url", server.Root, "search", "studies");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(Shown, result.Output);
        AssertNoControlCharacters(result.Output + result.Error);
        Assert.DoesNotContain(Lines(result.Output), l => l.StartsWith("dicomweb: fake", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hostile_PatientName_is_shown_escaped_in_the_Spectre_table_on_a_terminal()
    {
        await using var server = await HostileServer.StartAsync(c => Json(c, $$$"""[{"0020000D":{"vr":"UI","Value":["1.2.3"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":{{{Quoted(Hostile)}}}}]}}]"""));
        var result = ToolProcess.RunOnTerminal("--url", server.Root, "search", "studies");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("╭", result.Output); // drawn by Spectre.Console, not the plain table
        Assert.Contains(Shown, result.Output);
        // Spectre.Console's own SGR codes (bold) are the terminal's business; the server's OSC, BEL and clear are not.
        // Ordinal: a culture-aware search ignores control characters and would find "]" for ESC ].
        Assert.DoesNotContain("\u001b]", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[2J", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\rdicomweb: fake", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warning_299_texts_are_shown_escaped()
    {
        byte[] answer = HostileServer.Response("HTTP/1.1 200 OK",
            ["Content-Type: application/dicom+json", "Warning: 299 hostile \"bad\u001b]0;title\u0007 \u001b[2J thing\""],
            """[{"0020000D":{"vr":"UI","Value":["1.2.3"]}}]""");
        await using var server = await HostileServer.StartRawAsync(answer);
        var result = ToolProcess.Run("--url", server.Root, "search", "studies");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(@"dicomweb: server warning: bad\x1b]0;title\x07 \x1b[2J thing", result.Error);
        AssertNoControlCharacters(result.Output + result.Error);
    }

    [Fact]
    public async Task An_error_body_excerpt_is_one_line_escaped_and_verbose_lines_are_escaped_too()
    {
        await using var server = await HostileServer.StartAsync(async c =>
        {
            c.Response.StatusCode = 500;
            c.Response.ContentType = "text/plain";
            await c.Response.WriteAsync("oops \u001b]0;title\u0007\u001b[2J\r\ndicomweb: fake\u202e");
        });
        var result = ToolProcess.Run("--url", server.Root, "search", "studies");
        Assert.True(result.ExitCode == 3, result.ToString());
        string line = Assert.Single(Lines(result.Error));
        Assert.Contains(@"oops \x1b]0;title\x07\x1b[2J\r\ndicomweb: fake\u202e", line);
        AssertNoControlCharacters(result.Error);

        var verbose = ToolProcess.Run("--url", server.Root, "--verbose", "search", "studies");
        Assert.True(verbose.ExitCode == 3, verbose.ToString());
        Assert.Contains(@"server said: oops \x1b]0;title\x07\x1b[2J\r\ndicomweb: fake\u202e", verbose.Error);
        Assert.Contains("   at ", verbose.Error); // the stack, with --verbose only
        AssertNoControlCharacters(verbose.Error);
        Assert.DoesNotContain(Lines(verbose.Error), l => l.StartsWith("dicomweb: fake", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Csv_cells_that_would_start_a_formula_get_a_leading_quote_and_numbers_stay_numbers()
    {
        string[] descriptions = ["=HYPERLINK(\"http://evil.example\",\"x\")", "@SUM(1+1)", "+1+2", "-2+3", "\t=1+1", "\r=1+1", "-12.5", "+7", "1e5", "plain"];
        string body = "[" + string.Join(",", descriptions.Select((d, i) => $$$"""{"0020000D":{"vr":"UI","Value":["1.2.3.{{{i}}}"]},"00081030":{"vr":"LO","Value":[{{{Quoted(d)}}}]}}""")) + "]";
        await using var server = await HostileServer.StartAsync(c => Json(c, body));
        var result = ToolProcess.Run("--url", server.Root, "search", "studies", "--format", "csv");
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] expected =
        [
            "StudyInstanceUID,StudyDate,PatientName,PatientID,ModalitiesInStudy,StudyDescription",
            "1.2.3.0,,,,,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"",
            "1.2.3.1,,,,,'@SUM(1+1)",
            "1.2.3.2,,,,,'+1+2",
            "1.2.3.3,,,,,'-2+3",
            @"1.2.3.4,,,,,'\t=1+1",
            @"1.2.3.5,,,,,'\r=1+1",
            "1.2.3.6,,,,,-12.5",
            "1.2.3.7,,,,,+7",
            "1.2.3.8,,,,,1e5",
            "1.2.3.9,,,,,plain",
        ];
        Assert.Equal(expected, Lines(result.Output));
    }

    [Fact]
    public async Task Json_output_carries_bidirectional_controls_as_escapes_with_the_same_value()
    {
        // U+202E reverses what follows on a terminal; the JSON writer escapes C0 and C1 controls but not it.
        const string name = "right\u202eleft\u2066x\u2069\u001b\u0085";
        string body = $$$"""[{"0020000D":{"vr":"UI","Value":["1.2.3"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":{{{Quoted(name)}}}}]}}]""";
        await using var server = await HostileServer.StartAsync(c => Json(c, body));
        foreach (string[] arguments in new[] { new[] { "search", "studies", "--format", "json" }, ["metadata", "1.2.3"] })
        {
            var result = ToolProcess.Run(["--url", server.Root, .. arguments]);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains(@"right\u202eleft\u2066x\u2069", result.Output);
            AssertNoControlCharacters(result.Output);
            using JsonDocument json = JsonDocument.Parse(result.Output);
            Assert.Equal(name, json.RootElement[0].GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        }
    }

    [Fact]
    public async Task A_file_name_with_control_characters_is_shown_escaped_in_the_list_of_files_not_stored()
    {
        string folder = Directory.CreateTempSubdirectory("dicomweb-cli-hostile-name-").FullName;
        try
        {
            string input = Directory.CreateDirectory(Path.Combine(folder, "in")).FullName;
            await File.WriteAllTextAsync(Path.Combine(input, "bad\u001b]0;title\u0007.dcm"), "not DICOM");
            var result = ToolProcess.Run("--folder", Path.Combine(folder, "store"), "store", input);
            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains(@"bad\x1b]0;title\x07.dcm", result.Error);
            AssertNoControlCharacters(result.Output + result.Error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static Task Json(HttpContext context, string body)
    {
        context.Response.ContentType = "application/dicom+json";
        return context.Response.WriteAsync(body);
    }

    // A JSON string literal: control characters as \u escapes, as a server sends them.
    private static string Quoted(string value) => JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    internal static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Nothing a terminal acts on: no C0 control but the newline, no DEL or C1 control, no bidirectional control.</summary>
    internal static void AssertNoControlCharacters(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool control = c < ' ' && c != '\n' || c is >= '\u007f' and <= '\u009f' || c is '\u061c' or '\u200e' or '\u200f' or (>= '\u2028' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
            Assert.False(control, $"U+{(int)c:X4} at {i}: {text}");
        }
    }
}
