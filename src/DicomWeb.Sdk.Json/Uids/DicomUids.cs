namespace DicomWeb;

public static partial class DicomUids
{
    /// <summary>What the registry says about a UID; false for a UID it does not list (an instance UID, a private class).</summary>
    /// <example><code>
    /// if (DicomUids.TryGetInfo(sopClassUid, out var info)) Console.WriteLine(info.Name); // "CT Image Storage"
    /// </code></example>
    public static bool TryGetInfo(ReadOnlySpan<char> uid, out DicomUidInfo info) => TryGetRegistered(uid, out info);

    /// <inheritdoc cref="TryGetInfo(ReadOnlySpan{char}, out DicomUidInfo)"/>
    public static bool TryGetInfo(string uid, out DicomUidInfo info) => TryGetRegistered(uid.AsSpan(), out info);
}
