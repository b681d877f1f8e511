using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DicomWeb.Generators.Dictionary;

namespace DicomWeb.Generators.Models;

/// <summary>
/// Keyword and tag lookups over the embedded dictionary, built once per generator load: model
/// properties are resolved against it while their specs are made.
/// </summary>
internal sealed class DictionaryLookup
{
    private static readonly Lazy<DictionaryLookup> Embedded = new(() => new DictionaryLookup(DictionaryParser.Parse(
        EmbeddedDictionary.Get(DictionaryParser.ElementsFile),
        EmbeddedDictionary.Get(DictionaryParser.UidsFile),
        EmbeddedDictionary.Get(DictionaryParser.TransferSyntaxesFile),
        CancellationToken.None).Spec), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, ElementSpec> _byKeyword;
    private readonly Dictionary<uint, ElementSpec> _byTag;

    private DictionaryLookup(DictionarySpec spec)
    {
        _byKeyword = spec.Elements.Where(e => e.Keyword.Length > 0).ToDictionary(e => e.Keyword, StringComparer.Ordinal);
        _byTag = spec.Elements.Where(e => !e.IsRepeating).ToDictionary(e => e.Tag);
    }

    public static DictionaryLookup Instance => Embedded.Value;

    public bool TryGetByKeyword(string keyword, out ElementSpec element) => _byKeyword.TryGetValue(keyword, out element!);

    public bool TryGetByTag(uint tag, out ElementSpec element) => _byTag.TryGetValue(tag, out element!);
}
