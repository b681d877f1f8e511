using System.Text;
using DicomWeb.Client;
using DicomWeb.Tests;

namespace DicomWeb.Server.Tests;

/// <summary>Instances and request bodies the tests make for themselves.</summary>
internal static class TestData
{
    public sealed record Study(string StudyUid, string SeriesUid, string[] Sops, DicomDataset[] Datasets);

    /// <summary>A study of <paramref name="count"/> instances in one series, the last one a 3-frame image; stored through the store itself.</summary>
    public static async Task<Study> StoreStudyAsync(IDicomWebClient store, int count = 2, string patient = "Doe^Jane", string? patientId = null)
    {
        string study = DicomUid.Generate(), series = DicomUid.Generate();
        patientId ??= "ID" + Guid.NewGuid().ToString("N")[..8];
        string[] sops = [.. Enumerable.Range(0, count).Select(_ => DicomUid.Generate())];
        DicomDataset[] datasets = [.. sops.Select((sop, i) => SyntheticInstances.Create(study, series, sop, patient, patientId, "CT", new DateOnly(2024, 5, 6), i + 1,
            frames: i == count - 1 ? 3 : 1, customize: d => d.Set(DicomTags.StudyDescription, "Served")))];
        StowResult result = await store.StoreAsync([.. await Task.WhenAll(datasets.Select(d => Part10Async(d)))]);
        Assert.True(result.AllStored, result.ToString());
        return new Study(study, series, sops, datasets);
    }

    public static async Task<byte[]> Part10Async(DicomDataset dataset, string transferSyntax = DicomUids.ExplicitVRLittleEndian)
    {
        using var buffer = new MemoryStream();
        await DicomFile.Create(dataset, transferSyntax).SaveAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>A multipart/related body of the given parts (content type, optional Content-Location, bytes).</summary>
    public static ByteArrayContentWithType Multipart(string type, params (string ContentType, string? Location, byte[] Bytes)[] parts)
    {
        const string boundary = "test-boundary-42";
        var body = new MemoryStream();
        foreach ((string contentType, string? location, byte[] bytes) in parts)
        {
            body.Write(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: {contentType}\r\n{(location is null ? "" : $"Content-Location: {location}\r\n")}\r\n"));
            body.Write(bytes);
            body.Write("\r\n"u8);
        }
        body.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        return new ByteArrayContentWithType(body.ToArray(), $"multipart/related; type=\"{type}\"; boundary={boundary}");
    }

    /// <summary>The parts of a multipart response, read with the SDK's reader: (headers, bytes).</summary>
    public static async Task<List<(IReadOnlyDictionary<string, string> Headers, byte[] Bytes)>> PartsAsync(HttpResponseMessage response)
    {
        MediaTypeHeader type = MediaTypeHeader.TryParse(response.Content.Headers.ContentType!.ToString())!;
        var reader = MultipartRelatedReader.Create(await response.Content.ReadAsStreamAsync(), type);
        var parts = new List<(IReadOnlyDictionary<string, string>, byte[])>();
        while (await reader.ReadNextPartAsync() is DicomPart part)
        {
            var bytes = new MemoryStream();
            await part.Content.CopyToAsync(bytes);
            parts.Add((part.Headers, bytes.ToArray()));
        }
        return parts;
    }
}

/// <summary>Bytes with a Content-Type set as written (HttpClient would reformat a multipart type's quoting).</summary>
internal sealed class ByteArrayContentWithType : ByteArrayContent
{
    public ByteArrayContentWithType(byte[] bytes, string contentType) : base(bytes) =>
        Headers.TryAddWithoutValidation("Content-Type", contentType);
}
