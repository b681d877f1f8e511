using System.Globalization;

namespace DicomWeb.Client;

/// <summary>
/// One choice in a WADO-RS Accept header (PS3.18 8.7): a media type, single part or inside
/// multipart/related, with at most one transfer syntax ("*" for any, the stored one) and an
/// optional q value. Several choices make an Accept header with alternatives.
/// </summary>
/// <example><code>
/// // JPEG 2000 if the server can, else whatever it has stored
/// IReadOnlyList&lt;AcceptableMediaType&gt; accept =
///     [AcceptableMediaType.Dicom(DicomUids.JPEG2000Lossless), AcceptableMediaType.Dicom("*").WithQuality(0.5)];
/// await foreach (DicomPart part in client.RetrieveAsync(Wado.Study(studyUid), accept)) { }
/// </code></example>
public sealed record AcceptableMediaType
{
    private AcceptableMediaType(string mediaType, string? transferSyntaxUid, bool multipart)
    {
        MediaType = mediaType;
        TransferSyntaxUid = transferSyntaxUid;
        IsMultipart = multipart;
    }

    /// <summary>The media type of the content, e.g. "application/dicom" or "image/jp2".</summary>
    public string MediaType { get; }

    /// <summary>The transfer-syntax parameter: a UID, "*" for any, or null for the server's default (PS3.18 8.7.3.4).</summary>
    public string? TransferSyntaxUid { get; }

    /// <summary>True when the content is asked for inside multipart/related (the media type is then its type parameter).</summary>
    public bool IsMultipart { get; }

    /// <summary>The q value, 0 to 1; null means 1.</summary>
    public double? Quality { get; private init; }

    /// <summary>
    /// Part 10 instances in multipart/related, in a transfer syntax ("*", the default: as stored,
    /// which no server has to transcode; null: the server's default, Explicit VR Little Endian).
    /// </summary>
    /// <exception cref="ArgumentException">The transfer syntax is neither "*" nor a UID.</exception>
    public static AcceptableMediaType Dicom(string? transferSyntaxUid = "*") =>
        new("application/dicom", CheckTransferSyntax(transferSyntaxUid), true);

    /// <summary>One Part 10 instance as a single-part application/dicom response (Table 10.4.4-1; not every server offers it).</summary>
    public static AcceptableMediaType DicomSinglePart(string? transferSyntaxUid = null) =>
        new("application/dicom", CheckTransferSyntax(transferSyntaxUid), false);

    /// <summary>Uncompressed bulk data (frames, pixel data) in multipart/related, with a transfer syntax ("*" by default: as stored).</summary>
    public static AcceptableMediaType OctetStream(string? transferSyntaxUid = "*") =>
        new(BulkDataMediaTypes.OctetStream, CheckTransferSyntax(transferSyntaxUid), true);

    /// <summary>
    /// Bulk data in a compressed transfer syntax, with the media type PS3.18 Table 8.7.3-5 gives it
    /// (e.g. image/jp2 for JPEG 2000), in multipart/related.
    /// </summary>
    /// <exception cref="ArgumentException">The transfer syntax has no bulk data media type in the table.</exception>
    public static AcceptableMediaType BulkData(string transferSyntaxUid) =>
        new(BulkDataMediaTypes.MediaTypeOf(transferSyntaxUid)
            ?? throw new ArgumentException($"'{transferSyntaxUid}' has no bulk data media type in PS3.18 Tables 8.7.3-4/5.", nameof(transferSyntaxUid)),
            transferSyntaxUid, true);

    /// <summary>A single-part media type without transfer syntax, e.g. "image/png" for rendered images or "application/octet-stream" for a byte range.</summary>
    /// <exception cref="ArgumentException">The text is not "type/subtype".</exception>
    public static AcceptableMediaType SinglePart(string mediaType) => new(CheckMediaType(mediaType), null, false);

    /// <summary>A media type inside multipart/related without transfer syntax, e.g. "image/png" for the rendered instances of a series.</summary>
    /// <exception cref="ArgumentException">The text is not "type/subtype".</exception>
    public static AcceptableMediaType Multipart(string mediaType) => new(CheckMediaType(mediaType), null, true);

    /// <summary>This choice with a q value (RFC 9110 12.4.2): the server prefers higher values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 0 and 1.</exception>
    public AcceptableMediaType WithQuality(double quality) =>
        quality is >= 0 and <= 1 ? this with { Quality = quality } : throw new ArgumentOutOfRangeException(nameof(quality), quality, "A q value is between 0 and 1.");

    /// <summary>The Accept header text of this choice, with the type parameter quoted or not (servers differ; PS3.18 8.7.3.5.1 allows both).</summary>
    public string ToString(bool quoteType)
    {
        string text = IsMultipart
            ? $"multipart/related; type={(quoteType ? $"\"{MediaType}\"" : MediaType)}"
            : MediaType;
        if (TransferSyntaxUid is not null)
            text += "; transfer-syntax=" + TransferSyntaxUid;
        if (Quality is double q)
            text += "; q=" + q.ToString("0.###", CultureInfo.InvariantCulture);
        return text;
    }

    /// <inheritdoc/>
    public override string ToString() => ToString(quoteType: true);

    /// <summary>The Accept header text of several choices.</summary>
    public static string ToHeader(IEnumerable<AcceptableMediaType> choices, bool quoteType) =>
        string.Join(", ", choices.Select(c => c.ToString(quoteType)));

    private static string? CheckTransferSyntax(string? uid) =>
        uid is null or "*" ? uid : DicomUid.Check(uid, "transferSyntaxUid");

    private static string CheckMediaType(string mediaType) =>
        MediaTypeHeader.TryParse(mediaType) is { Parameters.Count: 0 } parsed && !parsed.IsMultipart
            ? mediaType
            : throw new ArgumentException($"'{mediaType}' is not a media type like image/png (no parameters, not multipart).", nameof(mediaType));
}
