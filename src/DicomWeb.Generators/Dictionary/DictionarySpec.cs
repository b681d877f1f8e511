using DicomWeb.Generators.Common;

namespace DicomWeb.Generators.Dictionary;

/// <summary>One row of elements.tsv.</summary>
/// <param name="TagPattern">As written, e.g. "(0010,0010)" or "(60xx,3000)".</param>
/// <param name="Tag">The tag number with every x read as 0.</param>
/// <param name="FixedMask">1 bits where the pattern is fixed: 0xFFFFFFFF unless the tag repeats.</param>
/// <param name="VRs">The VRs, one or more; empty for items and delimiters.</param>
internal sealed record ElementSpec(
    string TagPattern,
    uint Tag,
    uint FixedMask,
    string Keyword,
    EquatableArray<string> VRs,
    string VM,
    bool Retired,
    string Name)
{
    public bool IsRepeating => FixedMask != 0xFFFFFFFFu;
}

/// <summary>One row of uids.tsv.</summary>
internal sealed record UidSpec(string Uid, string Keyword, string Type, bool Retired, string Name, string Info);

/// <summary>One row of transfer-syntaxes.tsv, joined with its uids.tsv row.</summary>
internal sealed record TransferSyntaxSpec(
    string Uid,
    string Keyword,
    string Name,
    bool ExplicitVR,
    bool BigEndian,
    bool Encapsulated,
    bool Lossy,
    bool Deflated,
    bool Retired);

/// <summary>Everything the dictionary emitter needs: values only, no positions in the files.</summary>
internal sealed record DictionarySpec(
    EquatableArray<ElementSpec> Elements,
    EquatableArray<UidSpec> Uids,
    EquatableArray<TransferSyntaxSpec> TransferSyntaxes);

/// <summary>The dictionary as read, and what went wrong reading it (at file and line).</summary>
internal sealed record DictionaryParseResult(DictionarySpec Spec, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>A dictionary file's text and where it came from (an AdditionalFiles path or the embedded copy).</summary>
internal sealed record DictionaryFile(string Name, string Path, string Text);
