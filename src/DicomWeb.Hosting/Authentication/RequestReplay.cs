using DicomWeb.Client;

namespace DicomWeb.Hosting;

/// <summary>Whether a request can be sent a second time as it is.</summary>
internal static class RequestReplay
{
    /// <summary>
    /// True without a body, or with a body held in memory (ByteArrayContent and its kin), or when
    /// the DicomWeb client marked the body replayable (<see cref="DicomWebRequestOptions.Replayable"/>:
    /// a STOW-RS body re-read from files). Any other body may be a stream already consumed.
    /// </summary>
    public static bool CanReplay(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(DicomWebRequestOptions.Replayable, out bool replayable))
            return replayable;
        return request.Content is null or ByteArrayContent or ReadOnlyMemoryContent;
    }
}
