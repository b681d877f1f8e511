using DicomWeb.Client;
using static DicomWeb.Sdk.Tests.Hostile.Hostile;

namespace DicomWeb.Sdk.Tests.Hostile;

/// <summary>
/// No local file or other path through data: a BulkDataURI from a server's metadata is resolved
/// (RFC 3986) against the metadata URL or the WADO-RS root and followed only on the client's
/// origin, under its DICOMweb root.
/// </summary>
public sealed class HostileBulkDataUriTests
{
    private static Task<HostileServer> Bulk() => HostileServer.StartAsync(async (context, self) =>
    {
        context.Response.ContentType = "multipart/related; type=\"application/octet-stream\"; boundary=b";
        await self.WriteAsync(context, "--b\r\nContent-Type: application/octet-stream\r\n\r\n123\r\n--b--"u8.ToArray());
    });

    [Theory]
    [InlineData("file:///etc/passwd#offset=0&length=64", true)]
    [InlineData("//other-host/x", true)]
    [InlineData("/bulk/1", true)]
    [InlineData("/dicom-webx/bulk/1", true)]
    [InlineData("../../admin", false)]   // from the root: /admin; from an instance's metadata it stays under the root
    [InlineData("../admin", false)]
    [InlineData("%2e%2e/%2E%2E/admin", false)]
    [InlineData("studies/%2e%2e/%2e%2e/%2e%2e/admin", false)]
    [InlineData("../../../../../../../admin", true)]
    [InlineData("data:application/octet-stream;base64,AAAA", true)]
    [InlineData("http://127.0.0.1:1/dicom-web/bulk/1", true)]
    public async Task A_uri_that_leaves_the_DICOMweb_root_is_refused_naming_it_and_nothing_is_requested(string uri, bool fromMetadataToo)
    {
        await using var server = await Bulk();
        using var client = new DicomWebClient(server.Root);
        var error = Assert.Throws<ArgumentException>(() => client.RetrieveBulkDataAsync(uri));
        Assert.Contains(uri, error.Message);
        if (fromMetadataToo)
        {
            var relative = Assert.Throws<ArgumentException>(() => client.RetrieveBulkDataAsync(uri, client.MetadataUrl(Instance)));
            Assert.Contains(uri, relative.Message);
        }
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Uris_are_resolved_against_the_metadata_url_or_the_root_and_user_info_is_refused()
    {
        await using var server = await Bulk();
        using var client = new DicomWebClient(server.Root);
        CancellationToken safety = Safety();
        await WadoRs.Parts.ReadAll(client.RetrieveBulkDataAsync("bulk/7fe00010", client.MetadataUrl(Instance), cancellationToken: safety));
        await WadoRs.Parts.ReadAll(client.RetrieveBulkDataAsync("studies/1.2.3/bulk/1", cancellationToken: safety));
        await WadoRs.Parts.ReadAll(client.RetrieveBulkDataAsync(server.Root + "studies/1.2.3/bulk/2", cancellationToken: safety));
        Assert.Equal(
            ["/dicom-web/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/bulk/7fe00010", "/dicom-web/studies/1.2.3/bulk/1", "/dicom-web/studies/1.2.3/bulk/2"],
            server.Requests.Select(r => r.PathAndQuery));

        string withUser = $"http://user:pw@{server.Origin.Authority}/dicom-web/bulk/1";
        Assert.Throws<ArgumentException>(() => client.RetrieveBulkDataAsync(withUser));
        var outside = Assert.Throws<ArgumentException>(() => client.RetrieveBulkDataAsync("bulk/1", new Uri(server.Origin, "/admin/metadata")));
        Assert.Contains("/admin/metadata", outside.Message);
        Assert.Equal(3, server.Requests.Count);
    }
}
