namespace DicomWeb.Json;

/// <summary>
/// How DICOM JSON is read: the bounds applied to untrusted input and whether deviations from
/// PS3.18 Annex F that real servers send are tolerated. The defaults suit server answers;
/// docs/dicom-json.md lists the tolerated deviations and docs/security.md the limits.
/// </summary>
/// <example><code>
/// // A validator: refuse every deviation from Annex F, and allow deeper nesting than usual.
/// var strict = new DicomJsonReadOptions { Strict = true, MaxSequenceDepth = 256 };
/// DicomDataset ds = DicomJson.Deserialize(utf8Json, strict);
/// </code></example>
public sealed record DicomJsonReadOptions
{
    /// <summary>The default of <see cref="MaxDatasetBytes"/>: 64 MiB.</summary>
    public const int DefaultMaxDatasetBytes = 64 * 1024 * 1024;

    /// <summary>The highest <see cref="MaxSequenceDepth"/> that can be set: deeper recursion would come near the end of a thread's stack.</summary>
    public const int MaxAllowedSequenceDepth = 1024;

    /// <summary>The defaults: tolerant of known server deviations, within the default bounds.</summary>
    public static DicomJsonReadOptions Default { get; } = new();

    internal static DicomJsonReadOptions StrictDefault { get; } = new() { Strict = true };

    private readonly int _maxSequenceDepth = DicomLimits.DefaultMaxSequenceDepth;
    private readonly int _maxDatasetBytes = DefaultMaxDatasetBytes;

    /// <summary>
    /// How deep sequences may nest: a sequence of the top-level data set is level 1. Default
    /// <see cref="DicomLimits.DefaultMaxSequenceDepth"/> (128), the same bound as Part 10 files,
    /// from 1 to <see cref="MaxAllowedSequenceDepth"/>. Deeper input is a <see cref="DicomJsonException"/>
    /// naming the path and byte where the limit was passed.
    /// </summary>
    public int MaxSequenceDepth
    {
        get => _maxSequenceDepth;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxAllowedSequenceDepth);
            _maxSequenceDepth = value;
        }
    }

    /// <summary>
    /// The most bytes one data set (one top-level object, with its sequences) may take when read
    /// from a stream: default <see cref="DefaultMaxDatasetBytes"/> (64 MiB). The stream readers
    /// never hold more than this (plus one read buffer) of the input at a time; a larger object is
    /// a <see cref="DicomJsonException"/> naming its index in the array and its byte position.
    /// Input already in memory (a span or array) is not bounded by it.
    /// </summary>
    public int MaxDatasetBytes
    {
        get => _maxDatasetBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 2);
            _maxDatasetBytes = value;
        }
    }

    /// <summary>
    /// False (the default): deviations from Annex F that servers are known to send are read and
    /// normalized to the canonical form (numbers given as strings, a PN given as a plain string,
    /// keys in lowercase hex, "keyword" or "name" beside "vr", <c>[null]</c> or <c>[""]</c> for an
    /// empty value, a single object where an array was expected, and more: see docs/dicom-json.md).
    /// True: each of these is a <see cref="DicomJsonException"/>, for validators and tests.
    /// Hostile input (limits, malformed JSON, text that is not a number for a numeric VR) is
    /// refused in both modes.
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>The JSON nesting the reader allows: enough for every valid shape at <see cref="MaxSequenceDepth"/>, so the DICOM limit is the one that bites.</summary>
    internal int JsonMaxDepth => 3 * (MaxSequenceDepth + 1) + 8;
}
