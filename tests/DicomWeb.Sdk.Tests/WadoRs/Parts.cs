using DicomWeb.Client;

namespace DicomWeb.Sdk.Tests.WadoRs;

internal static class Parts
{
    /// <summary>Every part with its whole body, read in order as a caller would.</summary>
    public static async Task<List<(DicomPart Part, byte[] Content)>> ReadAll(IAsyncEnumerable<DicomPart> parts)
    {
        var result = new List<(DicomPart, byte[])>();
        await foreach (DicomPart part in parts)
        {
            using var copy = new MemoryStream();
            await part.Content.CopyToAsync(copy);
            result.Add((part, copy.ToArray()));
        }
        return result;
    }
}
