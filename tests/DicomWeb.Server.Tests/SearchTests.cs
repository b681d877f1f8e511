using System.Net;
using System.Net.Http.Headers;
using DicomWeb.Client;
using DicomWeb.Json;
using static DicomWeb.DicomTags;

namespace DicomWeb.Server.Tests;

/// <summary>QIDO-RS over HTTP: parameters parsed into the typed query, errors naming the parameter.</summary>
public sealed class SearchTests : IAsyncLifetime
{
    private ServedStore _server = null!;

    public async Task InitializeAsync() => _server = await ServedStore.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(HttpStatusCode Status, IReadOnlyList<DicomDataset> Results, HttpResponseMessage Response)> GetAsync(string relative, string? accept = "application/dicom+json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relative);
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        HttpResponseMessage response = await _server.Http.SendAsync(request);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        IReadOnlyList<DicomDataset> results = response.StatusCode == HttpStatusCode.OK ? DicomJson.DeserializeArray(body) : [];
        return (response.StatusCode, results, response);
    }

    [Fact]
    public async Task Percent_encoded_wildcards_are_decoded_and_tags_work_like_keywords()
    {
        TestData.Study study = await TestData.StoreStudyAsync(_server.Store, patient: "Smithson^John");
        await TestData.StoreStudyAsync(_server.Store, patient: "Jones^Ann");
        Assert.Equal(study.StudyUid, Assert.Single((await GetAsync("studies?PatientName=Smith%2A")).Results).Get(StudyInstanceUID));
        Assert.Single((await GetAsync("studies?PatientName=Smith*")).Results);
        Assert.Single((await GetAsync("studies?00100010=smith%2a")).Results);          // PN matching ignores case
        Assert.Single((await GetAsync("studies?%280010%2C0010%29=Smith*")).Results);  // a tag written (gggg,eeee), encoded
        Assert.Equal(2, (await GetAsync("studies?PatientName=*")).Results.Count);
    }

    [Fact]
    public async Task A_plus_sign_is_a_plus_sign()
    {
        // RFC 3986 query values: "+" is not a space (that is HTML forms). A DT value's UTC offset has one.
        await TestData.StoreStudyAsync(_server.Store);
        var (status, _, response) = await GetAsync("instances?AcquisitionDateTime=20240506120000%2B0100-20240506130000+0100");
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.NoContent, $"{status}: {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData("studies?StudyDate=2024-05-06", "StudyDate")]
    [InlineData("studies?StudyDate=-", "StudyDate")]
    [InlineData("studies?StudyTime=25:00", "StudyTime")]
    [InlineData("studies?StudyInstanceUID=1.2.*", "StudyInstanceUID")]
    [InlineData("studies?StudyInstanceUID=1.2,1.02", "StudyInstanceUID")]
    [InlineData("studies?NumberOfStudyRelatedInstances=many", "NumberOfStudyRelatedInstances")]
    [InlineData("studies?PatientNam=Smith", "PatientNam")]
    [InlineData("studies?limit=abc", "limit")]
    [InlineData("studies?limit=0", "limit")]
    [InlineData("studies?offset=-1", "offset")]
    [InlineData("studies?fuzzymatching=maybe", "fuzzymatching")]
    [InlineData("studies?includefield=Bogus", "includefield")]
    [InlineData("studies?PatientID=1&PatientID=2", "PatientID")]
    [InlineData("studies?ReferencedStudySequence=x", "ReferencedStudySequence")]
    [InlineData("studies?Limit=5", "Limit")]
    [InlineData("studies?PatientName=Smith%0D%0AX-Injected:%201", "PatientName")]
    public async Task An_invalid_parameter_is_400_naming_it(string query, string parameter)
    {
        var (status, _, response) = await GetAsync(query);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        string text = await response.Content.ReadAsStringAsync();
        Assert.Contains(parameter, text);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task No_match_is_204_and_results_are_DICOM_JSON_with_this_servers_RetrieveURL()
    {
        TestData.Study study = await TestData.StoreStudyAsync(_server.Store);
        Assert.Equal(HttpStatusCode.NoContent, (await GetAsync("studies?PatientID=nobody")).Status);
        var (status, results, response) = await GetAsync($"studies?StudyInstanceUID={study.StudyUid}", accept: null);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType!.MediaType);
        DicomDataset found = Assert.Single(results);
        Assert.Equal(new Uri(_server.Root, $"studies/{study.StudyUid}").AbsoluteUri, found.Get(RetrieveURL));
        Assert.Equal(2, found.Get(NumberOfStudyRelatedInstances));
    }

    [Fact]
    public async Task Scoped_searches_page_and_include_fields()
    {
        TestData.Study study = await TestData.StoreStudyAsync(_server.Store, count: 3);
        DicomDataset series = Assert.Single((await GetAsync($"studies/{study.StudyUid}/series")).Results);
        Assert.Equal(new Uri(_server.Root, $"studies/{study.StudyUid}/series/{study.SeriesUid}").AbsoluteUri, series.Get(RetrieveURL));
        var all = (await GetAsync($"studies/{study.StudyUid}/series/{study.SeriesUid}/instances")).Results;
        var page = (await GetAsync($"studies/{study.StudyUid}/instances?limit=2&offset=1")).Results;
        Assert.Equal(3, all.Count);
        Assert.Equal(all.Skip(1).Select(i => i.Get(SOPInstanceUID)), page.Select(i => i.Get(SOPInstanceUID)));
        Assert.False(all[0].Contains(PatientID));
        Assert.Equal(study.Datasets[0].Get(PatientID), (await GetAsync($"studies/{study.StudyUid}/instances?includefield=PatientID&limit=1")).Results[0].Get(PatientID));
        Assert.True((await GetAsync($"instances?SOPInstanceUID={study.Sops[0]}&includefield=all")).Results[0].Contains(Rows));
        // An empty value asks for the attribute without matching on it.
        Assert.Equal("Served", (await GetAsync($"studies?StudyDescription=&StudyInstanceUID={study.StudyUid}")).Results[0].Get(StudyDescription));
    }

    [Fact]
    public async Task The_XML_flavour_is_not_acceptable_and_a_bad_uid_in_the_path_is_400()
    {
        Assert.Equal(HttpStatusCode.NotAcceptable, (await GetAsync("studies", "multipart/related; type=\"application/dicom+xml\"")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await GetAsync("studies", "*/*")).Status);
        var (status, _, response) = await GetAsync("studies/1.2.abc/series");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Study Instance UID", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unsupported_fuzzy_matching_is_a_Warning_299_the_client_reads()
    {
        TestData.Study study = await TestData.StoreStudyAsync(_server.Store);
        var warnings = new List<QidoWarning>();
        var found = new List<DicomDataset>();
        await foreach (DicomDataset result in _server.Client.SearchAsync(Qido.Studies().Where(StudyInstanceUID.Is(study.StudyUid)).FuzzyMatching(), warnings))
            found.Add(result);
        Assert.Single(found);
        Assert.Contains(warnings, w => w.Kind == QidoWarningKind.FuzzyMatchingNotSupported);
    }
}
