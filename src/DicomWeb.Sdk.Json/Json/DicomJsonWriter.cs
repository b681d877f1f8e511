using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DicomWeb.Json;

/// <summary>Writes data sets as canonical DICOM JSON (docs/dicom-json.md).</summary>
internal static class DicomJsonWriter
{
    private static readonly JsonEncodedText Vr = JsonEncodedText.Encode("vr");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("Value");
    private static readonly JsonEncodedText InlineBinary = JsonEncodedText.Encode("InlineBinary");
    private static readonly JsonEncodedText BulkDataUri = JsonEncodedText.Encode("BulkDataURI");

    // The 34 codes, indexed by their two letters (26 x 26): the "vr" of every element without a string or an escape check.
    private static readonly JsonEncodedText[] VrCodes = MakeVrCodes();

    // Utf8JsonWriter refuses larger inputs to WriteBase64StringValue (JsonConstants.MaxBase64ValueTokenSize).
    private const int MaxBase64Input = 125_000_000;

    public static void Write(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonWriteOptions? options = null) =>
        Write(writer, dataset, options, trustCanonical: true);

    /// <summary>
    /// <paramref name="trustCanonical"/> false writes every value through <see cref="ValueCodec.WriteCanonical"/>,
    /// ignoring <see cref="ElementSlot.Canonical"/>: tests compare both outputs byte for byte.
    /// </summary>
    internal static void Write(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonWriteOptions? options, bool trustCanonical) =>
        Write(writer, dataset, options, trustCanonical ? RawCanonical.For(writer.Options) : null, null, 0);

