namespace DicomWeb.Json;

/// <summary>The three groups of a PN value in DICOM JSON (PS3.18 F.2.2), as every reader and writer names them.</summary>
internal static class PersonNameGroups
{
    public const int Alphabetic = 1, Ideographic = 2, Phonetic = 4;

    /// <summary>The group a member name (its text) stands for, 0 for none.</summary>
    public static int Of(ReadOnlySpan<byte> name) => name.Length switch
    {
        10 when name.SequenceEqual("Alphabetic"u8) => Alphabetic,
        11 when name.SequenceEqual("Ideographic"u8) => Ideographic,
        8 when name.SequenceEqual("Phonetic"u8) => Phonetic,
        _ => 0,
    };

    /// <summary>At '"': a member name without escapes followed by its quote, read from the bytes (the fast reader); 0 for none.</summary>
    public static int TakeQuoted(ReadOnlySpan<byte> s, ref int p) =>
        JsonBytes.TakeLiteral(s, ref p, "\"Alphabetic\""u8) ? Alphabetic
        : JsonBytes.TakeLiteral(s, ref p, "\"Ideographic\""u8) ? Ideographic
        : JsonBytes.TakeLiteral(s, ref p, "\"Phonetic\""u8) ? Phonetic : 0;
}
