using System.Text;
using DicomWeb.Client;
using DicomWeb.Json;
using DicomWeb.Sdk.Tests.Client;
using Microsoft.AspNetCore.Http;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Tests.Interop;

/// <summary>
/// Search and metadata answered in the non-canonical shapes servers send (issue #13): read by
/// default and normalized; refused with <see cref="DicomWebClientOptions.StrictDicomJson"/>.
/// </summary>
public class TolerantResponseTests
{
    // Written for this test in the shapes of docs/dicom-json.md: US as a string, a lone object
    // where an array belongs, PN as a plain string, a lowercase key, a keyword member, [null].
    private const string SearchAnswer = """
        {"0020000d": {"vr": "UI", "Value": ["1.2.3.4"], "keyword": "StudyInstanceUID"},
         "00100010": {"vr": "PN", "Value": ["Doe^Jane"]},
         "00081030": {"vr": "LO", "Value": [null]},
         "00201208": {"vr": "IS", "Value": ["7"]}}
        """;

    private const string MetadataAnswer = """
        [{"00280010": {"vr": "US", "Value": ["10"]},
          "00280011": {"Value": [12], "vr": "US"},
          "00281050": {"vr": "DS", "Value": ["40"]},
          "00186028": {"vr": "FD", "Value": ["NaN"]},
          "00080018": {"vr": "UI", "Value": ["1.2.3.4.1.1"], "name": "SOP Instance UID"}}]
        """;

    private static Task<FakeServer> Serve(string json) => FakeServer.StartAsync(async context =>
    {
        context.Response.ContentType = "application/dicom+json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(json));
    });

    [Fact]
    public async Task A_search_answered_in_server_shapes_is_read_and_comes_out_canonical()
    {
        await using var server = await Serve(SearchAnswer);
        using var client = new DicomWebClient(server.Root);
        var studies = new List<DicomDataset>();
        await foreach (DicomDataset study in client.SearchAsync(Qido.Studies()))
            studies.Add(study);

        DicomDataset only = Assert.Single(studies);
        Assert.Equal("1.2.3.4", only.Get(StudyInstanceUID));
        Assert.Equal("Doe^Jane", only.Get(PatientName)?.ToString());
        Assert.True(only.Contains(StudyDescription));
        Assert.Null(only.Get(StudyDescription));
        string canonical = DicomJson.Serialize(only);
        Assert.Contains("\"0020000D\"", canonical);
        Assert.DoesNotContain("keyword", canonical);
        Assert.DoesNotContain("null", canonical);
        Assert.Contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^Jane\"}]}", canonical);
    }

    [Fact]
    public async Task Metadata_with_numbers_as_strings_is_read_as_numbers()
    {
        await using var server = await Serve(MetadataAnswer);
        using var client = new DicomWebClient(server.Root);
        IReadOnlyList<DicomDataset> metadata = await client.RetrieveMetadataAsync(Wado.Study("1.2.3.4"));

        DicomDataset instance = Assert.Single(metadata);
        Assert.Equal((ushort)10, instance.Get(Rows));
        Assert.Equal((ushort)12, instance.Get(Columns));
        Assert.Equal("1.2.3.4.1.1", instance.Get(SOPInstanceUID));
        string canonical = DicomJson.Serialize(instance);
        Assert.Contains("\"00280010\":{\"vr\":\"US\",\"Value\":[10]}", canonical);
        Assert.DoesNotContain("\"name\"", canonical);
    }

    [Theory]
    [InlineData(SearchAnswer, true)]
    [InlineData(MetadataAnswer, false)]
    public async Task Strict_refuses_what_the_default_reads(string answer, bool search)
    {
        await using var server = await Serve(answer);
        using var client = new DicomWebClient(server.Root, new DicomWebClientOptions { StrictDicomJson = true });
        var error = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            if (search)
                await foreach (var _ in client.SearchAsync(Qido.Studies())) { }
            else
                await client.RetrieveMetadataAsync(Wado.Study("1.2.3.4"));
        });
        Assert.IsType<DicomJsonException>(error.InnerException);
    }

    [Fact]
    public async Task A_number_that_is_not_a_number_is_refused_in_the_default_mode_too()
    {
        await using var server = await Serve("""[{"00280010": {"vr": "US", "Value": ["ten"]}}]""");
        using var client = new DicomWebClient(server.Root);
        var error = await Assert.ThrowsAsync<DicomWebException>(() => client.RetrieveMetadataAsync(Wado.Study("1.2.3.4")));
        var json = Assert.IsType<DicomJsonException>(error.InnerException);
        Assert.Contains("00280010", json.Message);
    }
}
