using DicomWeb.Client;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Tests.Client;

/// <summary>QIDO-RS against a real Orthanc, with synthetic studies made here.</summary>
[Collection(OrthancCollection.Name)]
public sealed class QidoOrthancTests(OrthancFixture orthanc) : IAsyncLifetime
{
    // Each test gets its own patient ID and twelve studies (xunit makes an instance per test).
    private readonly string _patientId = "P" + SyntheticInstances.NewUid()[^12..];
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-qido-").FullName;
    private readonly List<string> _studies = [];

    public async Task InitializeAsync()
    {
        // Names with characters that need care: ^ ' and non-ASCII.
        string[] names = ["Smith^John", "Smith^Jane", "Smyth^Joe", "Doe^Jane", "O'Brien^Pat", "Müller^Hans", "Smith^Al", "Smith^Bo", "Jones^X", "Smith^Cy", "Lee^Y", "Smith^Di"];
        for (int i = 0; i < names.Length; i++)
        {
            string study = SyntheticInstances.NewUid();
            _studies.Add(study);
            var dataset = SyntheticInstances.Create(study, SyntheticInstances.NewUid(), SyntheticInstances.NewUid(),
                patientName: names[i], patientId: _patientId, modality: i % 3 == 0 ? "CT" : "MR", studyDate: new DateOnly(2025, 1, 1 + i));
            await orthanc.UploadAsync(await SyntheticInstances.WriteFileAsync(dataset, _folder));
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private QidoQuery Mine() => Qido.Studies().Where(PatientID.Is(_patientId));

    private async Task<List<DicomDataset>> Search(QidoQuery query, DicomWebClientOptions? options = null)
    {
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http, options);
        var results = new List<DicomDataset>();
        await foreach (DicomDataset study in client.SearchAsync(query))
            results.Add(study);
        return results;
    }

    [Fact]
    public async Task Wildcards_exact_names_and_date_ranges_match_what_Orthanc_stores()
    {
        var smiths = await Search(Mine().Where(PatientName.Like("Smith*")));
        Assert.Equal(6, smiths.Count);
        Assert.All(smiths, s => Assert.StartsWith("Smith^", s.Get(PatientName)!.ToString(), StringComparison.Ordinal));

        Assert.Equal("Doe^Jane", Assert.Single(await Search(Mine().Where(PatientName.Is("Doe^Jane")))).Get(PatientName)!.ToString());
        Assert.Single(await Search(Mine().Where(PatientName.Like("Sm?th^Joe"))));
        Assert.Single(await Search(Mine().Where(PatientName.Is("O'Brien^Pat"))));

        var january = await Search(Mine().Where(StudyDate.Between(new DateOnly(2025, 1, 3), new DateOnly(2025, 1, 5))));
        Assert.Equal(["20250103", "20250104", "20250105"], january.Select(s => s.Get(StudyDate)!.Value.ToString()).Order());
        Assert.Equal(4, (await Search(Mine().Where(ModalitiesInStudy.Is("CT")))).Count);
        Assert.Equal(2, (await Search(Mine().Where(StudyInstanceUID.In(_studies[0], _studies[1])))).Count);
    }

    [Fact]
    public async Task Open_date_ranges_and_series_and_instance_scopes()
    {
        Assert.Equal(3, (await Search(Mine().Where(StudyDate.From(new DateOnly(2025, 1, 10))))).Count);
        Assert.Equal(2, (await Search(Mine().Where(StudyDate.Until(new DateOnly(2025, 1, 2))))).Count);

        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);
        var series = new List<DicomDataset>();
        await foreach (var s in client.SearchAsync(Qido.Series(_studies[3])))
            series.Add(s);
        string seriesUid = Assert.Single(series).Get(SeriesInstanceUID)!;
        Assert.Equal("CT", series[0].Get(Modality));

        var instances = new List<DicomDataset>();
        await foreach (var i in client.SearchAsync(Qido.Instances(_studies[3], seriesUid)))
            instances.Add(i);
        Assert.Equal(DicomUids.SecondaryCaptureImageStorage, Assert.Single(instances).Get(SOPClassUID));
        var byStudy = new List<DicomDataset>();
        await foreach (var i in client.SearchAsync(Qido.Instances(_studies[3])))
            byStudy.Add(i);
        Assert.Equal(instances[0].Get(SOPInstanceUID), Assert.Single(byStudy).Get(SOPInstanceUID));
        var allSeries = new List<DicomDataset>();
        await foreach (var s in client.SearchAsync(Qido.Series().Where(SeriesInstanceUID.Is(seriesUid))))
            allSeries.Add(s);
        Assert.Single(allSeries);
    }

