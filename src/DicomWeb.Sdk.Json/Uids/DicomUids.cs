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

    /// <summary>Every UID of the registry (<see cref="Count"/> of them), in registry order, those without a keyword included.</summary>
    /// <example><code>
    /// foreach (DicomUidInfo info in DicomUids.All.Where(u => u.Type == "Transfer Syntax")) Console.WriteLine(info.Keyword);
    /// </code></example>
    public static IReadOnlyList<DicomUidInfo> All => _all ??= Array.AsReadOnly(Array.ConvertAll(RegisteredUids, uid =>
    {
        TryGetRegistered(uid, out DicomUidInfo info);
        return info;
    }));

    private static IReadOnlyList<DicomUidInfo>? _all;
}
