using DicomWeb.Client;
using DicomWeb.Json;
using static DicomWeb.DicomTags;

namespace DicomWeb.QuickStart;

/// <summary>What the flow reads through a typed model (generated reader: only these tags are touched).</summary>
[DicomJsonModel]
public partial record TutorialImage
{
    public string? SOPInstanceUID { get; init; }
    public string? SeriesDescription { get; init; }
    public int? InstanceNumber { get; init; }
    public ushort? Rows { get; init; }
    public ushort? Columns { get; init; }
    public string? PhotometricInterpretation { get; init; }
}

/// <summary>
/// The tutorial flow on any <see cref="IDicomWebClient"/>: a local folder store or a server. Each
/// step prints what it did and what it proves, and checks it: a step that does not see what the
/// standard says it should ends the flow with a non-zero exit code.
/// </summary>
public sealed class TutorialFlow(IDicomWebClient client, TextWriter output)
{
    private int _step;

    public async Task<int> RunAsync(string saveFolder, CancellationToken cancellationToken = default)
    {
        try
        {
            await RunStepsAsync(saveFolder, cancellationToken);
            output.WriteLine();
            output.WriteLine("All steps passed.");
            return 0;
        }
        catch (FlowCheckException e)
        {
            output.WriteLine($"   FAILED: {e.Message}");
            return 1;
        }
    }

    private async Task RunStepsAsync(string saveFolder, CancellationToken cancellationToken)
    {
        const string study = TutorialInstances.StudyInstanceUid;

        Step("Store the three tutorial instances (STOW-RS)", "instances made in code are stored as Part 10, one outcome each");
        var part10 = new List<byte[]>();
        foreach (DicomDataset instance in TutorialInstances.Create())
        {
            using var buffer = new MemoryStream();
            await DicomFile.Create(instance).SaveAsync(buffer, null, cancellationToken);
            part10.Add(buffer.ToArray());
        }
        StowResult stored = await client.StoreAsync(part10, cancellationToken: cancellationToken);
        foreach (StowStoredInstance s in stored.Stored)
            output.WriteLine($"   stored   {s.SopInstanceUid}");
        Check(stored.AllStored && stored.Stored.Count == 3, $"expected 3 stored, got {stored}");

        Step("Search for studies (QIDO-RS)", "the study is found with its computed attributes");
        DicomDataset found = Single(await ToListAsync(client.SearchAsync(Qido.Studies().Where(PatientID.Is("TUTORIAL-001")).Include(StudyDescription), cancellationToken)), "study");
        output.WriteLine($"   {found.Get(StudyDate)}  {found.Get(PatientName)}  \"{found.Get(StudyDescription)}\"  modalities {string.Join('\\', found.GetAll(ModalitiesInStudy))}, " +
                         $"{found.Get(NumberOfStudyRelatedSeries)} series, {found.Get(NumberOfStudyRelatedInstances)} instances");
        Check(found.Get(StudyInstanceUID) == study && found.Get(NumberOfStudyRelatedInstances) == 3, "the study should have 3 instances");

        Step("Search for the series of the study", "series are scoped to their study and counted");
        List<DicomDataset> series = await ToListAsync(client.SearchAsync(Qido.Series(study).Include(SeriesDescription), cancellationToken));
        foreach (DicomDataset s in series.OrderBy(s => s.Get(SeriesNumber)))
            output.WriteLine($"   series {s.Get(SeriesNumber)}  \"{s.Get(SeriesDescription)}\"  {s.Get(NumberOfSeriesRelatedInstances)} instances  {s.Get(SeriesInstanceUID)}");
        Check(series.Count == 2, $"expected 2 series, got {series.Count}");

        Step("Search for the instances of series \"Shapes A\"", "instances are scoped to their series");
        List<DicomDataset> instances = await ToListAsync(client.SearchAsync(Qido.Instances(study, TutorialInstances.ShapesASeriesUid), cancellationToken));
        foreach (DicomDataset i in instances.OrderBy(i => i.Get(InstanceNumber)))
            output.WriteLine($"   instance {i.Get(InstanceNumber)}  {i.Get(Rows)}x{i.Get(Columns)}  {i.Get(SOPInstanceUID)}");
        Check(instances.Count == 2, $"expected 2 instances, got {instances.Count}");

        Step("Search by PatientName wildcard \"tutorial*\"", "person names match wildcards, case-insensitively (PS3.4 C.2.2.2.4)");
        List<DicomDataset> byName = await ToListAsync(client.SearchAsync(Qido.Studies().Where(PatientName.Like("tutorial*")), cancellationToken));
        output.WriteLine($"   {byName.Count} study: {string.Join(", ", byName.Select(s => s.Get(PatientName)))}");
        Check(byName.Any(s => s.Get(StudyInstanceUID) == study), "the wildcard should find the tutorial study");

        Step("Search by StudyDate range 2024-03-01 to 2024-03-31", "date ranges match (PS3.4 C.2.2.2.5)");
        List<DicomDataset> byDate = await ToListAsync(client.SearchAsync(
            Qido.Studies().Where(StudyDate.Between(new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 31))).Where(PatientID.Is("TUTORIAL-001")), cancellationToken));
        List<DicomDataset> outside = await ToListAsync(client.SearchAsync(
            Qido.Studies().Where(StudyDate.Between(new DateOnly(2024, 4, 1), new DateOnly(2024, 4, 30))).Where(PatientID.Is("TUTORIAL-001")), cancellationToken));
        output.WriteLine($"   March: {byDate.Count} study; April: {outside.Count}");
        Check(byDate.Count == 1 && outside.Count == 0, "the range should find the study in March only");

