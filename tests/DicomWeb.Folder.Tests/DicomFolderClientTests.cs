using System.Net;
using DicomWeb.Client;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Folder.Tests;

/// <summary>What only a folder store has: its files, its index, and what it refuses to read.</summary>
public sealed class DicomFolderClientTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-folder-").FullName;
    private readonly string _work = Directory.CreateTempSubdirectory("dicomweb-folder-work-").FullName;

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        Directory.Delete(_work, recursive: true);
    }

    private static DicomDataset Instance(string? study = null, string? series = null, string? patient = null, Action<DicomDataset>? customize = null) =>
        SyntheticInstances.Create(study ?? SyntheticInstances.NewUid(), series ?? SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), patient ?? "Doe^Jane", customize: customize);

    private static async Task<List<DicomDataset>> Search(IDicomWebClient client, QidoQuery query)
    {
        var results = new List<DicomDataset>();
        await foreach (DicomDataset result in client.SearchAsync(query))
            results.Add(result);
        return results;
    }

    [Fact]
    public async Task Stored_instances_are_files_named_by_their_UIDs_and_no_temporary_file_is_left()
    {
        DicomDataset dataset = Instance();
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        StowResult result = await store.StoreAsync([dataset]);
        StowStoredInstance stored = Assert.Single(result.Stored);
        string expected = Path.Combine(_folder, dataset.Get(StudyInstanceUID)!, dataset.Get(SeriesInstanceUID)!, dataset.Get(SOPInstanceUID) + ".dcm");
        Assert.True(File.Exists(expected));
        Assert.Equal(new Uri($"dicomweb-folder://local/studies/{dataset.Get(StudyInstanceUID)}/series/{dataset.Get(SeriesInstanceUID)}/instances/{dataset.Get(SOPInstanceUID)}"), stored.RetrieveUrl);
        Assert.Empty(Directory.EnumerateFiles(_folder, ".stow-*", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(_folder, ".dicomweb-index.sqlite")));
    }

    [Fact]
    public async Task Files_put_in_the_folder_are_indexed_on_open_and_only_changes_are_read_again()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "import", "deep"));
        for (int i = 0; i < 5; i++)
            await SyntheticInstances.WriteFileAsync(Instance(patient: "Imported^" + i), Path.Combine(_folder, "import", "deep"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "import", "readme.txt"), "not DICOM");

        var first = new List<FolderIndexProgress>();
        using (DicomFolderClient store = DicomFolderClient.Open(_folder, progress: new SyncProgress<FolderIndexProgress>(first.Add)))
        {
            Assert.Equal(5, store.InstanceCount);
            FolderSkippedFile skipped = Assert.Single(store.SkippedFiles);
            Assert.Equal(Path.Combine("import", "readme.txt"), skipped.File);
            Assert.StartsWith("not a DICOM file", skipped.Reason);
            Assert.Single(await Search(store, Qido.Studies().Where(PatientName.Like("imported^3"))));
        }
        Assert.Equal(6, first.Count);
        Assert.All(first, p => Assert.Equal(6, p.FilesToRead));

        // Reopened unchanged: nothing is read. One file removed, one added: those two only.
        var second = new List<FolderIndexProgress>();
        using (DicomFolderClient store = DicomFolderClient.Open(_folder, progress: new SyncProgress<FolderIndexProgress>(second.Add)))
            Assert.Equal(5, store.InstanceCount);
        Assert.Empty(second);
        File.Delete(Directory.EnumerateFiles(Path.Combine(_folder, "import", "deep")).First());
        await SyntheticInstances.WriteFileAsync(Instance(patient: "Added^Later"), Path.Combine(_folder, "import"));
        var third = new List<FolderIndexProgress>();
        using (DicomFolderClient store = DicomFolderClient.Open(_folder, progress: new SyncProgress<FolderIndexProgress>(third.Add)))
        {
            Assert.Equal(5, store.InstanceCount);
            Assert.Single(await Search(store, Qido.Studies().Where(PatientName.Is("Added^Later"))));
        }
        Assert.Single(third);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("file:///etc/passwd#offset=0&length=64")]
    [InlineData("http://example.org/studies/1.2/series/3.4/instances/5.6/bulkdata/7FE00010")]
    [InlineData("dicomweb-folder://local/../../etc/passwd")]
    [InlineData("dicomweb-folder://local/studies/1.2/series/3.4/instances/5.6/bulkdata/..%2F..%2Fetc")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("studies/1.2/series/3.4/instances/5.6/bulkdata/7FE00010/../../../../x")]
    public async Task A_BulkDataURI_that_is_not_a_value_of_the_store_is_not_followed(string uri)
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (DicomPart _ in store.RetrieveBulkDataAsync(uri))
            {
            }
        });
    }

    [Fact]
    public async Task Match_values_are_parameters_not_SQL()
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        await store.StoreAsync([Instance(patient: "Doe^Jane")]);
        Assert.Empty(await Search(store, Qido.Studies().Where(PatientName.Like("x' OR 1=1 --*"))));
        Assert.Empty(await Search(store, Qido.Studies().Where("PatientID", "') OR ('1'='1")));
        Assert.Single(await Search(store, Qido.Studies()));
    }

    [Fact]
    public async Task Wildcards_are_literal_for_VRs_that_do_not_allow_them_and_brackets_are_text()
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        await store.StoreAsync([Instance(customize: d => d.Set(StudyDescription, "Head [contrast]"))]);
        Assert.Single(await Search(store, Qido.Studies().Where(StudyDescription.Like("Head [contrast]*"))));
        Assert.Empty(await Search(store, Qido.Studies().Where(StudyDescription.Like("head*"))));   // case-sensitive except PN
        Assert.Empty(await Search(store, Qido.Studies().Where("StudyInstanceUID", "2.25*")));     // UI: no wildcards
        Assert.Single(await Search(store, Qido.Studies().Where("StudyInstanceUID", "*")));        // "*" alone: universal
    }

    [Fact]
    public async Task Empty_value_matching_and_includefield_all()
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        await store.StoreAsync([Instance(customize: d => d.Set(AccessionNumber, "A1")), Instance()]);
        Assert.Single(await Search(store, Qido.Studies().Where(AccessionNumber.Is("A1"))));
        Assert.Equal(2, (await Search(store, Qido.Studies().Where(AccessionNumber.Is("A1")).EmptyValueMatching())).Count);
        DicomDataset all = (await Search(store, Qido.Instances().IncludeAll()))[0];
        Assert.True(all.Contains(BitsStored));
        DicomDataset plain = (await Search(store, Qido.Instances()))[0];
        Assert.False(plain.Contains(BitsStored));
        Assert.Equal((ushort)16, plain.Get(Rows));
    }

    [Fact]
    public async Task Fuzzy_matching_is_refused_with_a_warning_like_a_server()
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        await store.StoreAsync([Instance()]);
        var warnings = new List<QidoWarning>();
        await foreach (DicomDataset _ in store.SearchAsync(Qido.Studies().FuzzyMatching(), warnings))
        {
        }
        Assert.Equal(QidoWarningKind.FuzzyMatchingNotSupported, Assert.Single(warnings).Kind);
    }

    [Fact]
    public async Task A_store_into_a_study_refuses_instances_of_other_studies()
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        string study = SyntheticInstances.NewUid();
        StowResult result = await store.StoreAsync([Instance(study), Instance()], new StowOptions { StudyInstanceUid = study });
        Assert.Single(result.Stored);
        Assert.Equal(0xA900, Assert.Single(result.Failed).FailureReason);
        Assert.Equal(HttpStatusCode.Conflict, result.Failed[0].StatusCode);
    }

    [Fact]
    public async Task Rendered_images_are_not_acceptable()
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        DicomDataset dataset = Instance();
        await store.StoreAsync([dataset]);
        var refused = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomPart _ in store.RetrieveRenderedAsync(Wado.Study(dataset.Get(StudyInstanceUID)!)))
            {
            }
        });
        Assert.Equal(HttpStatusCode.NotAcceptable, refused.StatusCode);
    }

    [Fact]
    public async Task Retrieve_in_another_transfer_syntax_is_not_acceptable()
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        DicomDataset dataset = Instance();
        await store.StoreAsync([dataset]);
        var refused = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomPart _ in store.RetrieveAsync(Wado.Study(dataset.Get(StudyInstanceUID)!), [AcceptableMediaType.Dicom(DicomUids.ImplicitVRLittleEndian)]))
            {
            }
        });
        Assert.Equal(HttpStatusCode.NotAcceptable, refused.StatusCode);
    }

    // Retrieve and SaveInstancesAsync give instances under one rule (PS3.18 8.7.8.2): what each
    // gives, or the status of its refusal.
    private async Task<string> Outcome(DicomFolderClient store, WadoResource resource, AcceptableMediaType accept, bool save)
    {
        try
        {
            if (save)
            {
                string file = Assert.Single(await store.SaveInstancesAsync(resource, Path.Combine(_work, Guid.NewGuid().ToString("N")), [accept]));
                return (await DicomFile.OpenAsync(file)).TransferSyntaxUid;
            }
            var syntaxes = new List<string>();
            await foreach (DicomPart part in store.RetrieveAsync(resource, [accept]))
                syntaxes.Add(part.ContentType[(part.ContentType.IndexOf("transfer-syntax=", StringComparison.Ordinal) + "transfer-syntax=".Length)..]);
            return Assert.Single(syntaxes);
        }
        catch (DicomWebException e)
        {
            return ((int)e.StatusCode!).ToString();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_a_transfer_syntax_parameter_an_instance_comes_only_in_explicit_VR_little_endian_and_with_any_as_stored(bool save)
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        DicomDataset explicitVR = Instance(), implicitVR = Instance();
        await store.StoreAsync([await SyntheticInstances.WriteFileAsync(explicitVR, _work), await SyntheticInstances.WriteFileAsync(implicitVR, _work, DicomUids.ImplicitVRLittleEndian)]);
        WadoResource Of(DicomDataset d) => Wado.Study(d.Get(StudyInstanceUID)!).Series(d.Get(SeriesInstanceUID)!).Instance(d.Get(SOPInstanceUID)!);

        Assert.Equal(DicomUids.ExplicitVRLittleEndian, await Outcome(store, Of(explicitVR), AcceptableMediaType.Dicom(null), save));
        Assert.Equal("406", await Outcome(store, Of(implicitVR), AcceptableMediaType.Dicom(null), save));   // the default; the store does not transcode
        Assert.Equal(DicomUids.ImplicitVRLittleEndian, await Outcome(store, Of(implicitVR), AcceptableMediaType.Dicom("*"), save));
        Assert.Equal(DicomUids.ImplicitVRLittleEndian, await Outcome(store, Of(implicitVR), AcceptableMediaType.Dicom(DicomUids.ImplicitVRLittleEndian), save));
        Assert.Equal("406", await Outcome(store, Of(explicitVR), AcceptableMediaType.Dicom(DicomUids.ImplicitVRLittleEndian), save));
    }

    [SharedDataFact("corpus/part10/JPEG2000.dcm")]
    public async Task Without_a_transfer_syntax_parameter_lossy_compressed_pixel_data_comes_as_stored_and_lossless_is_refused()
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        string corpusFile = Path.Combine(RepositoryPaths.Shared, "corpus", "part10", "JPEG2000.dcm");
        DicomFile lossy = await DicomFile.OpenAsync(corpusFile);
        Assert.Equal("1.2.840.10008.1.2.4.91", lossy.TransferSyntaxUid);   // JPEG 2000, lossless or lossy
        Assert.Equal("01", lossy.Dataset.Get(LossyImageCompression));
        // The same pixel data, said to be lossless: only Lossy Image Compression tells the two apart.
        DicomDataset lossless = (await DicomFile.OpenAsync(corpusFile)).Dataset
            .Set(SOPInstanceUID, SyntheticInstances.NewUid())
            .Set(LossyImageCompression, "00");
        string losslessFile = Path.Combine(_work, "lossless.dcm");
        await DicomFile.Create(lossless, lossy.TransferSyntaxUid).SaveAsync(losslessFile);
        StowResult stored = await store.StoreAsync([corpusFile, losslessFile]);
        Assert.True(stored.AllStored);
        WadoResource Of(DicomDataset d) => Wado.Study(d.Get(StudyInstanceUID)!).Series(d.Get(SeriesInstanceUID)!).Instance(d.Get(SOPInstanceUID)!);

        foreach (bool save in new[] { false, true })
        {
            Assert.Equal(lossy.TransferSyntaxUid, await Outcome(store, Of(lossy.Dataset), AcceptableMediaType.Dicom(null), save));   // PS3.18 8.7.3.4: may be sent as received
            Assert.Equal("406", await Outcome(store, Of(lossless), AcceptableMediaType.Dicom(null), save));   // a server would decode it; the store cannot
            Assert.Equal(lossy.TransferSyntaxUid, await Outcome(store, Of(lossless), AcceptableMediaType.Dicom("*"), save));
        }
    }

    [Fact]
    public async Task Results_name_each_source_as_the_HTTP_client_does()
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        string path = await SyntheticInstances.WriteFileAsync(Instance(), _work);
        var part10 = new List<byte[]>();
        for (int i = 0; i < 4; i++)
        {
            using var buffer = new MemoryStream();
            await DicomFile.Create(Instance()).SaveAsync(buffer);
            part10.Add(buffer.ToArray());
        }
        Assert.Equal(path, Assert.Single((await store.StoreAsync([path])).Stored).Source);
        Assert.Equal(["stream 1", "stream 2"], (await store.StoreAsync([new MemoryStream(part10[0]), new MemoryStream(part10[1])])).Stored.Select(s => s.Source));
        Assert.Equal(["bytes 1", "bytes 2"], (await store.StoreAsync([part10[2], part10[3]])).Stored.Select(s => s.Source));
        Assert.Equal(["dataset 1"], (await store.StoreAsync([Instance()])).Stored.Select(s => s.Source));
        // A missing argument is refused when StoreAsync is called, before anything is read.
        Assert.Equal("paths", Assert.Throws<ArgumentNullException>(() => { _ = store.StoreAsync((IEnumerable<string>)null!, null); }).ParamName);
        Assert.Equal("streams", Assert.Throws<ArgumentNullException>(() => { _ = store.StoreAsync((IEnumerable<Stream>)null!); }).ParamName);
        Assert.Equal("instances", Assert.Throws<ArgumentNullException>(() => { _ = store.StoreAsync((IEnumerable<byte[]>)null!); }).ParamName);
        Assert.Equal("datasets", Assert.Throws<ArgumentNullException>(() => { _ = store.StoreAsync((IEnumerable<DicomDataset>)null!); }).ParamName);
    }

    [Fact]
    public async Task Concurrent_stores_and_searches_keep_every_instance()
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        string study = SyntheticInstances.NewUid();
        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            StowResult result = await store.StoreAsync([Instance(study)]);
            Assert.True(result.AllStored);
            await Search(store, Qido.Instances(study));
        });
        DicomDataset found = Assert.Single(await Search(store, Qido.Studies().Where(StudyInstanceUID.Is(study))));
        Assert.Equal(40, found.Get(NumberOfStudyRelatedInstances));
    }

    [Fact]
    public async Task Delete_removes_the_files_and_their_folders()
    {
        using DicomFolderClient store = DicomFolderClient.Open(_folder);
        DicomDataset dataset = Instance();
        await store.StoreAsync([dataset]);
        await store.DeleteAsync(Wado.Study(dataset.Get(StudyInstanceUID)!));
        Assert.False(Directory.Exists(Path.Combine(_folder, dataset.Get(StudyInstanceUID)!)));
        Assert.Equal(0, store.InstanceCount);
    }

    // Progress<T> posts to the thread pool; the tests want the reports in order, when they happen.
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
