using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace DicomWeb.Json;

/// <summary>
/// InlineBinary values (base64, PS3.18 F.2.7) as every reader checks and decodes them: strictly
/// from the bytes by the fast reader, leniently (line-wrapped, escaped) by the general parser and
/// the typed models.
/// </summary>
internal static class Base64Values
{
    // Base64 text: what is not one of its 64 letters ends it (the padding, the quote) or is for the general parser.
    private static readonly SearchValues<byte> Letters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);

    /// <summary>
    /// Base64 without whitespace as the decoder takes it, at the start of <paramref name="s"/>: letters,
    /// at most two '=', a length that is a multiple of four, and a last quantum
    /// <see cref="Base64.IsValid(ReadOnlySpan{byte})"/> accepts (padding, unused bits). <paramref name="end"/>:
    /// where it ends (the caller checks what follows); <paramref name="length"/>: the decoded length.
    /// </summary>
    public static bool TryMeasure(ReadOnlySpan<byte> s, out int end, out int length)
    {
        length = 0;
        int letters = s.IndexOfAnyExcept(Letters);
        if (letters < 0)
            letters = s.Length;
        end = letters;
        while (end < s.Length && end - letters < 2 && s[end] == '=')
            end++;
        if (end % 4 != 0 || (end > 0 && !Base64.IsValid(s.Slice(end - 4, 4))))
            return false;
        length = end / 4 * 3 - (end - letters);
        return true;
    }

    /// <summary>Decodes base64 measured by <see cref="TryMeasure"/> into exactly <paramref name="destination"/>.</summary>
    public static bool TryDecodeStrict(ReadOnlySpan<byte> base64, Span<byte> destination) =>
        Base64.DecodeFromUtf8(base64, destination, out int consumed, out int written) == OperationStatus.Done
            && consumed == base64.Length && written == destination.Length;

    /// <summary>The general parser's check of an InlineBinary string token: valid base64 once unescaped, whitespace allowed unless strict.</summary>
    public static void Check(ref Utf8JsonReader reader, ParseContext context)
    {
        // Base64.IsValid ignores whitespace, so line-wrapped base64 is tolerated; escapes (\n, \/) are decoded first.
        ReadOnlySpan<byte> raw = reader.ValueSpan;
        bool valid;
        if (!reader.ValueIsEscaped)
            valid = Base64.IsValid(raw);
        else
        {
            byte[] rented = ArrayPool<byte>.Shared.Rent(raw.Length);
            valid = JsonEscapes.TryDecode(raw, rented, out int length) && Base64.IsValid(rented.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(rented);
        }
        if (!valid)
            context.Fail("\"InlineBinary\" is not valid base64", reader.TokenStartIndex);
        if (context.Options.Strict && (reader.ValueIsEscaped || raw.IndexOfAny(" \t\r\n"u8) >= 0))
            context.Fail("\"InlineBinary\" has whitespace or escapes in its base64 (tolerated unless Strict)", reader.TokenStartIndex);
    }

    /// <summary>The bytes of a checked InlineBinary string, which may be line-wrapped or JSON-escaped.</summary>
    public static byte[] GetBytesFromBase64Lenient(this ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && reader.TryGetBytesFromBase64(out byte[]? bytes))
            return bytes;
        byte[] text = new byte[reader.ValueSpan.Length];
        if (!JsonEscapes.TryDecode(reader.ValueSpan, text, out int length))
            throw new FormatException("InlineBinary has an escape that is not valid UTF-16.");
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
