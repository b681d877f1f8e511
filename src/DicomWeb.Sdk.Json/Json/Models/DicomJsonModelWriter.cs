using System.Buffers;
using System.Buffers.Text;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace DicomWeb.Json;

/// <summary>What generated <see cref="IDicomJsonModel{TSelf}"/> writers call. Not meant to be called by hand.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DicomJsonModelWriter
{
    /// <summary>Writes one entry of a Value array.</summary>
    public delegate void EntryWriter<T>(Utf8JsonWriter writer, T value);

    /// <summary>A single-valued attribute; nothing when the value is null.</summary>
    public static void Write<T>(Utf8JsonWriter writer, uint tag, string vr, T? value, EntryWriter<T> entry)
    {
        if (value is null)
            return;
        Begin(writer, tag, vr);
        writer.WriteStartArray();
        entry(writer, value);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A single-valued attribute of a value type; nothing when the value is null.</summary>
    public static void WriteValue<T>(Utf8JsonWriter writer, uint tag, string vr, T? value, EntryWriter<T> entry) where T : struct
    {
        if (value is null)
            return;
        Begin(writer, tag, vr);
        writer.WriteStartArray();
        entry(writer, value.Value);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A multi-valued attribute whose empty values are null.</summary>
    public static void WriteAllNullable<T>(Utf8JsonWriter writer, uint tag, string vr, IReadOnlyList<T?>? values, EntryWriter<T> entry) where T : struct
    {
        if (values is null || values.Count == 0)
            return;
        Begin(writer, tag, vr);
        writer.WriteStartArray();
        foreach (T? value in values)
        {
            if (value is null) writer.WriteNullValue();
            else entry(writer, value.Value);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A multi-valued attribute; nothing when the list is null or empty.</summary>
    public static void WriteAll<T>(Utf8JsonWriter writer, uint tag, string vr, IReadOnlyList<T>? values, EntryWriter<T> entry)
    {
        if (values is null || values.Count == 0)
            return;
        Begin(writer, tag, vr);
        writer.WriteStartArray();
        foreach (T value in values)
            entry(writer, value);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A sequence of models.</summary>
    public static void WriteModels<T>(Utf8JsonWriter writer, uint tag, IReadOnlyList<T>? items) where T : IDicomJsonModel<T>
    {
        // Models can refer to themselves; one built in code as deep as it likes stops at the read bound.
        if (items is { Count: > 0 } && writer.CurrentDepth > 3 * DicomLimits.DefaultMaxSequenceDepth)
            throw new DicomJsonException($"sequences nest deeper than {DicomLimits.DefaultMaxSequenceDepth} levels: not written", "$." + tag.ToString("X8", System.Globalization.CultureInfo.InvariantCulture), writer.BytesCommitted + writer.BytesPending);
        WriteAll(writer, tag, "SQ", items, static (w, item) => item.WriteDicomJson(w));
    }

    /// <summary>A sequence of data sets.</summary>
    public static void WriteDatasets(Utf8JsonWriter writer, uint tag, IReadOnlyList<DicomDataset>? items) =>
        WriteAll(writer, tag, "SQ", items, static (w, item) => DicomJson.Serialize(w, item));

    /// <summary>Bulk data as InlineBinary or BulkDataURI.</summary>
    public static void WriteBulkData(Utf8JsonWriter writer, uint tag, string vr, DicomBulkData? value)
    {
        if (value is null)
            return;
        Begin(writer, tag, vr);
        if (value.Bytes is { } bytes)
            writer.WriteBase64String("InlineBinary"u8, bytes.Span);
        else
            writer.WriteString("BulkDataURI"u8, value.Uri);
        writer.WriteEndObject();
    }

/// <summary>The VR of a "US or SS" element: SS when a value is negative.</summary>
    public static string USOrSS<T>(IReadOnlyList<T>? values) where T : struct, System.Numerics.INumber<T> =>
        values is not null && values.Any(T.IsNegative) ? "SS" : "US";

    /// <inheritdoc cref="USOrSS{T}(IReadOnlyList{T})"/>
    public static string USOrSS<T>(IReadOnlyList<T?>? values) where T : struct, System.Numerics.INumber<T> =>
        values is not null && values.Any(v => v is { } number && T.IsNegative(number)) ? "SS" : "US";

    /// <summary>Writes a property value of type <c>string?</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void String(Utf8JsonWriter writer, string? value)
    {
        if (string.IsNullOrEmpty(value)) writer.WriteNullValue();
        else writer.WriteStringValue(value);
    }

    /// <summary>Writes a property value of type <c>PersonName?</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void PersonName(Utf8JsonWriter writer, PersonName? value)
    {
        if (value is null || value.IsEmpty)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartObject();
        if (value.Alphabetic is not null) writer.WriteString("Alphabetic"u8, value.Alphabetic);
        if (value.Ideographic is not null) writer.WriteString("Ideographic"u8, value.Ideographic);
        if (value.Phonetic is not null) writer.WriteString("Phonetic"u8, value.Phonetic);
        writer.WriteEndObject();
    }

    /// <summary>Writes a property value of type <c>DicomDate</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void DicomDate(Utf8JsonWriter writer, DicomDate value) => String(writer, value.ToString());

    /// <summary>Writes a property value of type <c>DicomTime</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void DicomTime(Utf8JsonWriter writer, DicomTime value) => String(writer, value.ToString());

    /// <summary>Writes a property value of type <c>DicomDateTime</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void DicomDateTime(Utf8JsonWriter writer, DicomDateTime value) => String(writer, value.ToString());

    /// <summary>Writes a property value of type <c>DateOnly</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void DateOnly(Utf8JsonWriter writer, DateOnly value) => String(writer, new DicomDate(value).ToString());

    /// <summary>Writes a property value of type <c>TimeOnly</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void TimeOnly(Utf8JsonWriter writer, TimeOnly value) => String(writer, new DicomTime(value).ToString());

    /// <summary>Writes a property value of type <c>DateTimeOffset</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void DateTimeOffset(Utf8JsonWriter writer, DateTimeOffset value) => String(writer, new DicomDateTime(value).ToString());

    /// <summary>Writes a property value of type <c>int</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void Int32(Utf8JsonWriter writer, int value) => writer.WriteNumberValue(value);

    /// <summary>Writes a property value of type <c>uint</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void UInt32(Utf8JsonWriter writer, uint value) => writer.WriteNumberValue(value);

    /// <summary>Writes a property value of type <c>long</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void Int64(Utf8JsonWriter writer, long value) => writer.WriteNumberValue(value);

    /// <summary>Writes a property value of type <c>ulong</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void UInt64(Utf8JsonWriter writer, ulong value) => writer.WriteNumberValue(value);

    /// <summary>Writes a property value of type <c>short</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void Int16(Utf8JsonWriter writer, short value) => writer.WriteNumberValue(value);

    /// <summary>Writes a property value of type <c>ushort</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void UInt16(Utf8JsonWriter writer, ushort value) => writer.WriteNumberValue(value);

    /// <summary>Writes a property value of type <c>double</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void Double(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    /// <summary>Writes a property value of type <c>float</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void Single(Utf8JsonWriter writer, float value) => Double(writer, value);

    /// <summary>Writes a property value of type <c>DicomTag</c> as a DICOM JSON value (null when empty); called by generated [DicomJsonModel] writers.</summary>
    public static void Tag(Utf8JsonWriter writer, DicomTag value) => writer.WriteStringValue(value.ToString("J", null));


    private static void Begin(Utf8JsonWriter writer, uint tag, string vr)
    {
        Span<byte> key = stackalloc byte[8];
        Utf8Formatter.TryFormat(tag, key, out _, new StandardFormat('X', 8));
        writer.WritePropertyName(key);
        writer.WriteStartObject();
        writer.WriteString("vr"u8, vr);
        // Binary VRs are written as InlineBinary or BulkDataURI, which the caller names; the rest have a Value.
        if (!(DicomVR.TryParse(vr, out DicomVR known) && known.Kind == DicomVRKind.Binary))
            writer.WritePropertyName("Value"u8);
    }
}
