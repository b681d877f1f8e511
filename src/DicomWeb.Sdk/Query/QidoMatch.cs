namespace DicomWeb.Client;

/// <summary>
/// One QIDO-RS match (PS3.18 8.3.4): an attribute and the value it must match, made by the
/// matchers of <see cref="QidoMatchers"/> so that only matches its VR allows exist.
/// </summary>
public readonly record struct QidoMatch
{
    internal QidoMatch(DicomTag tag, string value)
    {
        Tag = tag;
        Value = value;
    }

    /// <summary>The attribute.</summary>
    public DicomTag Tag { get; }

    /// <summary>The match value as PS3.18 writes it: "Smith*", "20250101-20250131", "uid1,uid2".</summary>
    public string Value { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{DicomDictionary.GetKeyword(Tag) ?? Tag.ToString("J", null)}={Value}";
}