        Step("Retrieve the study (WADO-RS) and save it", "instances come back as Part 10 files, saved under their SOP Instance UIDs");
        IReadOnlyList<string> files = await client.SaveInstancesAsync(Wado.Study(study), saveFolder, cancellationToken: cancellationToken);
        foreach (string file in files.Order(StringComparer.Ordinal))
            output.WriteLine($"   {Path.GetFileName(file)}  {new FileInfo(file).Length:N0} bytes");
        Check(files.Count == 3, $"expected 3 files, got {files.Count}");

        Step("Read metadata into a typed model", "DICOM JSON metadata maps onto a [DicomJsonModel] record");
        IReadOnlyList<TutorialImage> images = await client.RetrieveMetadataAsync<TutorialImage>(Wado.Study(study), cancellationToken);
        foreach (TutorialImage image in images.OrderBy(i => i.InstanceNumber))
            output.WriteLine($"   #{image.InstanceNumber} {image.SeriesDescription}: {image.Columns}x{image.Rows} {image.PhotometricInterpretation}");
        Check(images.Count == 3 && images.All(i => i.Rows == TutorialInstances.Size), "expected 3 images of 100x100");

        Step("Fetch frame 1 of the green square", "frames come back as raw pixels; the centre pixel is green");
        WadoResource green = Wado.Study(study).Series(TutorialInstances.ShapesASeriesUid).Instance(TutorialInstances.GreenSquareUid);
        byte[] frame = [];
        await foreach (DicomPart part in client.RetrieveAsync(green.Frames(1), cancellationToken))
        {
            using var buffer = new MemoryStream();
            await part.Content.CopyToAsync(buffer, cancellationToken);
            frame = buffer.ToArray();
        }
        int centre = (50 * TutorialInstances.Size + 50) * 3;
        output.WriteLine($"   {frame.Length:N0} bytes; pixel (50,50) = RGB({(frame.Length > centre + 2 ? $"{frame[centre]}, {frame[centre + 1]}, {frame[centre + 2]}" : "?")})");
        Check(frame.Length == TutorialInstances.Size * TutorialInstances.Size * 3 && frame[centre] == 0 && frame[centre + 1] == 255 && frame[centre + 2] == 0, "the centre of the green square should be green");

        Step("Delete series \"Shapes B\" and search the study again", "delete removes the series; the study's counts follow");
        try
        {
            await client.DeleteAsync(Wado.Study(study).Series(TutorialInstances.ShapesBSeriesUid), cancellationToken);
        }
        catch (DicomWebException e) when (e.StatusCode is System.Net.HttpStatusCode.MethodNotAllowed or System.Net.HttpStatusCode.NotImplemented)
        {
            // Delete is not part of PS3.18; servers such as Orthanc 1.10 answer 405.
            output.WriteLine($"   the server does not offer delete ({(int)e.StatusCode}): step skipped");
            return;
        }
        DicomDataset after = Single(await ToListAsync(client.SearchAsync(Qido.Studies().Where(StudyInstanceUID.Is(study)), cancellationToken)), "study");
        output.WriteLine($"   {after.Get(NumberOfStudyRelatedSeries)} series, {after.Get(NumberOfStudyRelatedInstances)} instances");
        Check(after.Get(NumberOfStudyRelatedSeries) == 1 && after.Get(NumberOfStudyRelatedInstances) == 2, "one series of 2 instances should be left");
    }

    private void Step(string title, string proves)
    {
        output.WriteLine();
        output.WriteLine($"{++_step}. {title}");
        output.WriteLine($"   proves: {proves}");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
            throw new FlowCheckException(message);
    }

    private static DicomDataset Single(List<DicomDataset> results, string what) =>
        results.Count == 1 ? results[0] : throw new FlowCheckException($"expected one {what}, got {results.Count}");

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
            list.Add(item);
        return list;
    }

    private sealed class FlowCheckException(string message) : Exception(message);
}
