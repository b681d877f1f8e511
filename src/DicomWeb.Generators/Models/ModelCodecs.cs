using System.Collections.Generic;
using System.Linq;

namespace DicomWeb.Generators.Models;

/// <summary>
/// Which property types may hold which VRs, and the runtime reader and writer entry for each.
/// The table behind the type/VR diagnostics.
/// </summary>
internal static class ModelCodecs
{
    private static readonly string[] TextVRs = ["AE", "AS", "CS", "DA", "DT", "LO", "LT", "SH", "ST", "TM", "UC", "UI", "UR", "UT"];
    private static readonly string[] BinaryVRs = ["OB", "OD", "OF", "OL", "OV", "OW", "UN"];

    /// <summary>Fully qualified element type → (codec, VRs it may hold).</summary>
    public static readonly IReadOnlyDictionary<string, (string Codec, string[] VRs)> ByType = new Dictionary<string, (string, string[])>
    {
        ["string"] = ("String", [.. TextVRs, "PN", "DS", "IS"]),
        ["global::DicomWeb.PersonName"] = ("PersonName", ["PN"]),
        ["global::DicomWeb.DicomDate"] = ("DicomDate", ["DA"]),
        ["global::System.DateOnly"] = ("DateOnly", ["DA"]),
        ["global::DicomWeb.DicomTime"] = ("DicomTime", ["TM"]),
        ["global::System.TimeOnly"] = ("TimeOnly", ["TM"]),
        ["global::DicomWeb.DicomDateTime"] = ("DicomDateTime", ["DT"]),
        ["global::System.DateTimeOffset"] = ("DateTimeOffset", ["DT"]),
        ["int"] = ("Int32", ["IS", "SL", "SS", "US"]),
        ["uint"] = ("UInt32", ["UL", "US"]),
        ["long"] = ("Int64", ["SV", "SL", "SS", "US", "UL", "IS"]),
        ["ulong"] = ("UInt64", ["UV", "UL", "US"]),
        ["short"] = ("Int16", ["SS"]),
        ["ushort"] = ("UInt16", ["US"]),
        ["double"] = ("Double", ["DS", "FD", "FL"]),
        ["float"] = ("Single", ["FL"]),
        ["global::DicomWeb.DicomTag"] = ("Tag", ["AT"]),
        ["global::DicomWeb.DicomDataset"] = ("Dataset", ["SQ"]),
        ["global::DicomWeb.DicomBulkData"] = ("BulkData", [.. BinaryVRs, "DS", "FL", "FD", "IS", "LT", "SL", "SS", "ST", "SV", "UC", "UL", "US", "UT", "UV"]),
    };

    /// <summary>The property types that suit a VR, for the diagnostic's advice.</summary>
    public static string Suggest(string vr)
    {
        if (vr == "SQ")
            return "a [DicomJsonModel] type, DicomDataset, or a list of either";
        var types = ByType.Where(t => t.Value.VRs.Contains(vr)).Select(t => t.Key.Replace("global::DicomWeb.", "").Replace("global::System.", "")).ToList();
        return string.Join(", ", types) + " (or T[] / IReadOnlyList<T> of these for all values)";
    }
}
