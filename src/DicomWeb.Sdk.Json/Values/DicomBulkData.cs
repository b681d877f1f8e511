namespace DicomWeb;

/// <summary>
/// The value of a bulk data element (OB, OD, OF, OL, OV, OW, UN, and in metadata responses other
/// VRs too): either the bytes themselves (DICOM JSON InlineBinary) or a BulkDataURI to fetch
/// them from (PS3.18 F.2.6, F.2.7).
/// </summary>
public sealed class DicomBulkData : IEquatable<DicomBulkData>
{
    private DicomBulkData(ReadOnlyMemory<byte>? bytes, string? uri)
    {
        Bytes = bytes;
        Uri = uri;
    }

    /// <summary>Inline bytes, in PS3.5 byte order (little endian).</summary>
    public static DicomBulkData FromBytes(ReadOnlyMemory<byte> bytes) => new(bytes, null);

    /// <summary>A reference to the bytes; may be relative to the metadata resource it came from.</summary>
    public static DicomBulkData FromUri(string uri) => new(null, uri ?? throw new ArgumentNullException(nameof(uri)));

    /// <summary>The bytes, when they are inline; null for a BulkDataURI.</summary>
    public ReadOnlyMemory<byte>? Bytes { get; }

    /// <summary>The BulkDataURI, when the bytes are elsewhere; null for inline bytes.</summary>
    public string? Uri { get; }

    /// <inheritdoc/>
    public bool Equals(DicomBulkData? other) =>
        other is not null && Uri == other.Uri && (Bytes is null) == (other.Bytes is null)
        && (Bytes is null || Bytes.Value.Span.SequenceEqual(other.Bytes!.Value.Span));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DicomBulkData);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Uri, Bytes?.Length);

    /// <inheritdoc/>
    public override string ToString() => Uri ?? $"{Bytes!.Value.Length} bytes";
}
