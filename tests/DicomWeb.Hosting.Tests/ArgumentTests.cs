using Microsoft.Extensions.DependencyInjection;

namespace DicomWeb.Hosting.Tests;

/// <summary>Registration arguments are checked when the application is put together, not at the first request.</summary>
public sealed class ArgumentTests
{
    [Fact]
    public void A_basic_user_name_with_a_colon_is_refused_without_echoing_the_password()
    {
        IHttpClientBuilder http = new ServiceCollection().AddDicomWebClient(o => o.BaseAddress = new Uri("https://pacs.example.org/dicom-web/"));
        var error = Assert.Throws<ArgumentException>(() => http.AddBasicAuthentication("domain:user", "s3cret-9d1"));
        Assert.Equal("userName", error.ParamName);
        Assert.DoesNotContain("s3cret-9d1", error.ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => http.AddBasicAuthentication("", "x"));
    }

    [Fact]
    public void A_negative_refresh_margin_and_a_missing_token_source_are_refused()
    {
        IHttpClientBuilder http = new ServiceCollection().AddDicomWebClient(o => o.BaseAddress = new Uri("https://pacs.example.org/dicom-web/"));
        Assert.Throws<ArgumentOutOfRangeException>(() => http.AddBearerToken(_ => ValueTask.FromResult(new BearerToken("t", DateTimeOffset.MaxValue)), TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentNullException>(() => http.AddBearerToken(null!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_token_acquisition_timeout_that_is_not_positive_is_refused(int milliseconds)
    {
        IHttpClientBuilder http = new ServiceCollection().AddDicomWebClient(o => o.BaseAddress = new Uri("https://pacs.example.org/dicom-web/"));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => http.AddBearerToken(_ => ValueTask.FromResult(new BearerToken("t", DateTimeOffset.MaxValue)), tokenAcquisitionTimeout: TimeSpan.FromMilliseconds(milliseconds)));
        Assert.Equal("tokenAcquisitionTimeout", error.ParamName);
        http.AddBearerToken(_ => ValueTask.FromResult(new BearerToken("t", DateTimeOffset.MaxValue)), tokenAcquisitionTimeout: Timeout.InfiniteTimeSpan);
    }

    [Fact]
    public void A_client_needs_a_name()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentException>(() => services.AddDicomWebClient("", o => { }));
        Assert.Throws<ArgumentNullException>(() => services.AddDicomWebClient((Action<DicomWeb.Client.DicomWebClientOptions>)null!));
    }
}
