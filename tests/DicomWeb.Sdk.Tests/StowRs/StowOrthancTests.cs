using System.Net;
using DicomWeb.Client;
using DicomWeb.Json;
using DicomWeb.Sdk.Tests.Client;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Tests.StowRs;

/// <summary>STOW-RS against a real Orthanc: what is stored is found by QIDO and is byte for byte what was sent.</summary>
[Collection(OrthancCollection.Name)]
public sealed class StowOrthancTests(OrthancFixture orthanc) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-stow-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<List<string>> SyntheticStudy(string study, int count, int rows = 64)
    {
        var files = new List<string>();
        string series = SyntheticInstances.NewUid();
        for (int i = 0; i < count; i++)
            files.Add(await SyntheticInstances.WriteFileAsync(SyntheticInstances.Create(study, series, SyntheticInstances.NewUid(), instanceNumber: i + 1, rows: rows, columns: rows), _folder));
        return files;
    }

    [SharedDataFact("corpus/part10")]
    public async Task The_corpus_is_stored_one_instance_per_request_and_each_outcome_is_exact()
    {
        string notDicom = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(notDicom, "not a DICOM file");
        List<string> inputs = [.. Directory.GetFiles(Path.Combine(RepositoryPaths.Shared, "corpus", "part10"), "*.dcm").Order(), notDicom];
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);
        StowResult result = await client.StoreAsync(inputs, new StowOptions { MaxInstancesPerRequest = 1 });

        AssertEachInputOnce(inputs, result);
        Assert.Empty(result.NotSent);
        // Not Part 10 (no file meta information): refused before sending, named, without a UID.
        Assert.Equal(["ExplVR_LitEndNoMeta.dcm", "nested_priv_SQ.dcm", "notes.txt"], result.Failed.Where(f => f.StatusCode is null).Select(f => Path.GetFileName(f.Source!)).Order());
        Assert.All(result.Failed.Where(f => f.StatusCode is null), f => Assert.Null(f.SopInstanceUid));
        // Refused by Orthanc: 400 for the truncated file and for files without PatientID (its mandatory tags, see its log).
        var refused = result.Failed.Where(f => f.StatusCode is not null).ToDictionary(f => Path.GetFileName(f.Source!), f => f.StatusCode!.Value);
        Assert.Equal(["MR_truncated.dcm", "UN_sequence.dcm", "no_meta_group_length.dcm", "priv_SQ.dcm"], refused.Keys.Order(StringComparer.Ordinal));
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.BadRequest, r.Value));
        // rtplan.dcm's and badVR.dcm's meta groups name another SOP Instance UID than their data sets: matched by the
        // data set's, which Orthanc reports (badVR.dcm's is read from the head before its bad VR, which comes later).
        StowStoredInstance rtplan = Assert.Single(result.Stored, s => s.Source.EndsWith("rtplan.dcm", StringComparison.Ordinal));
        Assert.Equal("1.2.777.777.77.7.7777.7777.20030903150023", rtplan.SopInstanceUid);
        StowStoredInstance badVR = Assert.Single(result.Stored, s => s.Source.EndsWith("badVR.dcm", StringComparison.Ordinal));
        Assert.Equal("1.9.999.999.99.9.9999.9999.20030818153516", badVR.SopInstanceUid);
        Assert.Equal(inputs.Count - 7, result.Stored.Count);
        // badVR.dcm itself does not open (its NumberOfFrames is "1A"), so it cannot be compared with what Orthanc holds.
        foreach (StowStoredInstance stored in result.Stored.Where(s => s != badVR))
            await AssertStoredAsIs(client, stored, result);
    }

    [Fact]
    public async Task A_synthetic_study_is_stored_in_batches_found_by_qido_and_identical()
    {
        string study = SyntheticInstances.NewUid();
        List<string> files = await SyntheticStudy(study, 10, rows: 128);
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);
        var progress = new List<StowProgress>();
        StowResult result = await client.StoreAsync(files, new StowOptions { MaxInstancesPerRequest = 4, MaxParallelRequests = 2 }, new SynchronousProgress<StowProgress>(progress.Add));

        Assert.True(result.AllStored, result.ToString());
        AssertEachInputOnce(files, result);
        Assert.Equal([4, 4, 2], result.Responses.Select(r => r.Instances).Order().Reverse());
        Assert.All(result.Responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(result.Responses, r => Assert.Equal("application/dicom+json", r.MediaType));
        Assert.Equal("application/dicom+json", result.ResponseMediaType);
        Assert.Equal(new Uri(orthanc.DicomWebRoot, "studies/" + study), result.Responses[0].RetrieveUrl);
        Assert.Equal(3, progress.Count);
        Assert.Equal(10, progress[^1].InstancesDone);
        Assert.Equal(result.Responses.Sum(r => r.Bytes), progress[^1].BytesSent);
        Assert.True(progress[^1].BytesSent > files.Sum(f => new FileInfo(f).Length));
        foreach (StowStoredInstance stored in result.Stored)
            await AssertStoredAsIs(client, stored, result);
    }

    private static void AssertEachInputOnce(List<string> inputs, StowResult result) =>
        Assert.Equal(inputs.Order(), result.Stored.Select(s => s.Source).Concat(result.Failed.Select(f => f.Source!)).Concat(result.NotSent.Select(n => n.Source)).Order());

    private async Task AssertStoredAsIs(DicomWebClient client, StowStoredInstance stored, StowResult result)
    {
        var storedWithSameUid = result.Stored.Where(s => s.SopInstanceUid == stored.SopInstanceUid).ToList();
        DicomFile original = await DicomFile.OpenAsync(stored.Source);
        Assert.Equal(original.Dataset.Get(SOPInstanceUID), stored.SopInstanceUid);
        Assert.Equal(original.FileMetaInformation.Get(MediaStorageSOPClassUID), stored.SopClassUid);
        Assert.NotNull(stored.RetrieveUrl);
        var found = new List<DicomDataset>();
        await foreach (DicomDataset instance in client.SearchAsync(Qido.Instances(original.Dataset.Get(StudyInstanceUID)!, original.Dataset.Get(SeriesInstanceUID)!).Where(SOPInstanceUID.Is(stored.SopInstanceUid))))
            found.Add(instance);
        Assert.Single(found);
        byte[] kept = await orthanc.GetStoredFileAsync(stored.SopInstanceUid);
        if (original.FileMetaInformation.Get(MediaStorageSOPInstanceUID) == stored.SopInstanceUid)
        {
            // The corpus holds one instance in several encodings (MR_small*.dcm): Orthanc keeps the first it got and answers 200 to the others.
            var sameInstance = await Task.WhenAll(storedWithSameUid.Select(s => File.ReadAllBytesAsync(s.Source)));
            Assert.True(sameInstance.Any(bytes => bytes.AsSpan().SequenceEqual(kept)), $"{stored.Source} differs from what Orthanc keeps");
        }
        else
            Assert.Equal(original.Dataset, DicomFile.Open(kept).Dataset); // Orthanc rewrites a contradicting meta group, keeps the data set
    }

    [Fact]
    public async Task Instances_of_another_study_posted_to_a_study_fail_one_by_one_with_their_reason()
    {
        string target = SyntheticInstances.NewUid(), other = SyntheticInstances.NewUid();
        List<string> mine = await SyntheticStudy(target, 2), theirs = await SyntheticStudy(other, 2);
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);

        StowResult result = await client.StoreAsync([.. theirs, .. mine], new StowOptions { StudyInstanceUid = target, MaxInstancesPerRequest = 2 });
        Assert.Equal(mine.Order(), result.Stored.Select(s => s.Source).Order());
        Assert.Equal(theirs.Order(), result.Failed.Select(f => f.Source!).Order());
        Assert.All(result.Failed, f =>
        {
            Assert.Equal(HttpStatusCode.Conflict, f.StatusCode);
            Assert.Equal(0x0110, f.FailureReason);   // Orthanc says "processing failure"
            Assert.StartsWith("Processing failure", f.Reason);
            Assert.NotNull(f.SopInstanceUid);
        });
        Assert.Empty(result.NotSent); // a 409 carries a response data set: later requests still go
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], result.Responses.Select(r => r.StatusCode!.Value).Order()); // two requests in flight: either may end first
        // Orthanc's 409 carries a DICOM JSON body but no Content-Type (docs/servers.md).
        Assert.Equal(["application/dicom+json", null], result.Responses.OrderBy(r => r.StatusCode).Select(r => r.MediaType));
        Assert.All(result.Stored, s => Assert.StartsWith(new Uri(orthanc.DicomWebRoot, "studies/" + target).AbsoluteUri, s.RetrieveUrl!.AbsoluteUri));
    }

    [Fact]
    public async Task Orthanc_refuses_the_json_flavour_and_single_part_posts_with_415_named_per_instance()
    {
        string study = SyntheticInstances.NewUid();
        DicomDataset dataset = SyntheticInstances.Create(study, SyntheticInstances.NewUid(), SyntheticInstances.NewUid());
        List<string> files = await SyntheticStudy(study, 2);
        using var http = orthanc.CreateClient();
        var client = new DicomWebClient(http);

        StowResult json = await client.StoreAsync([dataset]);
        StowFailedInstance refused = Assert.Single(json.Failed);
        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "dataset 1", dataset.Get(SOPInstanceUID)), (refused.StatusCode!.Value, refused.Source!, refused.SopInstanceUid));
        Assert.Contains("415", refused.Reason);

        StowResult single = await client.StoreAsync(files, new StowOptions { SinglePart = true, MaxParallelRequests = 1 });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, single.Failed[0].StatusCode);
        // A request refused as a whole stops the store: the second instance is not sent.
        Assert.Equal(files[1], Assert.Single(single.NotSent).Source);
    }

    [Fact]
    public async Task Orthanc_xml_responses_are_read_into_the_same_data_set_as_its_json()
    {
        var files = await SyntheticStudy(SyntheticInstances.NewUid(), 2);
        using var http = orthanc.CreateClient();
        async Task<byte[]> Post(string accept)
        {
            var parts = files.Select(f => new OutgoingPart("application/dicom", null, new FileInfo(f).Length, () => File.OpenRead(f))).ToList();
            using var request = new HttpRequestMessage(HttpMethod.Post, "studies") { Content = new MultipartRelatedContent("application/dicom", parts, quoteType: true, new CopyBuffers()) };
            request.Headers.TryAddWithoutValidation("Accept", accept);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsByteArrayAsync();
        }
        DicomDataset json = DicomJson.Deserialize(await Post("application/dicom+json"));
        DicomDataset xml = NativeDicomModel.Read(await Post("application/dicom+xml"));
        Assert.Equal(2, xml.Get(ReferencedSOPSequence).Count);
        Assert.Equal(DicomJson.Serialize(json), DicomJson.Serialize(xml));
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
