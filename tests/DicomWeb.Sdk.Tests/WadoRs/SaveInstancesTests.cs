using System.Text;
using DicomWeb.Client;
using DicomWeb.Sdk.Tests.Client;

namespace DicomWeb.Sdk.Tests.WadoRs;

/// <summary>
/// SaveInstancesAsync writes files on a task of its own while the response is read, through a fixed
/// set of buffers: parts of any size, a cancellation or a file that cannot be written in the middle
/// of a study, from an in-process Kestrel server.
/// </summary>
public sealed class SaveInstancesTests : IDisposable
{
    private static readonly WadoResource Study = Wado.Study("1.2.3");

    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-save-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static CancellationToken Safety() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private static byte[] Body(params byte[][] parts)
    {
        using var body = new MemoryStream();
        foreach (byte[] content in parts)
        {
            body.Write("--s\r\nContent-Type: application/dicom\r\n\r\n"u8);
            body.Write(content);
            body.Write("\r\n"u8);
        }
        body.Write("--s--\r\n"u8);
        return body.ToArray();
    }

    // rows × 256 bytes of 8-bit pixels.
    private static async Task<(string Sop, byte[] File)> Instance(int rows)
    {
        string sop = DicomWeb.Tests.SyntheticInstances.NewUid();
        var dataset = DicomWeb.Tests.SyntheticInstances.Create("1.2.3", "1.2.3.4", sop, rows: rows, columns: 256);
        using var stream = new MemoryStream();
        await DicomFile.Create(dataset).SaveAsync(stream);
        return (sop, stream.ToArray());
    }

    private static Task<FakeServer> Serving(byte[] body, int? cutAt = null) => FakeServer.StartAsync(async context =>
    {
        context.Response.Headers.ContentType = "multipart/related; type=\"application/dicom\"; boundary=s";
        await context.Response.Body.WriteAsync(body.AsMemory(0, cutAt ?? body.Length));
        if (cutAt is null)
            return;
        await context.Response.Body.FlushAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted); // the rest never comes
        }
        catch (OperationCanceledException)
        {
        }
    });

    [Fact]
    public async Task Parts_larger_than_the_buffers_are_streamed_whole_to_their_files()
    {
        Assert.Equal(2 * 1024 * 1024, InstanceFolderWriter.BoundBytes);
        var (large, largeFile) = await Instance(rows: 20_000);   // 5.1 MB: the buffers hold 2 MiB
        var (small, smallFile) = await Instance(rows: 4);
        var (exact, exactFile) = await Instance(rows: 1);
        // A part that ends exactly at a chunk's end (one more, empty read) comes through too.
        Array.Resize(ref exactFile, InstanceFolderWriter.ChunkBytes);
        await using var server = await Serving(Body(largeFile, smallFile, exactFile));
        using var client = new DicomWebClient(server.Root);
        var reports = new List<SaveProgress>();

        var files = await client.SaveInstancesAsync(Study, _folder, new Progress(reports), Safety());

        Assert.Equal([large + ".dcm", small + ".dcm", exact + ".dcm"], files.Select(Path.GetFileName));
        Assert.Equal(largeFile, await File.ReadAllBytesAsync(files[0]));
        Assert.Equal(smallFile, await File.ReadAllBytesAsync(files[1]));
        Assert.Equal(exactFile, await File.ReadAllBytesAsync(files[2]));
        Assert.Equal([1, 2, 3], reports.Select(r => r.Instances));
        Assert.Equal(largeFile.Length + smallFile.Length + exactFile.Length, reports[^1].Bytes);
        Assert.Equal(files, reports.Select(r => r.LastFile));
    }

    [Fact]
    public async Task Saving_again_replaces_files_already_there_whatever_their_length()
    {
        // The files are made new (not truncated: NewFile); a study saved again must still replace them.
        var (sop, file) = await Instance(rows: 4);
        string path = Path.Combine(_folder, sop + ".dcm");
        await File.WriteAllBytesAsync(path, new byte[file.Length + 100_000]); // longer: nothing of it may remain
        var (other, otherFile) = await Instance(rows: 2);
        await File.WriteAllBytesAsync(Path.Combine(_folder, other + ".dcm"), [1, 2, 3]); // shorter
        await using var server = await Serving(Body(file, otherFile));
        using var client = new DicomWebClient(server.Root);

        var files = await client.SaveInstancesAsync(Study, _folder, cancellationToken: Safety());

        Assert.Equal(file, await File.ReadAllBytesAsync(files[0]));
        Assert.Equal(otherFile, await File.ReadAllBytesAsync(files[1]));
        Assert.Equal(path, files[0]);
    }

    [Fact]
    public async Task Canceling_in_the_middle_of_a_part_keeps_the_saved_files_and_deletes_the_partial_one()
    {
        var (first, firstFile) = await Instance(rows: 8);
        var (second, secondFile) = await Instance(rows: 4096);  // 1 MiB: several chunks reach its file before the body stops
        byte[] body = Body(firstFile, secondFile);
        await using var server = await Serving(body, cutAt: body.Length - secondFile.Length / 4);
        using var client = new DicomWebClient(server.Root);
        using var cancel = new CancellationTokenSource();
        string partial = Path.Combine(_folder, second + ".dcm");

        Task<IReadOnlyList<string>> saving = client.SaveInstancesAsync(Study, _folder, cancellationToken: cancel.Token);
        // Cancel once the second file is on disk and still growing (the server holds the rest back).
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!File.Exists(partial) || new FileInfo(partial).Length < InstanceFolderWriter.ChunkBytes)
        {
            Assert.False(saving.IsCompleted, "the save ended before the second part was cut off");
            await Task.Delay(10, safety.Token);
        }
        cancel.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => saving);
        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Equal([first + ".dcm"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        Assert.Equal(firstFile, await File.ReadAllBytesAsync(Path.Combine(_folder, first + ".dcm")));
    }

    [Fact]
    public async Task A_file_that_cannot_be_written_ends_the_save_with_its_error_and_leaves_no_temporary_file()
    {
        var (first, firstFile) = await Instance(rows: 8);
        var (second, secondFile) = await Instance(rows: 8);
        var (third, thirdFile) = await Instance(rows: 8);
        Directory.CreateDirectory(Path.Combine(_folder, second + ".dcm")); // where the second file would go
        await using var server = await Serving(Body(firstFile, secondFile, thirdFile));
        using var client = new DicomWebClient(server.Root);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.SaveInstancesAsync(Study, _folder, cancellationToken: Safety()));

        Assert.True(error is IOException or UnauthorizedAccessException, error.ToString());
        Assert.Equal([first + ".dcm"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(_folder, third + ".dcm")));
    }

    [Fact]
    public async Task A_part_without_a_SOP_Instance_UID_is_a_DicomWebException_naming_it_and_leaves_no_temporary_file()
    {
        var (first, firstFile) = await Instance(rows: 8);
        byte[] notDicom = Encoding.ASCII.GetBytes(new string('x', 300_000)); // no meta group in its first chunk, no data set either
        await using var server = await Serving(Body(firstFile, notDicom));
        using var client = new DicomWebClient(server.Root);

        var error = await Assert.ThrowsAsync<DicomWebException>(() => client.SaveInstancesAsync(Study, _folder, cancellationToken: Safety()));

        Assert.Contains("part 2 is not a Part 10 instance with a SOP Instance UID", error.Message);
        Assert.Equal([first + ".dcm"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    private sealed class Progress(List<SaveProgress> reports) : IProgress<SaveProgress>
    {
        public void Report(SaveProgress value) => reports.Add(value);
    }
}
