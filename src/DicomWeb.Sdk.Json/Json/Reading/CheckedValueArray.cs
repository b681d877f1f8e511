namespace DicomWeb.Json;

/// <summary>
/// The entries of a Value array the fast reader checked already, taken from its bytes for the
/// typed models: no tokenizer is made for a value whose JSON needs no decoding. Each answers false
/// for what it does not take (an escape, an entry its reader does not read from bytes), and the
/// model decodes the attribute with a Utf8JsonReader instead, so the result and the errors are the
/// same either way.
/// </summary>
internal static class CheckedValueArray
{
    /// <summary>
    /// At '[': every entry read by <paramref name="read"/>, the first one kept (as the tokenizer's
    /// path reads them all, so a later entry that does not convert fails alike); default for none.
    /// </summary>
    public static bool TryFirst<T>(ReadOnlySpan<byte> array, DicomJsonModelReader.CheckedEntryReader<T> read, out T? first)
    {
        first = default;
        var entries = new Entries(array);
        bool found = false;
        while (true)
        {
            switch (entries.Next(out ReadOnlySpan<byte> entry))
            {
                case Entry.End:
                    return true;
                case Entry.NotTaken:
                    return false;
            }
            if (!read(entry, out T value))
                return false;
            if (!found)
            {
                first = value;
                found = true;
            }
        }
    }

    /// <summary>At '[': every entry read by <paramref name="read"/>.</summary>
    public static bool TryAll<T>(ReadOnlySpan<byte> array, DicomJsonModelReader.CheckedEntryReader<T> read, out T[] values)
    {
        values = [];
        var entries = new Entries(array);
        List<T>? many = null;
        T one = default!;
        int count = 0;
        while (true)
        {
            switch (entries.Next(out ReadOnlySpan<byte> entry))
            {
                case Entry.End:
                    values = count == 1 ? [one] : many?.ToArray() ?? [];
                    return true;
                case Entry.NotTaken:
                    return false;
            }
            if (!read(entry, out T value))
                return false;
            // One value is the usual case: its array is then the only allocation.
            if (++count == 1)
                one = value;
            else
                (many ??= [one]).Add(value);
        }
    }

    private enum Entry { Taken, End, NotTaken }

    /// <summary>The entries of an array from its '[', one by one.</summary>
    private ref struct Entries(ReadOnlySpan<byte> array)
    {
        private readonly ReadOnlySpan<byte> _s = array;
        private int _p = 1;
        private bool _afterEntry;

        /// <summary>The next entry; <see cref="Entry.NotTaken"/> for a string with an escape, which only the tokenizer's path decodes.</summary>
        public Entry Next(out ReadOnlySpan<byte> entry)
        {
            entry = default;
            JsonBytes.SkipSpace(_s, ref _p);
            if (JsonBytes.Take(_s, ref _p, (byte)']'))
                return Entry.End;
            if (_afterEntry && !JsonBytes.TakeSpaced(_s, ref _p, (byte)','))
                return Entry.NotTaken;
            int start = _p;
            if (!TrySkipEntry(_s, ref _p))
                return Entry.NotTaken;
            entry = _s[start.._p];
            _afterEntry = true;
            return Entry.Taken;
        }

        private static bool TrySkipEntry(ReadOnlySpan<byte> s, ref int p)
        {
            if (JsonBytes.At(s, p, (byte)'"'))
                return JsonBytes.TryPlainString(s, ref p, out _);
            bool skipped = JsonBytes.TrySkipValue(s, p, out int end);
            p = end;
            return skipped;
        }
    }
}
