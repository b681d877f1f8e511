using System.Runtime.InteropServices;
using DicomWeb.Json;
using DicomWeb.Tests;

namespace DicomWeb.Sdk.Json.Tests.Part10;

/// <summary>
/// Bulk data read from Part 10 (or set from bytes) is held as bytes, not as base64 text: pixel data
/// of a file opened by path stays in the array the file was read into, and the base64 form appears
/// only in DICOM JSON.
/// </summary>
public sealed class BulkDataBytesTests : IDisposable
{
    private static readonly BinaryTag Pixels = new(DicomTags.PixelData.Tag, DicomVR.OW);

    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-bulk-bytes-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (DicomDataset Dataset, byte[] Pixels) Instance(int size, int seed)
    {
        byte[] pixels = new byte[size * size * 2];
        new Random(seed).NextBytes(pixels);
        string study = "1.2.826.0.1.3680043.8.498.77";
        DicomDataset dataset = SyntheticInstances.Create(study, study + ".1", study + ".1." + seed, rows: size, columns: size,
            customize: d => d.Set(DicomTags.BitsAllocated, (ushort)16).Set(Pixels, DicomBulkData.FromBytes(pixels)));
        return (dataset, pixels);
    }

    [Fact]
    public async Task Pixel_data_of_a_file_opened_by_path_is_the_files_own_bytes_not_a_copy_or_base64()
    {
        var (dataset, pixels) = Instance(256, 1);
        string path = Path.Combine(_folder, "ct.dcm");
        await DicomFile.Create(dataset).SaveAsync(path);
        long fileLength = new FileInfo(path).Length;

        DicomFile file = await DicomFile.OpenAsync(path);
        ReadOnlyMemory<byte> read = file.Dataset.Get(Pixels)!.Bytes!.Value;

        Assert.Equal(pixels, read.ToArray());
        Assert.True(MemoryMarshal.TryGetArray(read, out ArraySegment<byte> segment));
        Assert.Equal(fileLength, segment.Array!.Length);               // the array the whole file was read into
        Assert.Equal(fileLength - pixels.Length, segment.Offset);     // pixel data is the last element
        ElementSlot slot = file.Dataset.Slots[^1];
        Assert.True(slot.RawBytes);
        Assert.Equal(pixels.Length, slot.Length);                     // bytes, not 4/3 of them in base64
    }

    [Fact]
    public async Task Bytes_held_raw_write_the_same_DICOM_JSON_and_Part_10_as_before()
    {
        var (dataset, pixels) = Instance(64, 2);
        string path = Path.Combine(_folder, "small.dcm");
        await DicomFile.Create(dataset).SaveAsync(path);
        byte[] saved = await File.ReadAllBytesAsync(path);

        DicomFile file = await DicomFile.OpenAsync(path);
        string json = DicomJson.Serialize(file.Dataset);
        Assert.Contains($"\"7FE00010\":{{\"vr\":\"OW\",\"InlineBinary\":\"{Convert.ToBase64String(pixels)}\"}}", json, StringComparison.Ordinal);
        Assert.Equal(json, DicomJson.Serialize(DicomJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(json))));
        Assert.Equal(file.Dataset, DicomJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(json)));

        using var again = new MemoryStream();
        await file.SaveAsync(again);
        Assert.Equal(saved, again.ToArray());
    }

    [Fact]
    public void Bytes_set_in_code_are_copied_so_the_callers_array_can_change()
    {
        byte[] value = [1, 2, 3, 4];
        var dataset = new DicomDataset().Set(Pixels, DicomBulkData.FromBytes(value));
        value[0] = 99;
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, dataset.Get(Pixels)!.Bytes!.Value.ToArray());
        Assert.True(dataset.Slots[0].RawBytes);
        Assert.Contains("\"InlineBinary\":\"AQIDBA==\"", DicomJson.Serialize(dataset), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_set_that_keeps_only_small_values_does_not_keep_the_file()
    {
        // Small binary values are copied out (into the data set's own chunks); only large ones are held in the file's array.
        var (dataset, _) = Instance(256, 3);
        dataset.Set(new BinaryTag(new DicomTag(0x0009, 0x1010), DicomVR.OB), DicomBulkData.FromBytes(new byte[] { 5, 6 }));
        string path = Path.Combine(_folder, "private.dcm");
        await DicomFile.Create(dataset).SaveAsync(path);
        DicomFile file = await DicomFile.OpenAsync(path);
        ReadOnlyMemory<byte> small = file.Dataset.GetBulkData(new DicomTag(0x0009, 0x1010))!.Bytes!.Value;
        Assert.Equal(new byte[] { 5, 6 }, small.ToArray());
        Assert.True(MemoryMarshal.TryGetArray(small, out ArraySegment<byte> segment));
        Assert.NotEqual(new FileInfo(path).Length, segment.Array!.Length);
    }
}
