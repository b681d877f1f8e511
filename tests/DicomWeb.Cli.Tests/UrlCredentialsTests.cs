using DicomWeb.Tests;

namespace DicomWeb.Cli.Tests;

/// <summary>An Orthanc of its own that needs HTTP basic credentials (the harness's Orthanc needs none).</summary>
public sealed class AuthenticatingOrthancFixture : OrthancServer, IAsyncLifetime
{
    public const string User = "radiologist";
    public const string Password = "pässwörd:with-colon";

    public AuthenticatingOrthancFixture()
        : base(new Dictionary<string, string> { [User] = Password })
    {
    }

    public Task InitializeAsync() => StartAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

/// <summary>
/// <c>--url http://user:password@host/</c>: the user information is Basic authentication, as curl
/// takes it, and no output names it (nor the query values of the request), with or without --verbose.
/// </summary>
public sealed class UrlCredentialsTests(AuthenticatingOrthancFixture orthanc) : IClassFixture<AuthenticatingOrthancFixture>
{
    private const string PatientId = "CLI-SECRET-4711";

    // The password percent-encoded as a URL carries it: "ä" and "ö" in UTF-8; the colon after the first one is the password's own.
    private string UrlWith(string password) =>
        $"http://{AuthenticatingOrthancFixture.User}:{Uri.EscapeDataString(password).Replace("%3A", ":", StringComparison.Ordinal)}@127.0.0.1:{orthanc.Port}/dicom-web/";

    private static void AssertNoSecret(ToolProcess.Result result, params string[] secrets)
    {
        foreach (string secret in secrets.Append(PatientId))
        {
            Assert.DoesNotContain(secret, result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task User_information_in_the_URL_authenticates_the_requests()
    {
        string patient = "CLI-AUTH-" + Guid.NewGuid().ToString("N")[..8];
        using var part10 = new MemoryStream();
        await DicomFile.Create(SyntheticInstances.Create(SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), patientName: "Cli^Auth", patientId: patient)).SaveAsync(part10);
        await orthanc.UploadAsync(part10.ToArray());

        var result = ToolProcess.Run("--url", UrlWith(AuthenticatingOrthancFixture.Password), "search", "studies", $"PatientID={patient}");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(patient, result.Output, StringComparison.Ordinal);   // found: Orthanc took the credentials
        AssertNoSecret(result, "pässwörd", "p%C3%A4ssw%C3%B6rd");
    }

    [Fact]
    public void A_refused_password_in_the_URL_is_not_printed_nor_the_query_values_even_with_verbose()
    {
        const string wrong = "wrong-pässwörd-77";
        var result = ToolProcess.Run("--verbose", "--url", UrlWith(wrong), "search", "studies", $"PatientID={PatientId}");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("401", result.Error, StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:{orthanc.Port}/dicom-web/studies?PatientID=REDACTED", result.Error, StringComparison.Ordinal);
        AssertNoSecret(result, "wrong-p", AuthenticatingOrthancFixture.User);
    }

    [Fact]
    public void User_information_in_an_unreachable_URL_is_not_printed()
    {
        var result = ToolProcess.Run("--verbose", "--url", "http://alice:s3cret-pw@127.0.0.1:1/dicom-web/", "search", "studies", $"PatientID={PatientId}");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("http://127.0.0.1:1/dicom-web/studies?PatientID=REDACTED", result.Error, StringComparison.Ordinal);
        AssertNoSecret(result, "s3cret-pw", "alice");
    }

    [Theory]
    [InlineData("http://alice:s3cret-pw@127.0.0.1:1/dicom-web/", "--user", "bob")]
    [InlineData("http://alice:s3cret-pw@127.0.0.1:1/dicom-web/", "--token", "tok")]
    [InlineData("http://alice@127.0.0.1:1/dicom-web/")]
    [InlineData("http://alice:s3cret-pw@[::1/dicom-web/")]
    public void User_information_with_other_credentials_or_in_a_bad_URL_is_a_usage_error_that_does_not_repeat_it(string url, params string[] more)
    {
        var result = ToolProcess.Run(["--verbose", "--url", url, .. more, "search", "studies"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("dicomweb: ", result.Error, StringComparison.Ordinal);
        AssertNoSecret(result, "s3cret-pw", "alice");
    }
}
