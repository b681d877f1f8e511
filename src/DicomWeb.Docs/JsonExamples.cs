using System.Text.Json;
using DicomWeb.Generators.Dictionary;

namespace DicomWeb.Docs;

/// <summary>A DICOM JSON (PS3.18 F.2) attribute object for a value of each VR, as the site shows it.</summary>
internal static class JsonExamples
{
    public static void WriteAttribute(Utf8JsonWriter json, string vr)
    {
        json.WriteStartObject();
        json.WriteString("vr", vr);
        switch (vr)
        {
            case var _ when VRFacts.Get(vr).Form == VRForm.Binary:
                json.WriteString("InlineBinary", "AAECAwQFBgc=");
                break;
            case "SQ":
                json.WriteStartArray("Value");
                json.WriteStartObject();
                json.WriteStartObject("00080100");
                json.WriteString("vr", "SH");
                json.WriteStartArray("Value");
                json.WriteStringValue("121322");
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                break;
            case "PN":
                json.WriteStartArray("Value");
                json.WriteStartObject();
                json.WriteString("Alphabetic", "Doe^Jane");
                json.WriteEndObject();
                json.WriteEndArray();
                break;
            default:
                json.WriteStartArray("Value");
                WriteValue(json, vr);
                json.WriteEndArray();
                break;
        }
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, string vr)
    {
        switch (vr)
        {
            case "DS" or "FD" or "FL": json.WriteNumberValue(2.5); break;
            case "IS" or "UL" or "US" or "UV": json.WriteNumberValue(42); break;
            case "SL" or "SS" or "SV": json.WriteNumberValue(-42); break;
            case "AE": json.WriteStringValue("ARCHIVE"); break;
            case "AS": json.WriteStringValue("045Y"); break;
            case "AT": json.WriteStringValue("00100020"); break;
            case "CS": json.WriteStringValue("ORIGINAL"); break;
            case "DA": json.WriteStringValue("20250115"); break;
            case "DT": json.WriteStringValue("20250115103000.000000+0100"); break;
            case "TM": json.WriteStringValue("103000"); break;
            case "UI": json.WriteStringValue("1.2.826.0.1.3680043.2.1125.1"); break;
            case "UR": json.WriteStringValue("https://example.org/"); break;
            case "SH": json.WriteStringValue("EXAMPLE"); break;
            case "LO" or "UC": json.WriteStringValue("An example"); break;
            default: json.WriteStringValue("Example text"); break;
        }
    }
}
