using DicomWeb.Client;
using DicomWeb.Tests;
using Microsoft.AspNetCore.Http;

namespace DicomWeb.Sdk.Tests.Client;

public class DeleteTests
{
    [Fact]
    public async Task Delete_sends_DELETE_on_the_resource_path_with_the_prefix()
    {
        await using var server = await FakeServer.StartAsync(context =>
        {
            context.Response.StatusCode = context.Request.Method == "DELETE" ? StatusCodes.Status204NoContent : StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        });
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = new DicomWebClient(http, new DicomWebClientOptions { DeletePrefix = "admin/" });
        await client.DeleteAsync(Wado.Study("1.2.3"));
        await client.DeleteAsync(Wado.Study("1.2.3").Series("4.5"));
        await client.DeleteAsync(Wado.Study("1.2.3").Series("4.5").Instance("6.7"));
        Assert.Equal(["/dicom-web/admin/studies/1.2.3", "/dicom-web/admin/studies/1.2.3/series/4.5", "/dicom-web/admin/studies/1.2.3/series/4.5/instances/6.7"], server.Requests);
    }

    [Fact]
    public void Resource_paths_refuse_what_is_not_a_UID()
    {
        Assert.Throws<ArgumentException>(() => Wado.Study("1.2.3/../4"));
        Assert.Throws<ArgumentException>(() => Wado.Study("1.2.3").Series("x"));
        Assert.Throws<ArgumentException>(() => Wado.Study("1.2.3").Instance("4.5"));
        Assert.Equal("studies/1.2.3/series/4.5", Wado.Study("1.2.3").Series("4.5").ToString());
    }
}

[Collection(OrthancCollection.Name)]
public sealed class OrthancDeleteTests(OrthancFixture orthanc)
{
    [Fact]
    public async Task Orthanc_1_10_does_not_offer_delete_and_the_error_says_so()
    {
        using var http = orthanc.CreateClient();
        var error = await Assert.ThrowsAsync<DicomWebException>(() => new DicomWebClient(http).DeleteAsync(Wado.Study("1.2.3")));
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, error.StatusCode);
        Assert.Equal(HttpMethod.Delete, error.Method);
        Assert.Contains("studies/1.2.3", error.Message, StringComparison.Ordinal);
    }
}
