namespace DicomWeb.Cli.Tests;

/// <summary>Usage errors: exit code 2 and one line on stderr, before anything is sent.</summary>
public class UsageTests
{
    // Port 1 on loopback: nothing listens, so a test that got past the checks would fail with exit 3, not 2.
    private const string Nowhere = "http://127.0.0.1:1/dicom-web/";

    [Theory]
    [InlineData("StudyInstanceUID=1.2.3*", "StudyInstanceUID is a UID")]
    [InlineData("StudyDate=2025*", "StudyDate takes no wildcards")]
    [InlineData("StudyDate=20251301", "not a DICOM date")]
    [InlineData("StudyTime=25*", "StudyTime takes no wildcards")]
    [InlineData("NumberOfStudyRelatedInstances=many", "takes an integer")]
    [InlineData("NoSuchKeyword=1", "'NoSuchKeyword' is neither a DICOM keyword nor a tag")]
    [InlineData("PatientName", "is not KEY=VALUE")]
    [InlineData("PixelData=1", "cannot be matched")]
    public void A_match_its_VR_does_not_allow_is_refused_before_sending(string match, string message)
    {
        var result = ToolProcess.Run("--url", Nowhere, "search", "studies", match);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("search", "everything")]
    [InlineData("search", "studies", "--limit", "x")]
    [InlineData("search", "studies", "--format", "xml")]
    [InlineData("retrieve")]
    [InlineData("nosuchverb")]
    [InlineData("retrieve", "1.2.x3", "--out", "/tmp/none")]
    [InlineData("delete", "1.2.3", "4.5.6", "7.8.9", "10.11")]
    [InlineData("search", "studies", "--limit", "0")]
    [InlineData("search", "series", "--series", "1.2.3")]
    [InlineData("retrieve", "1.2.3", "--out", "/tmp/none", "--transfer-syntax", "ExplicitVRLittleEndian")]
    public void A_wrong_command_line_is_exit_2_and_one_line(params string[] arguments)
    {
        var result = ToolProcess.Run(["--url", Nowhere, .. arguments]);
        Assert.True(result.ExitCode == 2, result.ToString());
        string[] lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("dicomweb: ", lines[0]);
    }

    [Theory]
    [InlineData("search studies PatientNam=x", "'PatientNam' is neither a DICOM keyword nor a tag (did you mean PatientName?)")]
    [InlineData("search studies PatinetName=x", "(did you mean PatientName?)")]
    [InlineData("search studies StudyDat=20250101", "(did you mean StudyDate?)")]
    [InlineData("search studies --include PatientBirthDat", "--include 'PatientBirthDat' is neither a DICOM keyword nor a tag (did you mean PatientBirthDate?)")]
    [InlineData("search studies --limt 3", "unknown option '--limt' for dicomweb search (did you mean --limit?)")]
    [InlineData("search studies --fromat csv", "(did you mean --format?)")]
    [InlineData("retrieve --outt x 1.2.3", "unknown option '--outt' for dicomweb retrieve (did you mean --out?)")]
    [InlineData("store --paralel 3 /nonexistent", "(did you mean --parallel?)")]
    [InlineData("--verbos search studies", "(did you mean --verbose?)")]
    [InlineData("serach studies", "unknown verb 'serach' (did you mean search?)")]
    public void A_mistyped_keyword_option_or_verb_gets_did_you_mean(string commandLine, string message)
    {
        var result = ToolProcess.Run(["--url", Nowhere, .. commandLine.Split(' ')]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void No_server_is_exit_2_and_says_how_to_name_one()
    {
        var result = ToolProcess.Run("search", "studies");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--url", result.Error);
        Assert.Contains("DICOMWEB_URL", result.Error);
    }

    [Fact]
    public void An_unreachable_server_is_exit_3()
    {
        var result = ToolProcess.Run("--url", Nowhere, "search", "studies");
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Credentials_are_never_printed_even_with_verbose()
    {
        var environment = new Dictionary<string, string> { ["DICOMWEB_PASSWORD"] = "s3cret-pass-word", ["DICOMWEB_URL"] = Nowhere };
        var result = ToolProcess.Run(environment, "--verbose", "--user", "alice", "search", "studies");
        Assert.Equal(3, result.ExitCode);
        Assert.DoesNotContain("s3cret-pass-word", result.Output + result.Error);
        Assert.DoesNotContain(Convert.ToBase64String("alice:s3cret-pass-word"u8.ToArray()), result.Output + result.Error);

        var token = ToolProcess.Run(new Dictionary<string, string> { ["DICOMWEB_URL"] = Nowhere }, "--verbose", "--token", "tok-123-secret", "search", "studies");
        Assert.Equal(3, token.ExitCode);
        Assert.DoesNotContain("tok-123-secret", token.Output + token.Error);
    }

    [Fact]
    public void A_user_without_a_password_is_a_usage_error()
    {
        var result = ToolProcess.Run("--url", Nowhere, "--user", "alice", "search", "studies");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("DICOMWEB_PASSWORD", result.Error);
    }
}
