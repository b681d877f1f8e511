using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DicomWeb.Json;

/// <summary>
/// System.Text.Json converter for <see cref="DicomDataset"/>. It reads the object into a buffer
/// and parses that; <see cref="DicomJson"/> reads straight from your bytes and is faster.
/// </summary>
internal sealed class DicomDatasetJsonConverter : JsonConverter<DicomDataset>
{
    public override DicomDataset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new DicomJsonException($"expected a DICOM JSON object, found {reader.TokenType}", "$", reader.TokenStartIndex);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, DicomJson.CanonicalWriterOptions))
        {
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            document.WriteTo(writer);
        }
        return DicomJsonParser.ParseObject(buffer.WrittenSpan, DicomJsonReadOptions.Default);
    }

    public override void Write(Utf8JsonWriter writer, DicomDataset value, JsonSerializerOptions options) =>
        DicomJsonWriter.Write(writer, value);
}

/// <summary>Metadata for DicomDataset and DicomDataset[] built by hand, so no reflection is needed.</summary>
internal sealed class DicomJsonTypeResolver : IJsonTypeInfoResolver
{
    public static DicomJsonTypeResolver Instance { get; } = new();

    public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options)
    {
        if (type == typeof(DicomDataset))
            return JsonMetadataServices.CreateValueInfo<DicomDataset>(options, DicomJson.Converter);
        if (type == typeof(DicomDataset[]))
        {
            var info = new JsonCollectionInfoValues<DicomDataset[]>
            {
                ElementInfo = JsonMetadataServices.CreateValueInfo<DicomDataset>(options, DicomJson.Converter),
            };
            return JsonMetadataServices.CreateArrayInfo(options, info);
        }
        return null;
    }
}
