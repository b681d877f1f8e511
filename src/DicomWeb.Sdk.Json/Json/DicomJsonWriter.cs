using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace DicomWeb.Json;

/// <summary>Writes data sets as canonical DICOM JSON (docs/dicom-json.md).</summary>
internal static class DicomJsonWriter
{
    private static readonly JsonEncodedText Vr = JsonEncodedText.Encode("vr");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("Value");
    private static readonly JsonEncodedText InlineBinary = JsonEncodedText.Encode("InlineBinary");
    private static readonly JsonEncodedText BulkDataUri = JsonEncodedText.Encode("BulkDataURI");

    public static void Write(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonWriteOptions? options = null) =>
        Write(writer, dataset, options, new JsonPath(), 0);

    private static void Write(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonWriteOptions? options, JsonPath path, int depth)
    {
        // A data set built in code can nest without end; the bound keeps recursion far from the stack's end.
        int maxDepth = options?.MaxSequenceDepth ?? DicomLimits.DefaultMaxSequenceDepth;
        if (depth > maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new DicomJsonException($"sequences nest deeper than {maxDepth} levels (DicomJsonWriteOptions.MaxSequenceDepth): not written", path.ToString(), writer.BytesCommitted + writer.BytesPending);
        writer.WriteStartObject();
        Span<byte> key = stackalloc byte[8];
        foreach (ref readonly ElementSlot slot in dataset.Slots)
        {
            Utf8Formatter.TryFormat(slot.Tag, key, out _, new StandardFormat('X', 8));
            writer.WritePropertyName(key);
            writer.WriteStartObject();
            Span<byte> vr = [(byte)slot.VR.ToString()[0], (byte)slot.VR.ToString()[1]];
            writer.WriteString(Vr, vr);
            switch (slot.Form)
            {
                case DicomValueForm.Values when ValueCodec.IsSoleEmpty(slot.Json, slot.VR):
                    break; // One empty value is an empty attribute, which Annex F writes without "Value".
                case DicomValueForm.Values:
                    writer.WritePropertyName(Value);
                    ValueCodec.WriteCanonical(slot.Json, slot.VR, writer);
                    break;
                case DicomValueForm.Sequence:
                    writer.WritePropertyName(Value);
                    writer.WriteStartArray();
                    path.PushTag(slot.Tag);
                    for (int i = 0; i < slot.Items!.Length; i++)
                    {
                        path.SetIndex(i);
                        Write(writer, slot.Items[i], options, path, depth + 1);
                    }
                    path.Pop();
                    writer.WriteEndArray();
                    break;
                case DicomValueForm.InlineBinary when options?.InlineBinaryMaxBytes is int max && DecodedLength(slot.Json) > max:
                    writer.WritePropertyName(BulkDataUri);
                    writer.WriteStringValue((options.BulkDataUri ?? throw new InvalidOperationException(
                        $"{new DicomTag(slot.Tag)} has more than {max} bytes: DicomJsonWriteOptions.BulkDataUri must say where they are"))(new DicomTag(slot.Tag)));
                    break;
                case DicomValueForm.InlineBinary:
                    writer.WritePropertyName(InlineBinary);
                    WriteBase64(slot.Json, writer);
                    break;
                case DicomValueForm.BulkDataUri:
                    writer.WritePropertyName(BulkDataUri);
                    var reader = new Utf8JsonReader(slot.Json);
                    reader.Read();
                    writer.WriteStringValue(reader.GetString());
                    break;
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    // The byte count of a base64 string token (with its quotes), without decoding it.
    private static long DecodedLength(ReadOnlySpan<byte> token)
    {
        ReadOnlySpan<byte> content = token[1..^1];
        int padding = content.EndsWith("=="u8) ? 2 : content.EndsWith("="u8) ? 1 : 0;
        return content.Length / 4 * 3 - padding;
    }

    private static void WriteBase64(ReadOnlySpan<byte> token, Utf8JsonWriter writer)
    {
        // Canonical base64 has no whitespace and no escapes: the token is written as it came when it already is.
        ReadOnlySpan<byte> content = token[1..^1];
        if (content.IndexOfAny(" \t\r\n\\"u8) < 0)
        {
            writer.WriteRawValue(token, skipInputValidation: true);
            return;
        }
        var reader = new Utf8JsonReader(token);
        reader.Read();
        writer.WriteBase64StringValue(reader.GetBytesFromBase64Lenient());
    }
}
