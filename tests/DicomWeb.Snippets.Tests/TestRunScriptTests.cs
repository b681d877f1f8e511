using DicomWeb.Tests;

namespace DicomWeb.Snippets.Tests;

/// <summary>
/// tests/project-result.sh, which tests/run-all.sh asks how one test project's run counts: a run
/// must not turn green because a summary was printed before the test host died, or because the
/// exit code of `dotnet test` was lost.
/// </summary>
public sealed class TestRunScriptTests : IDisposable
{
    private const string Summary = "Passed!  - Failed:     0, Passed:    42, Skipped:     2, Total:    44, Duration: 3 s - X.Tests.dll (net10.0)";
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-run-all-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_clean_run_counts_its_tests()
    {
        string[] judged = Judge($"Test run for X.Tests.dll\n{Summary}\n", exitCode: 0);
        Assert.Equal(["0 42 2"], judged);
    }

    [Fact]
    public void A_summary_followed_by_an_aborted_host_is_a_failure()
    {
        // What a stack overflow in a test collection that ends last prints: the others' summary first.
        string[] judged = Judge($"{Summary}\nThe active test run was aborted. Reason: Test host process crashed : Stack overflow.\nTest Run Aborted.\n", exitCode: 1);
        Assert.Equal("1 42 2", judged[0]);
        Assert.Contains(judged, line => line.Contains("the test host aborted", StringComparison.Ordinal));
    }

    [Fact]
    public void A_non_zero_exit_code_without_failed_tests_is_a_failure()
    {
        string[] judged = Judge($"{Summary}\n", exitCode: 134);
        Assert.Equal("1 42 2", judged[0]);
        Assert.Contains(judged, line => line.Contains("exited with 134", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_without_summary_is_one_failure()
    {
        string[] judged = Judge("The active test run was aborted. Reason: Test host process crashed : Stack overflow.\nTest Run Aborted.\n", exitCode: 1);
        Assert.Equal("1 0 0", judged[0]);
    }

    [Fact]
    public void Failed_tests_are_counted_once_with_their_exit_code()
    {
        string[] judged = Judge("Failed!  - Failed:     3, Passed:    10, Skipped:     0, Total:    13, Duration: 1 s - X.Tests.dll (net10.0)\n", exitCode: 1);
        Assert.Equal(["3 10 0"], judged);
    }

    private string[] Judge(string log, int exitCode)
    {
        string path = Path.Combine(_folder, "test.log");
        File.WriteAllText(path, log);
        var result = DotnetCli.Run(_folder, null, "bash", RepositoryPaths.InRepository("tests", "project-result.sh"), "X.Tests", path, exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ShouldSucceed("project-result.sh");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
