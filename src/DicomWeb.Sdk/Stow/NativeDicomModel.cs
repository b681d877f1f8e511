using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Xml;
using DicomWeb.Json;

namespace DicomWeb.Client;

/// <summary>
/// Reads the XML form of a data set (PS3.19 A.1, the Native DICOM Model: application/dicom+xml),
/// which some servers send in STOW-RS responses, by turning it into DICOM JSON: DicomAttribute
/// (tag, vr) with Value, PersonName, InlineBinary, BulkData and Item children.
/// </summary>
internal static class NativeDicomModel
{
    private static readonly HashSet<string> NumberVRs = ["DS", "FL", "FD", "IS", "SL", "SS", "SV", "UL", "US", "UV"];

    /// <exception cref="DicomJsonException">The XML is malformed or is not a Native DICOM Model data set.</exception>
    public static DicomDataset Read(byte[] xml)
    {
        var json = new ArrayBufferWriter<byte>();
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true, IgnoreComments = true });
            using (var writer = new Utf8JsonWriter(json))
            {
                reader.MoveToContent();
                if (reader.LocalName != "NativeDicomModel")
                    throw new DicomJsonException($"the XML root is <{reader.LocalName}>, not <NativeDicomModel>", "$", 0);
                WriteDataset(reader, writer);
            }
        }
        catch (XmlException e)
        {
            throw new DicomJsonException($"the XML is malformed: {e.Message}", "$", e.LineNumber, e);
        }
        return DicomJson.Deserialize(json.WrittenSpan);
    }

    // At a NativeDicomModel or Item element: its DicomAttribute children become one JSON object.
    private static void WriteDataset(XmlReader reader, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (!reader.IsEmptyElement)
        {
            int depth = reader.Depth;
            reader.Read();
            while (reader.Depth > depth)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "DicomAttribute")
                    WriteAttribute(reader, writer);
                else
                    reader.Skip();
            }
        }
        reader.Read(); // past the end of the data set element
        writer.WriteEndObject();
    }

    private static void WriteAttribute(XmlReader reader, Utf8JsonWriter writer)
    {
        string tag = reader.GetAttribute("tag") ?? throw new XmlException("a DicomAttribute has no tag");
        string vr = reader.GetAttribute("vr") ?? "UN";
        writer.WritePropertyName(tag.ToUpperInvariant());
        writer.WriteStartObject();
        writer.WriteString("vr", vr);
        if (reader.IsEmptyElement)
        {
            reader.Read();
            writer.WriteEndObject();
            return;
        }
        int depth = reader.Depth;
        reader.Read();
        bool values = false;
        while (reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }
            switch (reader.LocalName)
            {
                case "Value" when vr == "SQ":
                    // Orthanc 1.10 writes an empty <Value number="n"/> after each <Item> of a sequence.
                    reader.Skip();
                    break;
                case "Value" or "PersonName" or "Item":
                    if (!values)
                    {
                        writer.WriteStartArray("Value");
                        values = true;
                    }
                    if (reader.LocalName == "Item")
                        WriteDataset(reader, writer);
                    else if (reader.LocalName == "PersonName")
                        WritePersonName(reader, writer);
                    else
                        WriteValue(reader.ReadElementContentAsString(), vr, writer);
                    break;
                case "InlineBinary":
                    writer.WriteString("InlineBinary", reader.ReadElementContentAsString());
                    break;
                case "BulkData":
                    writer.WriteString("BulkDataURI", reader.GetAttribute("uri") ?? reader.GetAttribute("uuid") ?? "");
                    reader.Skip();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        if (values)
            writer.WriteEndArray();
        writer.WriteEndObject();
        reader.Read(); // past </DicomAttribute>
    }

    private static void WriteValue(string text, string vr, Utf8JsonWriter writer)
    {
        if (NumberVRs.Contains(vr) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            writer.WriteRawValue(text.Trim());
        else
            writer.WriteStringValue(text);
    }

    // <PersonName><Alphabetic><FamilyName/><GivenName/>...</Alphabetic>...</PersonName> → {"Alphabetic": "Family^Given^..."}
    private static void WritePersonName(XmlReader reader, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        int depth = reader.Depth;
        if (!reader.IsEmptyElement)
        {
            reader.Read();
            while (reader.Depth > depth)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "Alphabetic" or "Ideographic" or "Phonetic")
                {
                    string group = reader.LocalName;
                    var parts = new Dictionary<string, string>();
                    int groupDepth = reader.Depth;
                    reader.Read();
                    while (reader.Depth > groupDepth)
                    {
                        if (reader.NodeType == XmlNodeType.Element)
                            parts[reader.LocalName] = reader.ReadElementContentAsString();
                        else
                            reader.Read();
                    }
                    reader.Read();
                    string[] order = ["FamilyName", "GivenName", "MiddleName", "NamePrefix", "NameSuffix"];
                    writer.WriteString(group, string.Join('^', order.Select(o => parts.GetValueOrDefault(o, ""))).TrimEnd('^'));
                }
                else
                {
                    reader.Read();
                }
            }
        }
        reader.Read();
        writer.WriteEndObject();
    }
}