    private static void Write(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonWriteOptions? options, RawCanonical? raw, JsonPath? path, int depth)
    {
        // A data set built in code can nest without end; the bound keeps recursion far from the stack's end.
        int maxDepth = options?.MaxSequenceDepth ?? DicomLimits.DefaultMaxSequenceDepth;
        if (depth > maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new DicomJsonException($"sequences nest deeper than {maxDepth} levels (DicomJsonWriteOptions.MaxSequenceDepth): not written", path?.ToString() ?? "$", writer.BytesCommitted + writer.BytesPending);
        writer.WriteStartObject();
        Span<byte> key = stackalloc byte[8];
        Span<byte> element = stackalloc byte[ElementScratch];
        foreach (ref readonly ElementSlot slot in dataset.Slots)
        {
            FormatTag(slot.Tag, key);
            writer.WritePropertyName(key);
            // The usual element, a short canonical value (or none), goes out as one raw write of the whole object.
            if (raw is { EscapesNone: true } && TryElement(slot, element, out int length))
            {
                writer.WriteRawValue(element[..length], skipInputValidation: true);
                continue;
            }
            writer.WriteStartObject();
            writer.WriteString(Vr, VrCode(slot.VR));
            switch (slot.Form)
            {
                case DicomValueForm.Values when slot.Canonical && raw is not null && raw.Allows(slot.Json):
                    // [null] is the sole-empty case, which Annex F writes without "Value"; a canonical slot should not hold it.
                    if (!(slot.Length == 6 && slot.Json.SequenceEqual("[null]"u8)))
                    {
                        writer.WritePropertyName(Value);
                        writer.WriteRawValue(slot.Json, skipInputValidation: true);
                    }
                    break;
                case DicomValueForm.Values when MayBeSoleEmpty(slot.Json) && ValueCodec.IsSoleEmpty(slot.Json, slot.VR):
                    break; // One empty value is an empty attribute, which Annex F writes without "Value".
                case DicomValueForm.Values:
                    writer.WritePropertyName(Value);
                    ValueCodec.WriteCanonical(slot.Json, slot.VR, writer);
                    break;
                case DicomValueForm.Sequence:
                    writer.WritePropertyName(Value);
                    writer.WriteStartArray();
                    path ??= new JsonPath(); // made at the first sequence: most data sets written have none
                    path.PushTag(slot.Tag);
                    for (int i = 0; i < slot.Items!.Length; i++)
                    {
                        path.SetIndex(i);
                        Write(writer, slot.Items[i], options, raw, path, depth + 1);
                    }
                    path.Pop();
                    writer.WriteEndArray();
                    break;
                case DicomValueForm.InlineBinary when options is { InlineBinaryMaxBytes: int max } && (slot.RawBytes ? slot.Length : DecodedLength(slot.Json)) > max:
                    writer.WritePropertyName(BulkDataUri);
                    writer.WriteStringValue((options.BulkDataUri ?? throw new InvalidOperationException(
                        $"{new DicomTag(slot.Tag)} has more than {max} bytes: DicomJsonWriteOptions.BulkDataUri must say where they are"))(new DicomTag(slot.Tag)));
                    break;
                case DicomValueForm.InlineBinary when slot.RawBytes && slot.Length <= MaxBase64Input:
                    // Encoded straight into the writer's buffer: no base64 copy of the bytes.
                    writer.WritePropertyName(InlineBinary);
                    writer.WriteBase64StringValue(slot.Bytes.Span);
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

    // {"vr":"XX","Value":[...]} for values up to about 200 bytes: most elements of most data sets.
    private const int ElementScratch = 256;

    /// <summary>
    /// The element object as the writer would write it, for an element with no value, a canonical one or a
    /// plain ASCII BulkDataURI, short enough for <paramref name="element"/>; false for any other (written token by token).
    /// </summary>
    private static bool TryElement(in ElementSlot slot, Span<byte> element, out int length)
    {
        length = 0;
        int first = (slot.VR.Value >> 8) - 'A', second = (slot.VR.Value & 0xFF) - 'A';
        if ((uint)first >= 26 || (uint)second >= 26 || VrCodes[first * 26 + second].EncodedUtf8Bytes.IsEmpty)
            return false;
        ReadOnlySpan<byte> value = default, name = ",\"Value\":"u8;
        switch (slot.Form)
        {
            case DicomValueForm.Values:
                value = slot.Json;
                if (!slot.Canonical || value.Length > ElementScratch - 26)
                    return false;
                if (value.Length == 6 && value.SequenceEqual("[null]"u8))
                    value = default; // the sole-empty case, written without "Value"
                break;
            case DicomValueForm.BulkDataUri:
                // A URI token of printable ASCII without escapes is what the re-read writes (see RawCanonical).
                value = slot.Json;
                if (value.Length > ElementScratch - 26 || value.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0 || value.Contains((byte)'\\'))
                    return false;
                name = ",\"BulkDataURI\":"u8;
                break;
            case DicomValueForm.Empty:
                break;
            default:
                return false;
        }
        "{\"vr\":\"XX\""u8.CopyTo(element);
        element[7] = (byte)(slot.VR.Value >> 8);
        element[8] = (byte)slot.VR.Value;
        length = 10;
        if (!value.IsEmpty)
        {
            name.CopyTo(element[length..]);
            length += name.Length;
            value.CopyTo(element[length..]);
            length += value.Length;
        }
        element[length++] = (byte)'}';
        return true;
    }

    /// <summary>The tag as the eight uppercase hex digits of a DICOM JSON key.</summary>
    private static void FormatTag(uint tag, Span<byte> key)
    {
        ReadOnlySpan<byte> hex = "0123456789ABCDEF"u8;
        key[7] = hex[(int)(tag & 0xF)];
        key[6] = hex[(int)((tag >> 4) & 0xF)];
        key[5] = hex[(int)((tag >> 8) & 0xF)];
        key[4] = hex[(int)((tag >> 12) & 0xF)];
        key[3] = hex[(int)((tag >> 16) & 0xF)];
        key[2] = hex[(int)((tag >> 20) & 0xF)];
        key[1] = hex[(int)((tag >> 24) & 0xF)];
        key[0] = hex[(int)(tag >> 28)];
    }

    private static JsonEncodedText VrCode(DicomVR vr)
    {
        int first = (vr.Value >> 8) - 'A', second = (vr.Value & 0xFF) - 'A';
        if ((uint)first < 26 && (uint)second < 26 && VrCodes[first * 26 + second] is { EncodedUtf8Bytes.IsEmpty: false } code)
            return code;
        return JsonEncodedText.Encode(vr.ToString());
    }

    private static JsonEncodedText[] MakeVrCodes()
    {
        var codes = new JsonEncodedText[26 * 26];
        foreach (DicomVR vr in DicomVR.All)
        {
            string code = vr.Code;
            codes[(code[0] - 'A') * 26 + (code[1] - 'A')] = JsonEncodedText.Encode(code);
        }
        return codes;
    }

    /// <summary>
    /// Whether a Value array could be one empty value (null, "" or a PN object): the first byte of the first
    /// entry tells without a reader for nearly every value, and arrays longer than IsSoleEmpty looks at are not.
    /// </summary>
    private static bool MayBeSoleEmpty(ReadOnlySpan<byte> json)
    {
        if (json.Length is > 64 or < 4)
            return false;
        int first = json[1..].IndexOfAnyExcept(" \t\r\n"u8) + 1;
        if (first == 0)
            return false;
        return json[first] switch
        {
            (byte)'n' or (byte)'{' => true,
            (byte)'"' => first + 1 < json.Length && json[first + 1] == '"',
            _ => false,
        };
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

    /// <summary>
    /// When a canonical slot's bytes are what <see cref="ValueCodec.WriteCanonical"/> would write to a writer
    /// with these options. Canonical bytes are compact, so an indented writer never takes them. Their strings
    /// are printable ASCII without '"' or '\': those the writer's encoder leaves alone come out as they are,
    /// so a slot is written raw unless it holds a character the encoder escapes (none for
    /// <see cref="DicomJson.CanonicalWriterOptions"/>; &lt; &gt; &amp; ' + ` for the default encoder).
    /// </summary>
    private sealed class RawCanonical
    {
        private static RawCanonical? s_last;

        private readonly JavaScriptEncoder? _encoder;
        private readonly SearchValues<byte>? _escaped;

        private RawCanonical(JavaScriptEncoder? encoder, SearchValues<byte>? escaped)
        {
            _encoder = encoder;
            _escaped = escaped;
        }

        /// <summary>The encoder leaves every printable ASCII character but '"' and '\' alone (the canonical writer's).</summary>
        public bool EscapesNone => _escaped is null;

        public bool Allows(ReadOnlySpan<byte> json) => _escaped is null || json.IndexOfAny(_escaped) < 0;

        public static RawCanonical? For(JsonWriterOptions options)
        {
            if (options.Indented)
                return null;
            // One encoder in practice (the canonical one): the last answer is kept, not a table.
            RawCanonical? last = Volatile.Read(ref s_last);
            if (last is not null && ReferenceEquals(last._encoder, options.Encoder))
                return last;
            var made = new RawCanonical(options.Encoder, EscapedPrintable(options.Encoder));
            Volatile.Write(ref s_last, made);
            return made;
        }

        // Asks the writer itself, through both of its string paths (UTF-8 as for text, UTF-16 as for PN groups).
        private static SearchValues<byte>? EscapedPrintable(JavaScriptEncoder? encoder)
        {
            var escaped = new List<byte>();
            var buffer = new ArrayBufferWriter<byte>(16);
            using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder, SkipValidation = true });
            Span<byte> one = stackalloc byte[1];
            for (byte c = 0x20; c <= 0x7E; c++)
            {
                if (c is (byte)'"' or (byte)'\\')
                    continue;
                buffer.ResetWrittenCount();
                writer.Reset();
                one[0] = c;
                writer.WriteStringValue(one);
                writer.Flush();
                int utf8 = buffer.WrittenCount;
                buffer.ResetWrittenCount();
                writer.Reset();
                writer.WriteStringValue(((char)c).ToString());
                writer.Flush();
                if (utf8 != 3 || buffer.WrittenCount != 3)
                    escaped.Add(c);
            }
            return escaped.Count == 0 ? null : SearchValues.Create([.. escaped]);
        }
    }
}
