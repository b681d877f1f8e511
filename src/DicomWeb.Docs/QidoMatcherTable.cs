namespace DicomWeb.Docs;

/// <summary>
/// The QIDO-RS matchers (extension methods of DicomWeb.Client.QidoMatchers) each typed tag has,
/// with a one-line example. A test compares this table with the methods QidoMatchers declares.
/// </summary>
public static class QidoMatcherTable
{
    /// <summary>
    /// Declared tag type ("PersonNameTag", "NumberTag&lt;T&gt;") → its matchers, as (method name,
    /// example with {0} for the tag member). Types without matchers (sequences, bulk data, AT) are absent.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<(string Method, string Example)>> ByTagType { get; } =
        new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.Ordinal)
        {
            ["StringTag"] = [("Is", "{0}.Is(\"ABC\")"), ("Like", "{0}.Like(\"AB*\")")],
            ["PersonNameTag"] = [("Is", "{0}.Is(\"Doe^Jane\")"), ("Like", "{0}.Like(\"Doe*\")")],
            ["AgeStringTag"] = [("Is", "{0}.Is(\"045Y\")")],
            ["UidTag"] = [("Is", "{0}.Is(\"1.2.826.0.1.3680043.2.1125.1\")"), ("In", "{0}.In(\"1.2.826.0.1.3680043.2.1125.1\", \"1.2.826.0.1.3680043.2.1125.2\")")],
            ["DateTag"] =
            [
                ("Is", "{0}.Is(new DateOnly(2025, 1, 15))"),
                ("Between", "{0}.Between(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31))"),
                ("From", "{0}.From(new DateOnly(2025, 1, 1))"),
                ("Until", "{0}.Until(new DateOnly(2025, 1, 31))"),
            ],
            ["TimeTag"] =
            [
                ("Is", "{0}.Is(new TimeOnly(10, 30))"),
                ("Between", "{0}.Between(new TimeOnly(8, 0), new TimeOnly(12, 0))"),
                ("From", "{0}.From(new TimeOnly(8, 0))"),
                ("Until", "{0}.Until(new TimeOnly(12, 0))"),
            ],
            ["DateTimeTag"] = [("Between", "{0}.Between(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.UtcNow)")],
            ["IntegerStringTag"] = [("Is", "{0}.Is(42)")],
            ["DecimalStringTag"] = [("Is", "{0}.Is(2.5)")],
            ["NumberTag<T>"] = [("Is", "{0}.Is({1})")],
        };

    /// <summary>A literal of the number type a NumberTag holds, for its example (generic inference needs the exact type).</summary>
    public static string NumberLiteral(string clrType) => clrType switch
    {
        "ushort" => "(ushort)512",
        "short" => "(short)-1",
        "uint" => "42u",
        "int" => "42",
        "ulong" => "42UL",
        "long" => "42L",
        "float" => "1.5f",
        _ => "1.5",
    };
}
