using System.Diagnostics.CodeAnalysis;

namespace DicomWeb;

/// <summary>
/// A person name (VR PN): up to three component groups, each "Family^Given^Middle^Prefix^Suffix".
/// The alphabetic group is the one most systems use; ideographic and phonetic hold, for example,
/// kanji and kana forms (PS3.5 section 6.2.1).
/// </summary>
/// <example><code>
/// var name = PersonName.Parse("Yamada^Tarou=山田^太郎=やまだ^たろう");
/// Console.WriteLine(name);                       // Yamada^Tarou
/// Console.WriteLine(name.Ideographic);           // 山田^太郎
/// Console.WriteLine(name.Components.GivenName);  // Tarou
/// </code></example>
public sealed class PersonName : IEquatable<PersonName>
{
    /// <summary>A name with no groups: an empty value inside a multi-valued PN (JSON null).</summary>
    public static PersonName Empty { get; } = new(null);

    /// <summary>A name from its groups; empty groups are null.</summary>
    public PersonName(string? alphabetic, string? ideographic = null, string? phonetic = null)
    {
        Alphabetic = NullIfEmpty(alphabetic);
        Ideographic = NullIfEmpty(ideographic);
        Phonetic = NullIfEmpty(phonetic);
    }

    /// <summary>The alphabetic group, e.g. "Doe^Jane"; null when absent.</summary>
    public string? Alphabetic { get; }

    /// <summary>The ideographic group; null when absent.</summary>
    public string? Ideographic { get; }

    /// <summary>The phonetic group; null when absent.</summary>
    public string? Phonetic { get; }

    /// <summary>Whether all three groups are absent.</summary>
    public bool IsEmpty => Alphabetic is null && Ideographic is null && Phonetic is null;

    /// <summary>The components of the alphabetic group.</summary>
    public PersonNameComponents Components => new(Alphabetic);

    /// <summary>A name from the components of its alphabetic group; trailing empty components are dropped.</summary>
    public static PersonName FromComponents(string? familyName, string? givenName = null, string? middleName = null, string? namePrefix = null, string? nameSuffix = null) =>
        new(string.Join('^', new[] { familyName, givenName, middleName, namePrefix, nameSuffix }.Select(c => c ?? "")).TrimEnd('^'));

    /// <summary>Reads the DICOM text form "alphabetic=ideographic=phonetic" (groups may be empty or left out).</summary>
    /// <exception cref="FormatException">The text has more than three groups.</exception>
    public static PersonName Parse(string text)
    {
        string[] groups = text.Split('=');
        if (groups.Length > 3)
            throw new FormatException($"'{text}' has {groups.Length} '='-separated groups; a person name has at most three.");
        return new PersonName(groups[0], groups.Length > 1 ? groups[1] : null, groups.Length > 2 ? groups[2] : null);
    }

    /// <summary>The full DICOM text form, "alphabetic=ideographic=phonetic" without trailing '='.</summary>
    public string ToDicomString() => $"{Alphabetic}={Ideographic}={Phonetic}".TrimEnd('=');

    /// <summary>The alphabetic group in DICOM form, e.g. "Doe^Jane" (empty when absent).</summary>
    public override string ToString() => Alphabetic ?? string.Empty;

    /// <inheritdoc/>
    public bool Equals([NotNullWhen(true)] PersonName? other) =>
        other is not null && Alphabetic == other.Alphabetic && Ideographic == other.Ideographic && Phonetic == other.Phonetic;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PersonName);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Alphabetic, Ideographic, Phonetic);

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}

/// <summary>The five components of one person name group: Family^Given^Middle^Prefix^Suffix.</summary>
public readonly struct PersonNameComponents
{
    private readonly string[] _parts;

    /// <summary>The components of a group such as "Doe^Jane^^Dr".</summary>
    public PersonNameComponents(string? group) => _parts = (group ?? string.Empty).Split('^');

    /// <summary>Family name complex.</summary>
    public string FamilyName => Part(0);

    /// <summary>Given name complex.</summary>
    public string GivenName => Part(1);

    /// <summary>Middle name.</summary>
    public string MiddleName => Part(2);

    /// <summary>Name prefix, e.g. "Dr".</summary>
    public string NamePrefix => Part(3);

    /// <summary>Name suffix, e.g. "Jr".</summary>
    public string NameSuffix => Part(4);

    private string Part(int index) => _parts is not null && index < _parts.Length ? _parts[index] : string.Empty;
}
