using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Part10;

/// <summary>
/// DicomFile.SaveAsync(path) makes a new file without truncating it (NewFile: a truncation makes ext4
/// write the file out on close), and still replaces a file already there, shorter or longer.
/// </summary>
public sealed class SaveToPathTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-save-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static DicomFile File(string description) => DicomFile.Create(new DicomDataset()
        .Set(SOPClassUID, DicomUids.SecondaryCaptureImageStorage)
        .Set(SOPInstanceUID, "1.2.3.4")
        .Set(StudyDescription, description));

    private static async Task<byte[]> BytesAsync(DicomFile file)
    {
        using var stream = new MemoryStream();
        await file.SaveAsync(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task A_new_file_holds_the_instance_and_a_file_already_there_is_replaced_whatever_its_length()
    {
        string path = Path.Combine(_folder, "instance.dcm");
        DicomFile longer = File(new string('x', 5000)), shorter = File("short");

        await longer.SaveAsync(path);
        Assert.Equal(await BytesAsync(longer), await System.IO.File.ReadAllBytesAsync(path));

        await shorter.SaveAsync(path); // over a longer file: nothing of it may remain
        Assert.Equal(await BytesAsync(shorter), await System.IO.File.ReadAllBytesAsync(path));
        Assert.Equal("short", (await DicomFile.OpenAsync(path)).Dataset.Get(StudyDescription));

        await longer.SaveAsync(path);
        Assert.Equal(await BytesAsync(longer), await System.IO.File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task A_missing_folder_is_an_error_not_a_fallback()
    {
        string path = Path.Combine(_folder, "no such folder", "instance.dcm");
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => File("x").SaveAsync(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }
}
