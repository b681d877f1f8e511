using System;
using System.Collections.Generic;
using System.Linq;

namespace DicomWeb.Generators.Dictionary;

/// <summary>
/// The value representations (PS3.5 Table 6.2-1) and the facts about them that the build-time
/// tools need: the generator (which checks dictionary rows, types the tags and checks model
/// properties) and the dictionary importer (which checks the registry it imports). Neither can use
/// the core library's DicomVR (the generator targets netstandard2.0 and loads into the compiler),
/// so both compile this one file, the importer as a linked source.
/// </summary>
internal static class VRFacts
{
    /// <summary>All 34 VRs, in alphabetical order.</summary>
    public static IReadOnlyList<VRFact> All { get; } =
    [
        new("AE", VRForm.Text, Wildcard: true),
        new("AS", VRForm.Text),
        new("AT", VRForm.AttributeTag),
        new("CS", VRForm.Text, Wildcard: true),
        new("DA", VRForm.Text),
        new("DS", VRForm.Text, BulkDataUri: true),
        new("DT", VRForm.Text),
        new("FD", VRForm.Number, BulkDataUri: true, NumberType: "double"),
        new("FL", VRForm.Number, BulkDataUri: true, NumberType: "float"),
        new("IS", VRForm.Text, BulkDataUri: true),
        new("LO", VRForm.Text, Wildcard: true),
        new("LT", VRForm.Text, Wildcard: true, BulkDataUri: true),
        new("OB", VRForm.Binary, BulkDataUri: true),
        new("OD", VRForm.Binary, BulkDataUri: true),
        new("OF", VRForm.Binary, BulkDataUri: true),
        new("OL", VRForm.Binary, BulkDataUri: true),
        new("OV", VRForm.Binary, BulkDataUri: true),
        new("OW", VRForm.Binary, BulkDataUri: true),
        new("PN", VRForm.Text, Wildcard: true),
        new("SH", VRForm.Text, Wildcard: true),
        new("SL", VRForm.Number, BulkDataUri: true, NumberType: "int"),
        new("SQ", VRForm.Sequence),
        new("SS", VRForm.Number, BulkDataUri: true, NumberType: "short"),
        new("ST", VRForm.Text, Wildcard: true, BulkDataUri: true),
        new("SV", VRForm.Number, BulkDataUri: true, NumberType: "long"),
        new("TM", VRForm.Text),
        new("UC", VRForm.Text, Wildcard: true, BulkDataUri: true),
        new("UI", VRForm.Text),
        new("UL", VRForm.Number, BulkDataUri: true, NumberType: "uint"),
        new("UN", VRForm.Binary, BulkDataUri: true),
        new("UR", VRForm.Text, Wildcard: true),
        new("US", VRForm.Number, BulkDataUri: true, NumberType: "ushort"),
        new("UT", VRForm.Text, Wildcard: true, BulkDataUri: true),
        new("UV", VRForm.Number, BulkDataUri: true, NumberType: "ulong"),
    ];

    private static readonly Dictionary<string, VRFact> ByCode = All.ToDictionary(f => f.Code, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="code"/> is one of the 34 VRs (upper case, as PS3.5 writes them).</summary>
    public static bool IsKnown(string code) => ByCode.ContainsKey(code);

    /// <summary>The facts of a VR; throws for a code that is not one (callers check dictionary rows first).</summary>
    public static VRFact Get(string code) =>
        ByCode.TryGetValue(code, out VRFact? fact) ? fact! : throw new ArgumentOutOfRangeException(nameof(code), code, "not a DICOM VR");

    /// <summary>The codes of the VRs that <paramref name="which"/> selects, in alphabetical order.</summary>
    public static string[] Codes(Func<VRFact, bool> which) => All.Where(which).Select(f => f.Code).ToArray();

    /// <summary>
    /// The VR a value is read and written with when the dictionary allows several: OW where bulk
    /// data may be OB or OW (the VR implicit VR files use for pixel data and LUTs, PS3.5 A.1),
    /// else the first one listed ("US or SS" is US).
    /// </summary>
    public static string StoredVR(IReadOnlyList<string> vrs) =>
        vrs.Count > 1 && vrs.Contains("OW") ? "OW" : vrs[0];
}

/// <summary>One VR and its facts.</summary>
/// <param name="Code">The two letters, e.g. "PN".</param>
/// <param name="Form">What a value is.</param>
/// <param name="Wildcard">Whether QIDO-RS wildcard matching (* and ?) applies to it (PS3.4 C.2.2.2.4).</param>
/// <param name="BulkDataUri">Whether DICOM JSON may give its value as a BulkDataURI or InlineBinary (PS3.18 F.2.6, Table F.2.3-1).</param>
/// <param name="NumberType">For binary numbers: the C# type of one value.</param>
internal sealed record VRFact(string Code, VRForm Form, bool Wildcard = false, bool BulkDataUri = false, string? NumberType = null);

/// <summary>What the value of a VR is.</summary>
internal enum VRForm
{
    /// <summary>Character strings (PS3.5 6.2): AE AS CS DA DS DT IS LO LT PN SH ST TM UC UI UR UT.</summary>
    Text,

    /// <summary>Binary numbers of a fixed size: FD FL SL SS SV UL US UV.</summary>
    Number,

    /// <summary>Bytes read as a whole (the "Other" VRs and UN): in DICOM JSON always InlineBinary or a BulkDataURI.</summary>
    Binary,

    /// <summary>Tags of other attributes: AT.</summary>
    AttributeTag,

    /// <summary>Items of data sets: SQ.</summary>
    Sequence,
}
