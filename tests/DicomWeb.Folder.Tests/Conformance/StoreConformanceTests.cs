using System.Net;
using DicomWeb.Client;
using DicomWeb.Json;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Folder.Tests.Conformance;

/// <summary>
/// One conformance suite, two stores: every scenario runs against Orthanc and against
/// DicomFolderClient through IDicomWebClient, and both must agree. Each test makes its own
/// patient, study and UIDs, so tests do not see each other's data on the shared Orthanc. Where
/// Orthanc departs from the standard, the Orthanc subclass says so by overriding a property, and
/// the folder store keeps to the standard.
/// </summary>
public abstract class StoreConformanceTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("dicomweb-conformance-").FullName;

    protected IDicomWebClient Store { get; private set; } = null!;

    /// <summary>The store under test.</summary>
    protected abstract IDicomWebClient CreateStore();

    /// <summary>A different instance under a stored SOP Instance UID is refused (PS3.4: duplicate SOP instance); Orthanc keeps the first and says stored.</summary>
    protected virtual bool RefusesDifferentDuplicate => true;

    /// <summary>Delete (not in PS3.18) is offered; Orthanc 1.10's DICOMweb plugin answers 405.</summary>
    protected virtual bool OffersDelete => true;

    public Task InitializeAsync()
    {
        Store = CreateStore();
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    // A study of three instances in two series (OT and a 3-frame MR), for one unique patient.
    private sealed record Study(string Patient, string StudyUid, string Series1, string Series2, string[] Sops, DicomDataset[] Datasets);

    private async Task<Study> StoreStudyAsync(DateOnly? date = null, string? patient = null)
    {
        patient ??= "Conf" + Guid.NewGuid().ToString("N")[..10] + "^Jane";
        string study = SyntheticInstances.NewUid(), series1 = SyntheticInstances.NewUid(), series2 = SyntheticInstances.NewUid();
        string[] sops = [SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), SyntheticInstances.NewUid()];
        string id = "ID" + Guid.NewGuid().ToString("N")[..8];
        DicomDataset[] datasets =
        [
            SyntheticInstances.Create(study, series1, sops[0], patient, id, "OT", date, 1, customize: d => d.Set(AccessionNumber, "ACC" + id).Set(StudyDescription, "Conformance").Set(SeriesNumber, 1)),
            SyntheticInstances.Create(study, series1, sops[1], patient, id, "OT", date, 2, customize: d => d.Set(AccessionNumber, "ACC" + id).Set(StudyDescription, "Conformance").Set(SeriesNumber, 1)),
            SyntheticInstances.Create(study, series2, sops[2], patient, id, "MR", date, 1, frames: 3, customize: d => d.Set(AccessionNumber, "ACC" + id).Set(StudyDescription, "Conformance").Set(SeriesNumber, 2)),
        ];
        var files = new List<string>();
        foreach (DicomDataset dataset in datasets)
            files.Add(await SyntheticInstances.WriteFileAsync(dataset, _work));
        StowResult result = await Store.StoreAsync(files);
        Assert.True(result.AllStored, result.ToString());
        Assert.Equal(sops, result.Stored.Select(s => s.SopInstanceUid));
        return new Study(patient, study, series1, series2, sops, datasets);
    }

    private async Task<List<DicomDataset>> Search(QidoQuery query)
    {
        var results = new List<DicomDataset>();
        await foreach (DicomDataset result in Store.SearchAsync(query))
            results.Add(result);
        return results;
    }

    [Fact]
    public async Task Study_search_returns_the_computed_attributes()
    {
        Study study = await StoreStudyAsync();
        DicomDataset found = Assert.Single(await Search(Qido.Studies().Where(StudyInstanceUID.Is(study.StudyUid))));
        Assert.Equal(study.StudyUid, found.Get(StudyInstanceUID));
        Assert.Equal(study.Patient, found.Get(PatientName)?.ToString());
        Assert.Equal(2, found.Get(NumberOfStudyRelatedSeries));
        Assert.Equal(3, found.Get(NumberOfStudyRelatedInstances));
        Assert.Equal(["MR", "OT"], found.GetAll(ModalitiesInStudy).Order());
        Assert.Equal("20250115", found.Get(StudyDate)?.ToString());
    }

    [Fact]
    public async Task Series_and_instances_searches_are_scoped_and_counted()
    {
        Study study = await StoreStudyAsync();
        List<DicomDataset> series = await Search(Qido.Series(study.StudyUid));
        Assert.Equal(new[] { study.Series1, study.Series2 }.Order(StringComparer.Ordinal), series.Select(s => s.Get(SeriesInstanceUID)!).Order(StringComparer.Ordinal));
        Assert.Equal(2, series.Single(s => s.Get(SeriesInstanceUID) == study.Series1).Get(NumberOfSeriesRelatedInstances));
        Assert.Equal("MR", series.Single(s => s.Get(SeriesInstanceUID) == study.Series2).Get(Modality));
        List<DicomDataset> instances = await Search(Qido.Instances(study.StudyUid, study.Series1));
        Assert.Equal(study.Sops[..2].Order(), instances.Select(i => i.Get(SOPInstanceUID)!).Order());
        Assert.All(instances, i => Assert.Equal(DicomUids.SecondaryCaptureImageStorage, i.Get(SOPClassUID)));
    }

    [Fact]
    public async Task PatientName_wildcards_match_case_insensitively()
    {
        Study study = await StoreStudyAsync();
        string family = study.Patient.Split('^')[0];
        Assert.Single(await Search(Qido.Studies().Where(PatientName.Like(family[..8] + "*"))));
        Assert.Single(await Search(Qido.Studies().Where(PatientName.Like(family.ToLowerInvariant()[..8] + "*"))));
        Assert.Single(await Search(Qido.Studies().Where(PatientName.Like(family[..4] + "?" + family[5..] + "^*"))));
        Assert.Single(await Search(Qido.Studies().Where(PatientName.Is(study.Patient))));
        Assert.Empty(await Search(Qido.Studies().Where(PatientName.Like(family + "X*"))));
    }

    [Fact]
    public async Task Dates_match_single_values_and_ranges()
    {
        var day = new DateOnly(2019, 3, 7);
        Study study = await StoreStudyAsync(day);
        QidoQuery mine = Qido.Studies().Where(PatientID.Is(study.Datasets[0].Get(PatientID)!));
        Assert.Single(await Search(mine.Where(StudyDate.Is(day))));
        Assert.Single(await Search(mine.Where(StudyDate.Between(day.AddDays(-1), day.AddDays(1)))));
        Assert.Single(await Search(mine.Where(StudyDate.From(day))));
        Assert.Single(await Search(mine.Where(StudyDate.Until(day))));
        Assert.Empty(await Search(mine.Where(StudyDate.From(day.AddDays(1)))));
        Assert.Empty(await Search(mine.Where(StudyDate.Between(day.AddDays(-9), day.AddDays(-1)))));
    }

    [Fact]
    public async Task Times_match_ranges()
    {
        Study study = await StoreStudyAsync();
        QidoQuery mine = Qido.Studies().Where(PatientID.Is(study.Datasets[0].Get(PatientID)!));
        Assert.Single(await Search(mine.Where(StudyTime.Between(new TimeOnly(10, 0), new TimeOnly(10, 30)))));
        Assert.Empty(await Search(mine.Where(StudyTime.Between(new TimeOnly(11, 0), new TimeOnly(12, 0)))));
    }

    [Fact]
    public async Task Uid_lists_modalities_and_text_match()
    {
        Study one = await StoreStudyAsync();
        Study two = await StoreStudyAsync();
        List<DicomDataset> both = await Search(Qido.Studies().Where(StudyInstanceUID.In(one.StudyUid, two.StudyUid)));
        Assert.Equal(new[] { one.StudyUid, two.StudyUid }.Order(StringComparer.Ordinal), both.Select(s => s.Get(StudyInstanceUID)!).Order(StringComparer.Ordinal));
        QidoQuery mine = Qido.Studies().Where(PatientID.Is(one.Datasets[0].Get(PatientID)!));
        Assert.Single(await Search(mine.Where(ModalitiesInStudy.Is("MR"))));
        Assert.Empty(await Search(mine.Where(ModalitiesInStudy.Is("CT"))));
        Assert.Single(await Search(mine.Where(AccessionNumber.Is(one.Datasets[0].Get(AccessionNumber)!))));
        Assert.Single(await Search(Qido.Series(one.StudyUid).Where(Modality.Is("MR"))));
        Assert.Single(await Search(Qido.Instances(one.StudyUid).Where(SOPInstanceUID.Is(one.Sops[2]))));
        Assert.Equal(2, (await Search(Qido.Instances(one.StudyUid).Where(InstanceNumber.Is(1)))).Count);
    }

    [Fact]
    public async Task Includefield_adds_attributes()
    {
        Study study = await StoreStudyAsync();
        DicomDataset plain = Assert.Single(await Search(Qido.Studies().Where(StudyInstanceUID.Is(study.StudyUid))));
        DicomDataset included = Assert.Single(await Search(Qido.Studies().Where(StudyInstanceUID.Is(study.StudyUid)).Include(StudyDescription)));
        Assert.Equal("Conformance", included.Get(StudyDescription));
        Assert.False(plain.Contains(Rows));
    }

    [Fact]
    public async Task Limit_and_offset_page_the_results()
    {
        Study study = await StoreStudyAsync();
        QidoQuery all = Qido.Instances(study.StudyUid);
        List<string> every = [.. (await Search(all)).Select(i => i.Get(SOPInstanceUID)!)];
        Assert.Equal(3, every.Count);
        List<string> page1 = [.. (await Search(all.Limit(2))).Select(i => i.Get(SOPInstanceUID)!)];
        List<string> page2 = [.. (await Search(all.Limit(2).Offset(2))).Select(i => i.Get(SOPInstanceUID)!)];
        Assert.Equal(2, page1.Count);
        Assert.Single(page2);
        Assert.Equal(every.Order(), page1.Concat(page2).Order());
    }

    [Fact]
    public async Task Typed_search_and_metadata_read_the_model()
    {
        Study study = await StoreStudyAsync();
        var rows = new List<ConformanceStudyRow>();
        await foreach (ConformanceStudyRow row in Store.SearchAsync<ConformanceStudyRow>(Qido.Studies().Where(StudyInstanceUID.Is(study.StudyUid))))
            rows.Add(row);
        ConformanceStudyRow only = Assert.Single(rows);
        Assert.Equal("Conformance", only.StudyDescription);
        Assert.Equal(3, only.NumberOfStudyRelatedInstances);
        IReadOnlyList<ConformanceStudyRow> metadata = await Store.RetrieveMetadataAsync<ConformanceStudyRow>(Wado.Study(study.StudyUid).Series(study.Series1));
        Assert.Equal(2, metadata.Count);
        Assert.All(metadata, m => Assert.Equal(study.StudyUid, m.StudyInstanceUID));
    }

    [Fact]
    public async Task Retrieve_returns_every_instance_as_Part10()
    {
        Study study = await StoreStudyAsync();
        var sops = new List<string>();
        await foreach (DicomPart part in Store.RetrieveAsync(Wado.Study(study.StudyUid)))
        {
            Assert.Equal("application/dicom", part.MediaType);
            DicomFile file = await DicomFile.OpenAsync(part.Content);
            sops.Add(file.Dataset.Get(SOPInstanceUID)!);
        }
        Assert.Equal(study.Sops.Order(), sops.Order());
        string folder = Path.Combine(_work, "saved");
        IReadOnlyList<string> saved = await Store.SaveInstancesAsync(Wado.Study(study.StudyUid).Series(study.Series1), folder);
        Assert.Equal(study.Sops[..2].Select(s => Path.Combine(folder, s + ".dcm")).Order(), saved.Order());
    }

    [Fact]
    public async Task Metadata_names_pixel_data_by_a_BulkDataURI_the_client_resolves()
    {
        Study study = await StoreStudyAsync();
        WadoResource instance = Wado.Study(study.StudyUid).Series(study.Series1).Instance(study.Sops[0]);
        DicomDataset metadata = Assert.Single(await Store.RetrieveMetadataAsync(instance));
        Assert.Equal(study.Patient, metadata.Get(PatientName)?.ToString());
        DicomBulkData pixels = metadata.GetBulkData(PixelData.Tag)!;
        Assert.NotNull(pixels.Uri);
        var bytes = new MemoryStream();
        await foreach (DicomPart part in Store.RetrieveBulkDataAsync(pixels.Uri!, Store.MetadataUrl(instance)))
            await part.Content.CopyToAsync(bytes);
        Assert.Equal(study.Datasets[0].GetBulkData(PixelData.Tag)!.Bytes!.Value.ToArray(), bytes.ToArray());
    }

    [Fact]
    public async Task Frames_of_a_multiframe_instance_come_in_the_order_asked()
    {
        Study study = await StoreStudyAsync();
        byte[] pixels = study.Datasets[2].GetBulkData(PixelData.Tag)!.Bytes!.Value.ToArray();
        var frames = new List<byte[]>();
        await foreach (DicomPart part in Store.RetrieveAsync(Wado.Study(study.StudyUid).Series(study.Series2).Instance(study.Sops[2]).Frames(3, 1)))
        {
            var frame = new MemoryStream();
            await part.Content.CopyToAsync(frame);
            frames.Add(frame.ToArray());
        }
        Assert.Equal(2, frames.Count);
        Assert.Equal(pixels[512..768], frames[0]);
        Assert.Equal(pixels[..256], frames[1]);
    }

    [Fact]
    public async Task Storing_again_the_same_instance_is_harmless_and_bad_input_fails_alone()
    {
        Study study = await StoreStudyAsync();
        string same = await SyntheticInstances.WriteFileAsync(study.Datasets[0], _work);
        string notDicom = Path.Combine(_work, "notes.txt");
        await File.WriteAllTextAsync(notDicom, "not a DICOM file");
        StowResult result = await Store.StoreAsync([same, notDicom]);
        Assert.Equal(study.Sops[0], Assert.Single(result.Stored).SopInstanceUid);
        StowFailedInstance failed = Assert.Single(result.Failed);
        Assert.Null(failed.SopInstanceUid);
        Assert.Equal(notDicom, failed.Source);
        Assert.Equal(3, (await Search(Qido.Instances(study.StudyUid))).Count);
    }

    [Fact]
    public async Task A_different_instance_under_a_stored_SOP_Instance_UID_is_not_silently_taken()
    {
        Study study = await StoreStudyAsync();
        DicomDataset changed = SyntheticInstances.Create(study.StudyUid, study.Series1, study.Sops[0], study.Patient, study.Datasets[0].Get(PatientID)!, "OT",
            customize: d => d.Set(StudyDescription, "Changed"));
        StowResult result = await Store.StoreAsync([await SyntheticInstances.WriteFileAsync(changed, Directory.CreateTempSubdirectory("dicomweb-changed-").FullName)]);
        DicomDataset metadata = Assert.Single(await Store.RetrieveMetadataAsync(Wado.Study(study.StudyUid).Series(study.Series1).Instance(study.Sops[0])));
        if (RefusesDifferentDuplicate)
        {
            StowFailedInstance failed = Assert.Single(result.Failed);
            Assert.Equal(study.Sops[0], failed.SopInstanceUid);
            Assert.Equal(0x0111, failed.FailureReason);
            Assert.Equal("Conformance", metadata.Get(StudyDescription));
        }
        else
        {
            // Orthanc (OverwriteInstances false by default) reports the instance stored and keeps the first one.
            Assert.Single(result.Stored);
        }
    }

    [Fact]
    public async Task Delete_removes_a_series_then_the_study()
    {
        Study study = await StoreStudyAsync();
        if (!OffersDelete)
        {
            var refused = await Assert.ThrowsAsync<DicomWebException>(() => Store.DeleteAsync(Wado.Study(study.StudyUid).Series(study.Series2)));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
            return;
        }
        await Store.DeleteAsync(Wado.Study(study.StudyUid).Series(study.Series2));
        DicomDataset left = Assert.Single(await Search(Qido.Studies().Where(StudyInstanceUID.Is(study.StudyUid))));
        Assert.Equal(1, left.Get(NumberOfStudyRelatedSeries));
        Assert.Equal(2, left.Get(NumberOfStudyRelatedInstances));
        await Store.DeleteAsync(Wado.Study(study.StudyUid));
        Assert.Empty(await Search(Qido.Studies().Where(StudyInstanceUID.Is(study.StudyUid))));
        var missing = await Assert.ThrowsAsync<DicomWebException>(() => Store.RetrieveMetadataAsync(Wado.Study(study.StudyUid)));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_study_that_is_not_there_is_404()
    {
        var missing = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomPart _ in Store.RetrieveAsync(Wado.Study(SyntheticInstances.NewUid())))
            {
            }
        });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}

[DicomJsonModel]
public partial record ConformanceStudyRow
{
    public string? StudyInstanceUID { get; init; }
    public string? StudyDescription { get; init; }
    public int? NumberOfStudyRelatedInstances { get; init; }
}

/// <summary>The suite against the test Orthanc.</summary>
[Collection(OrthancCollection.Name)]
public sealed class OrthancConformanceTests(OrthancFixture orthanc) : StoreConformanceTests
{
    protected override IDicomWebClient CreateStore() => new DicomWebClient(orthanc.CreateClient());

    protected override bool RefusesDifferentDuplicate => false;

    protected override bool OffersDelete => false;
}

/// <summary>The suite against a folder store in a temporary folder.</summary>
public sealed class FolderConformanceTests : StoreConformanceTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-folder-").FullName;

    protected override IDicomWebClient CreateStore() => DicomFolderClient.Open(_folder);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