    [Fact]
    public async Task Paging_with_limit_and_offset_returns_every_study_once()
    {
        var all = await Search(Mine(), new DicomWebClientOptions { QidoPageSize = 5 });
        Assert.Equal(12, all.Count);
        Assert.Equal(12, all.Select(s => s.Get(StudyInstanceUID)).Distinct().Count());
        Assert.Equal(_studies.Order(), all.Select(s => s.Get(StudyInstanceUID)!).Order());

        var limited = await Search(Mine().Limit(7), new DicomWebClientOptions { QidoPageSize = 5 });
        Assert.Equal(7, limited.Count);
        Assert.Equal(5, (await Search(Mine().Offset(7), new DicomWebClientOptions { QidoPageSize = 3 })).Count);
    }

    [Fact]
    public async Task Include_asks_for_more_attributes()
    {
        var study = Assert.Single(await Search(Mine().Where(PatientName.Is("Doe^Jane")).Include(StudyDescription, NumberOfStudyRelatedInstances)));
        Assert.Equal(1, study.Get(NumberOfStudyRelatedInstances));
    }

    [Fact]
    public async Task Typed_search_asks_for_the_models_attributes()
    {
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);
        var rows = new List<StudyRow>();
        await foreach (StudyRow row in client.SearchAsync<StudyRow>(Mine().Where(PatientName.Like("Smith^J*"))))
            rows.Add(row);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(1, r.NumberOfStudyRelatedInstances)); // not returned unless asked for
        Assert.All(rows, r => Assert.Contains(r.StudyInstanceUID, _studies));
        Assert.Equal(["Smith^Jane", "Smith^John"], rows.Select(r => r.PatientName!.ToString()).Order());
    }

    [SharedDataFact("corpus/tutorial")]
    public async Task The_shared_tutorial_instances_are_found_by_their_UIDs()
    {
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);
        foreach (string path in Directory.GetFiles(Path.Combine(RepositoryPaths.Shared, "corpus", "tutorial"), "*.dcm"))
        {
            await orthanc.UploadAsync(path);
            DicomFile file = await DicomFile.OpenAsync(path);
            string sop = file.Dataset.Get(SOPInstanceUID)!;
            var found = new List<DicomDataset>();
            await foreach (var instance in client.SearchAsync(Qido.Instances().Where(SOPInstanceUID.Is(sop)).Include(PatientID)))
                found.Add(instance);
            DicomDataset result = Assert.Single(found);
            Assert.Equal(file.Dataset.Get(StudyInstanceUID), result.Get(StudyInstanceUID));
            Assert.Equal(file.Dataset.Get(SeriesInstanceUID), result.Get(SeriesInstanceUID));
            Assert.Equal(file.Dataset.Get(SOPClassUID), result.Get(SOPClassUID));
        }
    }

    [Fact]
    public async Task Server_errors_name_the_request_and_status()
    {
        using var http = new HttpClient { BaseAddress = new Uri(orthanc.RestRoot, "no-such-root/") };
        var client = new DicomWebClient(http);
        var error = await Assert.ThrowsAsync<DicomWebException>(async () => { await foreach (var _ in client.SearchAsync(Qido.Studies())) { } });
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("no-such-root/studies", error.Message, StringComparison.Ordinal);
    }
}

[DicomWeb.Json.DicomJsonModel]
public partial record StudyRow
{
    public string? StudyInstanceUID { get; init; }
    public PersonName? PatientName { get; init; }
    public DicomDate? StudyDate { get; init; }
    public IReadOnlyList<string> ModalitiesInStudy { get; init; } = [];
    public int? NumberOfStudyRelatedInstances { get; init; }
}
