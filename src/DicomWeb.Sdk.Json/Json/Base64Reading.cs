using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace DicomWeb.Json;

internal static class Base64Reading
{
    /// <summary>The bytes of a validated InlineBinary string, which may be line-wrapped or JSON-escaped.</summary>
    public static byte[] GetBytesFromBase64Lenient(this ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && reader.TryGetBytesFromBase64(out byte[]? bytes))
            return bytes;
        byte[] text = new byte[reader.ValueSpan.Length];
        int length = reader.CopyString(text);
        int kept = 0;
        for (int i = 0; i < length; i++)
        {
            if (text[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                text[kept++] = text[i];
        }
        byte[] decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(kept)];
        OperationStatus status = Base64.DecodeFromUtf8(text.AsSpan(0, kept), decoded, out _, out int written);
        if (status != OperationStatus.Done)
            throw new FormatException("InlineBinary is not valid base64.");
        return decoded.AsSpan(0, written).ToArray();
    }
}
