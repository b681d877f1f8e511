using System.Collections.Generic;
using System.Linq;
using DicomWeb.Generators.Dictionary;

namespace DicomWeb.Generators.Models;

/// <summary>
/// Which property types may hold which VRs, and the codec for each: the table behind the
/// type/VR diagnostics and the tag-lookup site's advice.
/// </summary>
internal static class ModelCodecs
{
    /// <summary>Every type a model property may hold one value of (besides [DicomJsonModel] types), in the order advice lists them.</summary>
    public static IReadOnlyList<ModelCodecEntry> All { get; } =
    [
        new(ModelCodec.String, "string", "System.String", VRFacts.Codes(f => f.Form == VRForm.Text)),
        new(ModelCodec.PersonName, "PersonName", "DicomWeb.PersonName", ["PN"]),
        new(ModelCodec.DicomDate, "DicomDate", "DicomWeb.DicomDate", ["DA"]),
        new(ModelCodec.DateOnly, "DateOnly", "System.DateOnly", ["DA"]),
        new(ModelCodec.DicomTime, "DicomTime", "DicomWeb.DicomTime", ["TM"]),
        new(ModelCodec.TimeOnly, "TimeOnly", "System.TimeOnly", ["TM"]),
        new(ModelCodec.DicomDateTime, "DicomDateTime", "DicomWeb.DicomDateTime", ["DT"]),
        new(ModelCodec.DateTimeOffset, "DateTimeOffset", "System.DateTimeOffset", ["DT"]),
        // A number type holds the VRs whose every value fits it.
        new(ModelCodec.Int32, "int", "System.Int32", ["IS", "SL", "SS", "US"]),
        new(ModelCodec.UInt32, "uint", "System.UInt32", ["UL", "US"]),
        new(ModelCodec.Int64, "long", "System.Int64", ["SV", "SL", "SS", "US", "UL", "IS"]),
        new(ModelCodec.UInt64, "ulong", "System.UInt64", ["UV", "UL", "US"]),
        new(ModelCodec.Int16, "short", "System.Int16", ["SS"]),
        new(ModelCodec.UInt16, "ushort", "System.UInt16", ["US"]),
        new(ModelCodec.Double, "double", "System.Double", ["DS", "FD", "FL"]),
        new(ModelCodec.Single, "float", "System.Single", ["FL"]),
        new(ModelCodec.Tag, "DicomTag", "DicomWeb.DicomTag", ["AT"]),
        new(ModelCodec.Dataset, "DicomDataset", "DicomWeb.DicomDataset", ["SQ"]),
        new(ModelCodec.BulkData, "DicomBulkData", "DicomWeb.DicomBulkData", VRFacts.Codes(f => f.BulkDataUri)),
    ];

    /// <summary>The names of the property types that suit a VR, in table order.</summary>
    public static IEnumerable<string> TypeNamesFor(string vr) => All.Where(e => e.VRs.Contains(vr)).Select(e => e.TypeName);

    /// <summary>The property types that suit a VR, for the diagnostic's advice.</summary>
    public static string Suggest(string vr)
    {
        if (vr == "SQ")
            return "a [DicomJsonModel] type, DicomDataset, or a list of either";
        return string.Join(", ", TypeNamesFor(vr)) + " (or T[] / IReadOnlyList<T> of these for all values)";
    }
}

/// <summary>One row of <see cref="ModelCodecs.All"/>.</summary>
/// <param name="TypeName">The type as C# code names it, for messages: "int", "PersonName".</param>
/// <param name="MetadataName">The type's metadata name; DicomWeb.* types are looked up in DicomWeb.Sdk.Json, the rest in the core library.</param>
/// <param name="VRs">The VRs a property of this type may hold.</param>
internal sealed record ModelCodecEntry(ModelCodec Codec, string TypeName, string MetadataName, string[] VRs)
{
    public bool InDicomWeb => MetadataName.StartsWith("DicomWeb.", System.StringComparison.Ordinal);
}
