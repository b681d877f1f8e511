namespace DicomWeb;

/// <summary>
/// Defaults of the bounds that readers and writers apply to untrusted input (files, server
/// answers, data sets). Each is an option where it applies; docs/security.md lists them all.
/// </summary>
public static class DicomLimits
{
    /// <summary>
    /// How deep sequences may nest, in Part 10 and DICOM JSON alike, read or written: 128 levels
    /// (a sequence of the top-level data set is level 1). Real data nests well under 20; the bound
    /// keeps recursion far from the stack's end, so hostile nesting is a typed error, not a crash.
    /// </summary>
    public const int DefaultMaxSequenceDepth = 128;
}
