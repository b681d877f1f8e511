namespace DicomWeb.Client;

/// <summary>
/// Whether a WADO-RS Accept lets a store that does not transcode (a folder store, a server over
/// one, a test double) give an instance or its frames in the transfer syntax they are stored in:
/// decided here once for every such store, as PS3.18 8.7 selects. For an application/dicom choice
/// (8.7.8.2):
/// <list type="bullet">
/// <item>transfer-syntax=*: any transfer syntax (8.7.3.5.2), so the file as stored;</item>
/// <item>a UID: that transfer syntax, which the store has only when it is the stored one;</item>
/// <item>no transfer-syntax parameter: the default, Explicit VR Little Endian (8.7.3.4, Table
/// 8.7.3-2), "unless the origin server has only access to the pixel data in lossy compressed
/// form", which may then be sent as it is.</item>
/// </list>
/// The other exception of 8.7.3.4 (lossless pixel data too long for Explicit VR Little Endian) is
/// not judged: such an instance is refused like any other the store would have to transcode.
/// </summary>
/// <example><code>
/// IReadOnlyList&lt;AcceptableMediaType&gt; accept = [AcceptableMediaType.Dicom()];
/// bool ok = TransferSyntaxAcceptance.AllowsInstance(accept, DicomUids.JPEGBaseline8Bit);   // true: "*" takes any
/// </code></example>
public static class TransferSyntaxAcceptance
{
    private const string Dicom = "application/dicom";

    // Pixel data in these is not encapsulated: its frames are sent as application/octet-stream.
    private static readonly HashSet<string> NativeSyntaxes = [DicomUids.ImplicitVRLittleEndian, DicomUids.ExplicitVRLittleEndian, DicomUids.ExplicitVRBigEndian, DicomUids.DeflatedExplicitVRLittleEndian];

    /// <summary>
    /// Whether one of the Accept's application/dicom choices allows an instance stored in
    /// <paramref name="storedTransferSyntaxUid"/> to be sent as it is.
    /// </summary>
    /// <param name="accept">The choices of the Accept, in any order.</param>
    /// <param name="storedTransferSyntaxUid">The transfer syntax the instance is stored in.</param>
    /// <param name="lossyImageCompression">
    /// The instance's Lossy Image Compression (0028,2110), asked for only when the answer depends on
    /// it (a choice without transfer-syntax and a transfer syntax that may be lossy, such as JPEG
    /// 2000): "00" says the pixel data is lossless, so decodable to the default. Null: taken as lossy.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="accept"/> or <paramref name="storedTransferSyntaxUid"/> is null.</exception>
    public static bool AllowsInstance(IReadOnlyList<AcceptableMediaType> accept, string storedTransferSyntaxUid, Func<string?>? lossyImageCompression = null)
    {
        ArgumentNullException.ThrowIfNull(accept);
        ArgumentNullException.ThrowIfNull(storedTransferSyntaxUid);
        return accept.Any(a => a.MediaType == Dicom && a.TransferSyntaxUid switch
        {
            "*" => true,
            null => storedTransferSyntaxUid == DicomUids.ExplicitVRLittleEndian || HasOnlyLossyPixelData(storedTransferSyntaxUid, lossyImageCompression),
            string uid => uid == storedTransferSyntaxUid,
        });
    }

    /// <summary>
    /// The media type frames stored in <paramref name="storedTransferSyntaxUid"/> are sent in
    /// without transcoding: application/octet-stream for native pixel data, else the one PS3.18
    /// Table 8.7.3-5 gives the transfer syntax (application/octet-stream when it gives none).
    /// </summary>
    public static string FramesMediaType(string storedTransferSyntaxUid) =>
        NativeSyntaxes.Contains(storedTransferSyntaxUid)
            ? BulkDataMediaTypes.OctetStream
            : BulkDataMediaTypes.MediaTypeOf(storedTransferSyntaxUid) ?? BulkDataMediaTypes.OctetStream;

    /// <summary>
    /// Whether one of the Accept's choices allows frames stored in
    /// <paramref name="storedTransferSyntaxUid"/> to be sent as they are: their media type
    /// (<see cref="FramesMediaType"/>), application/octet-stream with transfer-syntax=*, or */*,
    /// without a transfer syntax or with "*"; or a choice naming the stored transfer syntax.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="accept"/> or <paramref name="storedTransferSyntaxUid"/> is null.</exception>
    public static bool AllowsFrames(IReadOnlyList<AcceptableMediaType> accept, string storedTransferSyntaxUid)
    {
        ArgumentNullException.ThrowIfNull(accept);
        ArgumentNullException.ThrowIfNull(storedTransferSyntaxUid);
        string mediaType = FramesMediaType(storedTransferSyntaxUid);
        return accept.Any(a =>
            (a.MediaType == mediaType || a.MediaType == BulkDataMediaTypes.OctetStream && a.TransferSyntaxUid == "*" || a.MediaType == "*/*") && a.TransferSyntaxUid is null or "*"
            || a.TransferSyntaxUid == storedTransferSyntaxUid);
    }

    /// <summary>The transfer syntaxes the Accept's application/dicom choices ask for, as an error message names them.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="accept"/> is null.</exception>
    public static string DescribeInstanceChoices(IReadOnlyList<AcceptableMediaType> accept) =>
        string.Join(", ", (accept ?? throw new ArgumentNullException(nameof(accept))).Where(a => a.MediaType == Dicom)
            .Select(a => a.TransferSyntaxUid ?? $"none given, so the default {DicomUids.ExplicitVRLittleEndian}")
            .DefaultIfEmpty("no application/dicom"));

    // Lossy transfer syntaxes include those that may be either (JPEG 2000, HTJ2K): there Lossy
    // Image Compression (0028,2110) "00" says the pixel data is lossless, and so decodable to the default.
    private static bool HasOnlyLossyPixelData(string storedTransferSyntaxUid, Func<string?>? lossyImageCompression) =>
        DicomTransferSyntax.TryGet(storedTransferSyntaxUid, out DicomTransferSyntax? syntax) && syntax.IsLossy
        && lossyImageCompression?.Invoke() != "00";
}
