using System;
using System.Collections.Generic;
using System.Linq;

namespace DicomWeb.Generators.Dictionary;

/// <summary>
/// The typed tag structs and which VRs each holds. The type of a tag decides, at compile time,
/// which query matchers and dataset getters apply to it (a UidTag has no Like, a DateTag has
/// Between), so this table is where the VR rules of PS3.18 and PS3.5 meet the C# type system.
/// </summary>
internal sealed class TagKind
{
    private TagKind(string typeName, string summary, string valueDoc, string[] ownVRs, params string[] alsoHolds)
    {
        TypeName = typeName;
        Summary = summary;
        ValueDoc = valueDoc;
        OwnVRs = ownVRs;
        VRs = [.. ownVRs, .. alsoHolds];
    }

    /// <summary>The C# type of the tag, e.g. "PersonNameTag" or "NumberTag&lt;ushort&gt;".</summary>
    public string TypeName { get; }

    public string Summary { get; }

    public string ValueDoc { get; }

    /// <summary>The VRs this is the kind for: an element with one VR gets the kind that owns it.</summary>
    public IReadOnlyList<string> OwnVRs { get; }

    /// <summary>Every VR a tag of this kind may have: its own, and those of the data-dependent choices it holds.</summary>
    public IReadOnlyList<string> VRs { get; }

    /// <summary>The struct to declare: "NumberTag&lt;T&gt;" for every NumberTag, else <see cref="TypeName"/>.</summary>
    public string DeclaredName => TypeName.StartsWith("NumberTag<", StringComparison.Ordinal) ? "NumberTag<T>" : TypeName;

    private static readonly string[] WildcardTextVRs = VRFacts.Codes(f => f.Wildcard && f.Code != "PN");
    private static readonly string[] BinaryVRs = VRFacts.Codes(f => f.Form == VRForm.Binary);

    public static readonly TagKind String = new("StringTag", $"A tag whose value is text that wildcard matching applies to (VR {Spoken(WildcardTextVRs)}).", "string", WildcardTextVRs);
    public static readonly TagKind AgeString = new("AgeStringTag", "A tag whose value is an age string such as \"045Y\" (VR AS).", "string", ["AS"]);
    public static readonly TagKind Uid = new("UidTag", "A tag whose value is a UID (VR UI).", "string", ["UI"]);
    public static readonly TagKind PersonName = new("PersonNameTag", "A tag whose value is a person name (VR PN).", "PersonName", ["PN"]);
    public static readonly TagKind Date = new("DateTag", "A tag whose value is a date (VR DA).", "DicomDate", ["DA"]);
    public static readonly TagKind Time = new("TimeTag", "A tag whose value is a time of day (VR TM).", "DicomTime", ["TM"]);
    public static readonly TagKind DateTime = new("DateTimeTag", "A tag whose value is a date and time (VR DT).", "DicomDateTime", ["DT"]);
    public static readonly TagKind DecimalString = new("DecimalStringTag", "A tag whose value is a decimal string (VR DS).", "double", ["DS"]);
    public static readonly TagKind IntegerString = new("IntegerStringTag", "A tag whose value is an integer string (VR IS).", "int", ["IS"]);
    public static readonly TagKind AttributeTag = new("AttributeTagTag", "A tag whose value is another tag (VR AT).", "DicomTag", ["AT"]);
    public static readonly TagKind Sequence = new("SequenceTag", "A tag whose value is a sequence of items (VR SQ).", "a list of DicomDataset", ["SQ"]);
    public static readonly TagKind Binary = new("BinaryTag", $"A tag whose value is binary or bulk data (VR {Spoken(BinaryVRs)}, or a choice between US, SS and OW).", "bulk data", BinaryVRs, "US", "SS");

    /// <summary>Binary numbers; T is the CLR type of one value. "US or SS" elements are NumberTag&lt;int&gt;, which holds both.</summary>
    public static readonly TagKind UnsignedShort = Number("US");
    public static readonly TagKind SignedShort = Number("SS");
    public static readonly TagKind UnsignedLong = Number("UL");
    public static readonly TagKind SignedLong = Number("SL", "US", "SS");
    public static readonly TagKind UnsignedVeryLong = Number("UV");
    public static readonly TagKind SignedVeryLong = Number("SV");
    public static readonly TagKind Float = Number("FL");
    public static readonly TagKind Double = Number("FD");

    public static IReadOnlyList<TagKind> All { get; } =
    [
        String, AgeString, Uid, PersonName, Date, Time, DateTime, DecimalString, IntegerString, AttributeTag, Sequence, Binary,
        UnsignedShort, SignedShort, UnsignedLong, SignedLong, UnsignedVeryLong, SignedVeryLong, Float, Double,
    ];

    private static TagKind Number(string vr, params string[] alsoHolds)
    {
        string clrType = VRFacts.Get(vr).NumberType!;
        return new($"NumberTag<{clrType}>", "A tag whose values are binary numbers (VR US, SS, UL, SL, UV, SV, FL or FD); T is the type of one value.", clrType, [vr], alsoHolds);
    }

    /// <summary>The kind for an element's VRs, or null for the item and delimitation tags, which have no VR.</summary>
    public static TagKind? For(IReadOnlyList<string> vrs)
    {
        if (vrs.Count == 0)
            return null;
        if (vrs.Count > 1)
            // "US or SS": a number either way; any choice involving OB or OW is bulk data.
            return vrs.All(vr => vr is "US" or "SS") ? SignedLong : Binary;
        return All.FirstOrDefault(kind => kind.OwnVRs.Contains(vrs[0])) ?? Binary;
    }

    // "AE, CS or UT": as the summaries read.
    private static string Spoken(string[] vrs) =>
        vrs.Length == 1 ? vrs[0] : string.Join(", ", vrs.Take(vrs.Length - 1)) + " or " + vrs[vrs.Length - 1];
}
