using DicomWeb.Client;

namespace DicomWeb.Cli.Output;

/// <summary>
/// Parts of a WADO-RS answer (frames, bulk data, rendered images, thumbnails) written to files:
/// streamed into "NAME.partial" and renamed when whole, so a transfer that breaks off leaves
/// nothing under the file's name.
/// </summary>
internal static class PartFiles
{
    /// <summary>The file name extension for a part's media type (PS3.18 Table 8.7.3-5 and the rendered types), ".bin" for others.</summary>
    public static string Extension(string mediaType) => mediaType.ToLowerInvariant() switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/gif" => ".gif",
        "image/jp2" => ".jp2",
        "image/jpx" => ".jpx",
        "image/jls" or "image/x-jls" => ".jls",
        "image/jxl" => ".jxl",
        "image/dicom-rle" or "image/x-dicom-rle" => ".rle",
        "video/mpeg" => ".mpg",
        "video/mp4" or "video/h265" => ".mp4",
        "application/dicom" => ".dcm",
        "application/pdf" => ".pdf",
        "application/octet-stream" => ".raw",
        _ => ".bin",
    };

    /// <summary>Writes the part's body to <paramref name="path"/> (or stdout for "-"); the bytes written.</summary>
    public static async Task<long> WriteAsync(DicomPart part, string path, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            await using Stream stdout = Console.OpenStandardOutput();
            return await CopyAsync(part.Content, stdout, cancellationToken);
        }
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
            Directory.CreateDirectory(folder);
        string partial = path + ".partial";
        try
        {
            long bytes;
            await using (FileStream file = NewFile.OpenStream(partial, 0))
                bytes = await CopyAsync(part.Content, file, cancellationToken);
            File.Move(partial, path, overwrite: true);
            return bytes;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    /// <summary>The media type the user asked for, checked: "png" and "jpeg" are taken for image/png and image/jpeg.</summary>
    public static string MediaType(string given) => given.Contains('/') ? given : given.ToLowerInvariant() switch
    {
        "jpg" or "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "jp2" => "image/jp2",
        "mp4" => "video/mp4",
        _ => throw new UsageException($"'{given}' is not a media type (image/jpeg, image/png, image/gif, image/jp2...)"),
    };

    private static async Task<long> CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            total += read;
        }
        return total;
    }
}
