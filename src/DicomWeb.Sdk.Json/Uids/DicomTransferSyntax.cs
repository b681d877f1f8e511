using System.Diagnostics.CodeAnalysis;

namespace DicomWeb;

/// <summary>
/// A transfer syntax and how it encodes a data set (PS3.5 section 10): every one in the registry
/// is a static property (<c>ExplicitVRLittleEndian</c>, <c>JPEG2000Lossless</c>...)
/// and <see cref="All"/> lists them.
/// </summary>
/// <example><code>
/// if (DicomTransferSyntax.TryGet(file.TransferSyntaxUid, out var ts) &amp;&amp; ts.IsEncapsulated) { /* compressed pixel data */ }
/// </code></example>
public sealed partial class DicomTransferSyntax
{
    private DicomTransferSyntax(string uid, string keyword, string name, bool isExplicitVR, bool isBigEndian, bool isEncapsulated, bool isLossy, bool isDeflated, bool isRetired)
    {
        Uid = uid;
        Keyword = keyword;
        Name = name;
        IsExplicitVR = isExplicitVR;
        IsBigEndian = isBigEndian;
        IsEncapsulated = isEncapsulated;
        IsLossy = isLossy;
        IsDeflated = isDeflated;
        IsRetired = isRetired;
    }

    /// <summary>The UID, e.g. "1.2.840.10008.1.2.1".</summary>
    public string Uid { get; }

    /// <summary>The registry keyword, e.g. "ExplicitVRLittleEndian".</summary>
    public string Keyword { get; }

    /// <summary>The registry name, e.g. "Explicit VR Little Endian".</summary>
    public string Name { get; }

    /// <summary>Whether data elements carry their VR (all but Implicit VR Little Endian and its Papyrus twin).</summary>
    public bool IsExplicitVR { get; }

    /// <summary>Whether binary values are big endian (only the retired Explicit VR Big Endian).</summary>
    public bool IsBigEndian { get; }

    /// <summary>Whether pixel data is encapsulated: fragments after a basic offset table (JPEG, RLE, MPEG...).</summary>
    public bool IsEncapsulated { get; }

    /// <summary>Whether the pixel data is, or may be, lossy compressed.</summary>
    public bool IsLossy { get; }

    /// <summary>Whether the data set after the file meta group is deflated (RFC 1951).</summary>
    public bool IsDeflated { get; }

    /// <summary>Whether the transfer syntax is retired.</summary>
    public bool IsRetired { get; }

    /// <summary>The transfer syntax with this UID, if the registry has it.</summary>
    public static bool TryGet(ReadOnlySpan<char> uid, [NotNullWhen(true)] out DicomTransferSyntax? transferSyntax)
    {
        transferSyntax = FindRegistered(uid.TrimEnd('\0').TrimEnd(' '));
        return transferSyntax is not null;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Uid})";
}
