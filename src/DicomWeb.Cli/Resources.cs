using DicomWeb.Client;

namespace DicomWeb.Cli;

/// <summary>STUDY [SERIES [INSTANCE]] arguments as a WADO resource, the UIDs checked first.</summary>
internal static class Resources
{
    public static WadoResource From(string[] uids)
    {
        if (uids.Length is 0 or > 3)
            throw new UsageException("give STUDY [SERIES [INSTANCE]] UIDs");
        // Wado checks each UID and says which one is not (an ArgumentException: exit 2).
        WadoResource resource = Wado.Study(uids[0]);
        if (uids.Length > 1) resource = resource.Series(uids[1]);
        if (uids.Length > 2) resource = resource.Instance(uids[2]);
        return resource;
    }
}
