namespace DicomWeb;

/// <summary>
/// A tag together with the VR its values have: what the typed tags of <see cref="DicomTags"/>
/// (StringTag, PersonNameTag, DateTag, NumberTag&lt;T&gt; and the others) share.
/// </summary>
public interface IDicomTag
{
    /// <summary>The tag number.</summary>
    DicomTag Tag { get; }

    /// <summary>The VR of the values. For elements the dictionary allows several VRs, the one this tag was made with.</summary>
    DicomVR VR { get; }

    /// <summary>The dictionary keyword, e.g. "PatientName"; empty for a private or unknown tag.</summary>
    string Keyword { get; }
}
