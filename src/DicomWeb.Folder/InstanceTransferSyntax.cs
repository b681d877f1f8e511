using DicomWeb.Client;
using DicomWeb.Json;

namespace DicomWeb.Folder;

/// <summary>
/// Whether a WADO-RS Accept lets the store give an instance as its file, decided in one place for
/// every way the store gives instances (<see cref="DicomFolderClient.RetrieveAsync(WadoResource, IReadOnlyList{AcceptableMediaType}?, CancellationToken)"/>
/// and <see cref="DicomFolderClient.SaveInstancesAsync(WadoResource, string, IReadOnlyList{AcceptableMediaType}?, IProgress{SaveProgress}?, CancellationToken)"/>).
/// The store does not transcode, so it can send only the stored transfer syntax. PS3.18 8.7.8.2
/// selects, for an application/dicom choice of the Accept:
/// <list type="bullet">
/// <item>transfer-syntax=*: any transfer syntax (8.7.3.5.2), so the file as stored;</item>
/// <item>a UID: that transfer syntax, which the store has only when it is the stored one;</item>
/// <item>no transfer-syntax parameter: the default, Explicit VR Little Endian (8.7.3.4, Table
/// 8.7.3-2), "unless the origin server has only access to the pixel data in lossy compressed
/// form", which may then be sent as it is.</item>
/// </list>
/// </summary>
/// <remarks>
/// The other exception of 8.7.3.4 (lossless pixel data too long for Explicit VR Little Endian) is
/// not judged: such an instance is refused like any other the store would have to transcode.
/// </remarks>
internal static class InstanceTransferSyntax
{
    /// <summary>Whether one of the Accept's application/dicom choices allows the instance's stored transfer syntax.</summary>
    public static bool Allows(IReadOnlyList<AcceptableMediaType> accept, IndexedInstance instance) =>
        accept.Any(a => a.MediaType == "application/dicom" && a.TransferSyntaxUid switch
        {
            "*" => true,
            null => instance.TransferSyntaxUid == DicomUids.ExplicitVRLittleEndian || HasOnlyLossyPixelData(instance),
            string uid => uid == instance.TransferSyntaxUid,
        });

    /// <summary>The transfer syntaxes the Accept asks for, as an error message names them.</summary>
    public static string Asked(IReadOnlyList<AcceptableMediaType> accept) =>
        string.Join(", ", accept.Where(a => a.MediaType == "application/dicom")
            .Select(a => a.TransferSyntaxUid ?? $"none given, so the default {DicomUids.ExplicitVRLittleEndian}")
            .DefaultIfEmpty("no application/dicom"));

    // Lossy transfer syntaxes include those that may be either (JPEG 2000, HTJ2K): there Lossy
    // Image Compression (0028,2110) "00" says the pixel data is lossless, and so decodable to the default.
    private static bool HasOnlyLossyPixelData(IndexedInstance instance) =>
        DicomTransferSyntax.TryGet(instance.TransferSyntaxUid, out DicomTransferSyntax? syntax) && syntax.IsLossy
        && DicomJson.Deserialize(instance.AttributesJson).Get(DicomTags.LossyImageCompression) != "00";
}
