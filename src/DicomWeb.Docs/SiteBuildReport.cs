namespace DicomWeb.Docs;

/// <summary>What <see cref="TagLookupSite.Build"/> wrote.</summary>
/// <param name="IndexPath">The full path of index.html, to open in a browser.</param>
/// <param name="Files">Each file written and its size in bytes.</param>
/// <param name="Elements">The number of data elements on the site.</param>
/// <param name="Uids">The number of registered UIDs on the site (transfer syntaxes included).</param>
/// <param name="Elapsed">How long reading the dictionary and writing the site took.</param>
public sealed record SiteBuildReport(string IndexPath, IReadOnlyList<(string Name, long Bytes)> Files, int Elements, int Uids, TimeSpan Elapsed)
{
    /// <summary>The size of the whole site in bytes.</summary>
    public long TotalBytes => Files.Sum(f => f.Bytes);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{IndexPath}: {Elements} elements, {Uids} UIDs, {Files.Count} files, {TotalBytes / 1024.0:F0} KiB ({string.Join(", ", Files.Select(f => $"{f.Name} {f.Bytes / 1024.0:F0} KiB"))}), built in {Elapsed.TotalMilliseconds:F0} ms";
}
