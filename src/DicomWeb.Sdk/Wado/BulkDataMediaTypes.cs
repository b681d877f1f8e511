namespace DicomWeb.Client;

/// <summary>One row of PS3.18 Tables 8.7.3-4 and 8.7.3-5: a bulk data media type and a transfer syntax it carries.</summary>
/// <param name="MediaType">The media type, e.g. "image/jp2".</param>
/// <param name="TransferSyntaxUid">The transfer syntax, e.g. <see cref="DicomUids.JPEG2000Lossless"/>.</param>
/// <param name="IsDefault">True where the standard marks the pair "D": the transfer syntax a server uses for the media type when the request names none.</param>
public readonly record struct BulkDataMediaType(string MediaType, string TransferSyntaxUid, bool IsDefault);

/// <summary>
/// The media types of bulk data (frames, pixel data, video) and their transfer syntaxes, PS3.18
/// Tables 8.7.3-4 (uncompressed) and 8.7.3-5 (compressed): the one table Accept headers for bulk
/// data are built from.
/// </summary>
public static class BulkDataMediaTypes
{
    /// <summary>Uncompressed bulk data: little endian bytes.</summary>
    public const string OctetStream = "application/octet-stream";

    /// <summary>Every media type and transfer syntax pair of the two tables, in the standard's order.</summary>
    public static IReadOnlyList<BulkDataMediaType> All { get; } =
    [
        new(OctetStream, DicomUids.ExplicitVRLittleEndian, true),
        new("image/jpeg", DicomUids.JPEGLosslessSV1, true),
        new("image/jpeg", DicomUids.JPEGBaseline8Bit, false),
        new("image/jpeg", DicomUids.JPEGExtended12Bit, false),
        new("image/jpeg", DicomUids.JPEGLossless, false),
        new("image/dicom-rle", DicomUids.RLELossless, true),
        new("image/jls", DicomUids.JPEGLSLossless, true),
        new("image/jls", DicomUids.JPEGLSNearLossless, false),
        new("image/jp2", DicomUids.JPEG2000Lossless, true),
        new("image/jp2", DicomUids.JPEG2000, false),
        new("image/jpx", DicomUids.JPEG2000MCLossless, true),
        new("image/jpx", DicomUids.JPEG2000MC, false),
        new("image/jphc", DicomUids.HTJ2KLossless, true),
        new("image/jphc", DicomUids.HTJ2KLosslessRPCL, false),
        new("image/jphc", DicomUids.HTJ2K, false),
        new("image/jxl", DicomUids.JPEGXLLossless, true),
        new("image/jxl", DicomUids.JPEGXLJPEGRecompression, false),
        new("image/jxl", DicomUids.JPEGXL, false),
        new("video/mpeg", DicomUids.MPEG2MPML, false),
        new("video/mpeg", DicomUids.MPEG2MPMLF, false),
        new("video/mpeg", DicomUids.MPEG2MPHL, true),
        new("video/mpeg", DicomUids.MPEG2MPHLF, false),
        new("video/mp4", DicomUids.MPEG4HP41, true),
        new("video/mp4", DicomUids.MPEG4HP41F, true),
        new("video/mp4", DicomUids.MPEG4HP41BD, false),
        new("video/mp4", DicomUids.MPEG4HP41BDF, false),
        new("video/mp4", DicomUids.MPEG4HP422D, false),
        new("video/mp4", DicomUids.MPEG4HP422DF, false),
        new("video/mp4", DicomUids.MPEG4HP423D, false),
        new("video/mp4", DicomUids.MPEG4HP423DF, false),
        new("video/mp4", DicomUids.MPEG4HP42STEREO, false),
        new("video/mp4", DicomUids.MPEG4HP42STEREOF, false),
        new("video/H265", DicomUids.HEVCMP51, true),
        new("video/H265", DicomUids.HEVCM10P51, false),
    ];

    /// <summary>The media type that carries a transfer syntax's bulk data, e.g. "image/jp2" for 1.2.840.10008.1.2.4.90; null when the tables have none.</summary>
    public static string? MediaTypeOf(string transferSyntaxUid)
    {
        foreach (BulkDataMediaType row in All)
        {
            if (row.TransferSyntaxUid == transferSyntaxUid)
                return row.MediaType;
        }
        return null;
    }

    /// <summary>The transfer syntax a server uses for a media type when the request names none; null for a media type not in the tables.</summary>
    public static string? DefaultTransferSyntaxOf(string mediaType)
    {
        foreach (BulkDataMediaType row in All)
        {
            if (row.IsDefault && string.Equals(row.MediaType, mediaType, StringComparison.OrdinalIgnoreCase))
                return row.TransferSyntaxUid;
        }
        return null;
    }
}
