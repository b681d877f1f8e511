using System.IO;
using System.Text;

namespace DicomWeb.Generators.Dictionary;

/// <summary>The dictionary files built into this assembly (from data/dictionary).</summary>
internal static class EmbeddedDictionary
{
    public static DictionaryFile Get(string name)
    {
        string resource = "DicomWeb.Dictionary." + name;
        using Stream stream = typeof(EmbeddedDictionary).Assembly.GetManifestResourceStream(resource)
            ?? throw new FileNotFoundException("The generator assembly lacks its embedded dictionary file.", resource);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new DictionaryFile(name, "embedded:" + name, reader.ReadToEnd());
    }
}
