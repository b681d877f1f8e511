namespace DicomWeb.Json;

/// <summary>
/// Marks a partial class, record or struct whose properties are DICOM attributes. The DicomWeb
/// generator makes it an <see cref="IDicomJsonModel{TSelf}"/>: a DICOM JSON reader that reads
/// only the declared tags (skipping the rest without decoding it) and a writer. A property's
/// name is its keyword unless <see cref="DicomTagAttribute"/> says otherwise.
/// </summary>
/// <example><code>
/// [DicomJsonModel]
/// public partial record StudyRow
/// {
///     public string? StudyInstanceUID { get; init; }
///     public PersonName? PatientName { get; init; }
///     public DateOnly? StudyDate { get; init; }
///     public IReadOnlyList&lt;string&gt; ModalitiesInStudy { get; init; } = [];
///     [DicomTag("NumberOfStudyRelatedInstances")] public int? Instances { get; init; }
/// }
/// StudyRow row = DicomJson.Deserialize&lt;StudyRow&gt;(utf8Json);
/// </code></example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class DicomJsonModelAttribute : Attribute;

/// <summary>Names the DICOM attribute a property of a <see cref="DicomJsonModelAttribute"/> type holds.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class DicomTagAttribute : Attribute
{
    /// <summary>By dictionary keyword, e.g. "PatientName".</summary>
    public DicomTagAttribute(string keyword) => Keyword = keyword;

    /// <summary>By tag; a private tag also needs <see cref="VR"/>.</summary>
    public DicomTagAttribute(ushort group, ushort element)
    {
        Group = group;
        Element = element;
    }

    /// <summary>The keyword, when given.</summary>
    public string? Keyword { get; }

    /// <summary>The group, when given by tag.</summary>
    public ushort Group { get; }

    /// <summary>The element, when given by tag.</summary>
    public ushort Element { get; }

    /// <summary>The VR for a tag the dictionary does not know (a private tag), e.g. "LO".</summary>
    public string? VR { get; set; }
}

/// <summary>
/// A type that reads and writes itself as DICOM JSON, generated for <see cref="DicomJsonModelAttribute"/> types.
/// </summary>
public interface IDicomJsonModel<TSelf> where TSelf : IDicomJsonModel<TSelf>
{
    /// <summary>The tags the type reads and writes, ascending (for QIDO includefield).</summary>
    static abstract IReadOnlyList<DicomTag> DicomTags { get; }

    /// <summary>Reads one DICOM JSON object; the reader is on its StartObject and is left on its EndObject.</summary>
    static abstract TSelf ReadDicomJson(ref System.Text.Json.Utf8JsonReader reader);

    /// <summary>
    /// Reads one DICOM JSON object as <see cref="DicomJson"/> does: every attribute checked by the
    /// generic rules of the scope, the declared ones decoded, in one pass. Called by DicomJson.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    static abstract TSelf ReadDicomJson(ref System.Text.Json.Utf8JsonReader reader, ref DicomJsonModelScope scope);

    /// <summary>Writes the object as DICOM JSON; null and empty properties are left out.</summary>
    void WriteDicomJson(System.Text.Json.Utf8JsonWriter writer);
}
