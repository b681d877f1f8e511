namespace DicomWeb.Client;

/// <summary>
/// A part's source gave other than the bytes announced for it (a file changed after it was
/// checked): named in the request's error, where HttpClient says only "Error while copying content".
/// </summary>
internal sealed class PartLengthException(string message) : IOException(message);
