using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace DicomWeb.Json;

/// <summary>
/// What generated <see cref="IDicomJsonModel{TSelf}"/> readers call: walk the attributes of an
/// object, decode the declared ones, skip the rest. Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class DicomJsonModelReader
{
    /// <summary>Reads one entry of a Value array (the reader is on it).</summary>
    public delegate T EntryReader<T>(ref Utf8JsonReader reader, uint tag);

    /// <summary>Reads a model without the generic checks: for a reader positioned by hand (the interface's one-argument reader).</summary>
    public static T Read<T>(ref Utf8JsonReader reader) where T : IDicomJsonModel<T>
    {
        var unchecked_ = default(DicomJsonModelScope);
        return T.ReadDicomJson(ref reader, ref unchecked_);
    }

    /// <summary>The start of a data set: checked, with its attributes to come, when the scope checks.</summary>
    public static void ExpectObject(ref Utf8JsonReader reader, ref DicomJsonModelScope scope)
    {
        if (scope.Context is null)
            ExpectObject(ref reader);
        else if (!scope.CheckedAlready)
            DicomJsonParser.BeginModelObject(ref reader, scope.Context);
    }

    /// <summary>The next attribute (see <see cref="NextAttribute(ref Utf8JsonReader, out uint)"/>), its key checked when the scope checks.</summary>
    public static bool NextAttribute(ref Utf8JsonReader reader, ref DicomJsonModelScope scope, out uint tag) =>
        scope.Context is null ? NextAttribute(ref reader, out tag)
        : scope.CheckedAlready ? scope.NextCheckedAttribute(out tag)
        : DicomJsonParser.NextModelAttribute(ref reader, scope.Context, out tag);

    /// <summary>An attribute the model does not declare: skipped, or checked without decoding when the scope checks.</summary>
    public static void SkipAttribute(ref Utf8JsonReader reader, ref DicomJsonModelScope scope, uint tag)
    {
        if (scope.Context is null)
            reader.Skip();
        else if (!scope.CheckedAlready)
            DicomJsonParser.CheckModelAttribute(ref reader, scope.Input, tag, scope.Context);
    }

    // The declared attributes: checked first (the reader moves to the attribute's end), then decoded
    // from a copy of the reader taken at its start, so a value is decoded only once it passed the checks.

    /// <inheritdoc cref="ReadFirst{T}(ref Utf8JsonReader, uint, EntryReader{T})"/>
    /// <param name="reader">On the attribute's StartObject.</param>
    /// <param name="scope">The object's checks.</param>
    /// <param name="tag">The element, named in errors' JSON paths.</param>
    /// <param name="entry">Reads one entry with a Utf8JsonReader.</param>
    /// <param name="fromBytes">Reads one entry from its bytes when the object was checked already; <paramref name="entry"/> reads what it does not take.</param>
    public static T? ReadFirst<T>(ref Utf8JsonReader reader, ref DicomJsonModelScope scope, uint tag, EntryReader<T> entry, CheckedEntryReader<T> fromBytes)
    {
        if (scope.CheckedAlready)
        {
            ElementSlot current = scope.CurrentAttribute;
            if (current.Form == DicomValueForm.Empty)
                return default;
            if (current.Form == DicomValueForm.Values && CheckedValueArray.TryFirst(scope.ValueArray(current), fromBytes, out T? first))
                return first;
        }
        return ReadFirstByTokens(ref reader, ref scope, tag, entry);
    }

    // Not inlined: a Utf8JsonReader local is a large struct the caller would clear for every object it reads.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T? ReadFirstByTokens<T>(ref Utf8JsonReader reader, ref DicomJsonModelScope scope, uint tag, EntryReader<T> entry)
    {
        if (scope.Context is null)
            return ReadFirst(ref reader, tag, entry);
        if (scope.CheckedAlready)
        {
            ElementSlot current = scope.CurrentAttribute;
            if (current.Form == DicomValueForm.Values)
            {
                Utf8JsonReader values = scope.ValueArrayReader(current);
                return FirstEntry(ref values, tag, entry);
            }
            Utf8JsonReader checkedAttribute = scope.AttributeReader(current);
            return ReadFirst(ref checkedAttribute, tag, entry);
        }
        Utf8JsonReader attribute = reader;
        return DicomJsonParser.CheckModelAttribute(ref reader, scope.Input, tag, scope.Context).Form == DicomValueForm.Empty
            ? default : ReadFirst(ref attribute, tag, entry);
    }

    /// <inheritdoc cref="ReadFirst{T}(ref Utf8JsonReader, ref DicomJsonModelScope, uint, EntryReader{T}, CheckedEntryReader{T})"/>
    public static T[] ReadArray<T>(ref Utf8JsonReader reader, ref DicomJsonModelScope scope, uint tag, EntryReader<T> entry, CheckedEntryReader<T> fromBytes)
    {
        if (scope.CheckedAlready)
        {
            ElementSlot current = scope.CurrentAttribute;
            if (current.Form == DicomValueForm.Empty)
                return [];
            if (current.Form == DicomValueForm.Values && CheckedValueArray.TryAll(scope.ValueArray(current), fromBytes, out T[] all))
                return all;
        }
        return ReadArrayByTokens(ref reader, ref scope, tag, entry);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T[] ReadArrayByTokens<T>(ref Utf8JsonReader reader, ref DicomJsonModelScope scope, uint tag, EntryReader<T> entry)
    {
        if (scope.Context is null)
            return ReadArray(ref reader, tag, entry);
        if (scope.CheckedAlready)
        {
            ElementSlot current = scope.CurrentAttribute;
            if (current.Form == DicomValueForm.Values)
            {
                Utf8JsonReader values = scope.ValueArrayReader(current);
                return AllEntries(ref values, tag, entry);
            }
            Utf8JsonReader checkedAttribute = scope.AttributeReader(current);
            return ReadArray(ref checkedAttribute, tag, entry);
        }
        Utf8JsonReader attribute = reader;
        return DicomJsonParser.CheckModelAttribute(ref reader, scope.Input, tag, scope.Context).Form == DicomValueForm.Empty
            ? [] : ReadArray(ref attribute, tag, entry);
    }

    /// <inheritdoc cref="ReadModels{T}(ref Utf8JsonReader, uint)"/>
    public static T[] ReadModels<T>(ref Utf8JsonReader reader, ref DicomJsonModelScope scope, uint tag) where T : IDicomJsonModel<T>
    {
        if (scope.Context is null)
            return ReadModels<T>(ref reader, tag);
        if (scope.CheckedAlready)
        {
            Utf8JsonReader checkedAttribute = scope.AttributeReader(scope.CurrentAttribute);
            return ReadModels<T>(ref checkedAttribute, tag);
        }
        Utf8JsonReader attribute = reader;
        DicomJsonParser.CheckModelAttribute(ref reader, scope.Input, tag, scope.Context);
        return ReadModels<T>(ref attribute, tag);
    }

    /// <inheritdoc cref="ReadDatasets(ref Utf8JsonReader, uint)"/>
    public static DicomDataset[] ReadDatasets(ref Utf8JsonReader reader, ref DicomJsonModelScope scope, uint tag)
    {
        if (scope.Context is null)
            return ReadDatasets(ref reader, tag);
        if (scope.CheckedAlready)
        {
            Utf8JsonReader checkedAttribute = scope.AttributeReader(scope.CurrentAttribute);
            return ReadDatasets(ref checkedAttribute, tag);
        }
        Utf8JsonReader attribute = reader;
        DicomJsonParser.CheckModelAttribute(ref reader, scope.Input, tag, scope.Context);
        return ReadDatasets(ref attribute, tag);
    }

    /// <inheritdoc cref="ReadBulkData(ref Utf8JsonReader, uint)"/>
    public static DicomBulkData? ReadBulkData(ref Utf8JsonReader reader, ref DicomJsonModelScope scope, uint tag)
    {
        if (scope.Context is null)
            return ReadBulkData(ref reader, tag);
        if (scope.CheckedAlready)
        {
            Utf8JsonReader checkedAttribute = scope.AttributeReader(scope.CurrentAttribute);
            return ReadBulkData(ref checkedAttribute, tag);
        }
        Utf8JsonReader attribute = reader;
        DicomJsonParser.CheckModelAttribute(ref reader, scope.Input, tag, scope.Context);
        return ReadBulkData(ref attribute, tag);
    }

    /// <summary>Checks that the reader is on the StartObject of a data set.</summary>
    public static void ExpectObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.None)
            reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
            throw Error($"expected a DICOM JSON object, found {reader.TokenType}", "$", ref reader);
    }

    /// <summary>Moves to the next attribute: its tag, with the reader on the attribute's StartObject; false at the data set's end.</summary>
    public static bool NextAttribute(ref Utf8JsonReader reader, out uint tag)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            tag = 0;
            return false;
        }
        if (reader.ValueIsEscaped || !TagKeys.TryParse(reader.ValueSpan, out tag))
            tag = TolerantKey(ref reader);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
            throw Error("an attribute must be an object with \"vr\"", Path(tag), ref reader);
        return true;
    }

    // A key with escapes or a dictionary keyword, as DicomJson lets through unless strict.
    private static uint TolerantKey(ref Utf8JsonReader reader)
    {
        string key;
        try
        {
            key = reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw Error("the key is not valid UTF-8", "$", ref reader, e);
        }
        if (TagKeys.TryParse(System.Text.Encoding.UTF8.GetBytes(key), out uint tag))
            return tag;
        if (DicomDictionary.TryGetTag(key, out DicomTag byKeyword))
            return byKeyword.Value;
        throw Error($"the key \"{DicomJsonParser.Excerpt(key)}\" is not eight hex digits", "$", ref reader);
    }

    /// <summary>The first value of the attribute (default when it has none).</summary>
    public static T? ReadFirst<T>(ref Utf8JsonReader reader, uint tag, EntryReader<T> entry)
    {
        T? first = default;
        if (EnterValue(ref reader, tag, out bool lone))
        {
            if (lone)
            {
                first = entry(ref reader, tag);
                ExitObject(ref reader, tag);
                return first;
            }
            first = FirstEntry(ref reader, tag, entry);
            ExitObject(ref reader, tag);
        }
        return first;
    }

    /// <summary>The first entry of a Value array (reader on its StartArray, left on its EndArray); every entry is read, so a wrong one fails as it would elsewhere.</summary>
    private static T? FirstEntry<T>(ref Utf8JsonReader reader, uint tag, EntryReader<T> entry)
    {
        T? first = default;
        bool found = false;
        while (NextEntry(ref reader))
        {
            T value = entry(ref reader, tag);
            if (!found)
            {
                first = value;
                found = true;
            }
        }
        return first;
    }

    /// <summary>Every entry of a Value array (reader on its StartArray, left on its EndArray).</summary>
    private static T[] AllEntries<T>(ref Utf8JsonReader reader, uint tag, EntryReader<T> entry)
    {
        var values = new List<T>();
        while (NextEntry(ref reader))
            values.Add(entry(ref reader, tag));
        return values.ToArray();
    }

    /// <summary>All values of the attribute (empty when it has none).</summary>
    public static T[] ReadArray<T>(ref Utf8JsonReader reader, uint tag, EntryReader<T> entry)
    {
        if (!EnterValue(ref reader, tag, out bool lone))
            return [];
        T[] values = lone ? [entry(ref reader, tag)] : AllEntries(ref reader, tag, entry);
        ExitObject(ref reader, tag);
        return values;
    }

    /// <summary>The items of a sequence as models.</summary>
    public static T[] ReadModels<T>(ref Utf8JsonReader reader, uint tag) where T : IDicomJsonModel<T> =>
        ReadArray(ref reader, tag, static (ref Utf8JsonReader r, uint t) =>
        {
            if (r.TokenType != JsonTokenType.Null)
                return T.ReadDicomJson(ref Item(ref r, t));
            var empty = new Utf8JsonReader("{}"u8); // A null item, tolerated unless strict, is the empty item.
            empty.Read();
            return T.ReadDicomJson(ref empty);
        });

    /// <summary>The items of a sequence as data sets.</summary>
    public static DicomDataset[] ReadDatasets(ref Utf8JsonReader reader, uint tag) =>
        ReadArray(ref reader, tag, static (ref Utf8JsonReader r, uint t) =>
        {
            if (r.TokenType == JsonTokenType.Null)
                return new DicomDataset();
            using JsonDocument item = JsonDocument.ParseValue(ref Item(ref r, t));
            return DicomJson.Deserialize(item.RootElement.GetRawText());
        });

    /// <summary>The reader, checked to be on a sequence item.</summary>
    private static ref Utf8JsonReader Item(ref Utf8JsonReader reader, uint tag)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw Error("a sequence item must be an object", Path(tag), ref reader);
        return ref reader;
    }

    /// <summary>InlineBinary or BulkDataURI of the attribute; null when it has neither.</summary>
    public static DicomBulkData? ReadBulkData(ref Utf8JsonReader reader, uint tag)
    {
        DicomBulkData? value = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            bool inline = reader.ValueTextEquals("InlineBinary"u8);
            bool uri = !inline && reader.ValueTextEquals("BulkDataURI"u8);
            reader.Read();
            if (inline || uri)
            {
                if (reader.TokenType != JsonTokenType.String)
                    throw Error($"\"{(inline ? "InlineBinary" : "BulkDataURI")}\" must be a string", Path(tag), ref reader);
                try
                {
                    value = inline ? DicomBulkData.FromBytes(reader.GetBytesFromBase64Lenient()) : DicomBulkData.FromUri(reader.GetString()!);
                }
                catch (FormatException e)
                {
                    throw Error("\"InlineBinary\" is not valid base64", Path(tag), ref reader, e);
                }
            }
            else
            {
                reader.Skip();
            }
        }
        return value;
    }

    /// <summary>Moves into the attribute's Value: true on its StartArray, or (<paramref name="lone"/>) on a lone item's StartObject, tolerated unless strict.</summary>
    private static bool EnterValue(ref Utf8JsonReader reader, uint tag, out bool lone)
    {
        lone = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("Value"u8))
            {
                reader.Read();
                lone = reader.TokenType == JsonTokenType.StartObject;
                if (reader.TokenType != JsonTokenType.StartArray && !lone)
                    throw Error("\"Value\" must be an array", Path(tag), ref reader);
                return true;
            }
            reader.Read();
            reader.Skip();
        }
        return false;
    }

    private static bool NextEntry(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType != JsonTokenType.EndArray;

    private static void ExitObject(ref Utf8JsonReader reader, uint tag)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            reader.Read();
            reader.Skip();
        }
    }

    private static string Path(uint tag) => "$." + tag.ToString("X8", CultureInfo.InvariantCulture);

    private static DicomJsonException Wrong(ref Utf8JsonReader reader, uint tag, string expected) =>
        Error($"a value must be {expected}, not {reader.TokenType}", Path(tag), ref reader);

    private static DicomJsonException Error(string message, string path, ref Utf8JsonReader reader, Exception? inner = null) =>
        new(message, path, reader.TokenStartIndex, inner);
}
