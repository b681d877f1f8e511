using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DicomWeb.Client;
using DicomWeb.Tests;
using Xunit.Abstractions;

namespace DicomWeb.Docs.Tests;

[Collection(SiteCollection.Name)]
public class SiteBuildTests(SiteFixture site, ITestOutputHelper output)
{
    [Fact]
    public void The_site_is_index_html_one_script_one_style_sheet_and_the_data()
    {
        output.WriteLine(site.Report.ToString());
        Assert.Equal(["index.html", "tag-lookup.js", "tag-lookup.css", "dictionary-data.js"], site.Report.Files.Select(f => f.Name));
        Assert.All(site.Report.Files, f => Assert.True(new FileInfo(Path.Combine(site.Folder, f.Name)).Length == f.Bytes && f.Bytes > 0));
        Assert.Equal(5278, site.Report.Elements);
        Assert.Equal(490, site.Report.Uids);
        Assert.Equal(5278, site.Data.GetProperty("elements").GetArrayLength());
        Assert.Equal(490, site.Data.GetProperty("uids").GetArrayLength());

        // Offline: nothing but the site's own files is referenced.
        string html = File.ReadAllText(Path.Combine(site.Folder, "index.html"));
        Assert.DoesNotContain("http", html.Replace("http-equiv", ""), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("fetch(", File.ReadAllText(Path.Combine(site.Folder, "tag-lookup.js")));
    }

    [Fact]
    public void The_page_knows_the_VRs_from_the_data_the_VR_table_writes_not_from_a_copy_of_its_own()
    {
        Assert.Equal(DicomVR.All.Select(vr => vr.Code), site.Data.GetProperty("vrs").EnumerateArray().Select(v => v.GetString()));
        string script = File.ReadAllText(Path.Combine(site.Folder, "tag-lookup.js"));
        Assert.Contains("data.vrs", script, StringComparison.Ordinal);
        Assert.DoesNotContain("\"UV\"", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_member_type_on_the_site_is_the_type_the_generator_gave_DicomTags()
    {
        string[] kinds = site.Data.GetProperty("kinds").EnumerateArray().Select(k => k.GetProperty("type").GetString()!).ToArray();
        int compared = 0;
        foreach (JsonElement row in site.Data.GetProperty("elements").EnumerateArray())
        {
            string keyword = row[1].GetString()!;
            if (keyword.Length == 0)
                continue;
            bool repeating = row.GetArrayLength() > 7;
            Type generated = repeating
                ? typeof(DicomTags).GetMethod(keyword, BindingFlags.Public | BindingFlags.Static)!.ReturnType
                : typeof(DicomTags).GetProperty(keyword, BindingFlags.Public | BindingFlags.Static)!.PropertyType;
            int kind = row[6].GetInt32();
            Assert.Equal(CSharpName(generated), kind < 0 ? "DicomTag" : kinds[kind]);
            compared++;
        }
        Assert.True(compared > 5000, $"only {compared} keywords compared");
    }

    [Fact]
    public void The_QIDO_matcher_table_lists_exactly_the_extension_methods_of_QidoMatchers()
    {
        var declared = typeof(QidoMatchers).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.IsDefined(typeof(ExtensionAttribute)))
            .GroupBy(m => CSharpName(m.GetParameters()[0].ParameterType.IsGenericType ? m.GetParameters()[0].ParameterType.GetGenericTypeDefinition() : m.GetParameters()[0].ParameterType))
            .ToDictionary(g => g.Key, g => g.Select(m => m.Name).Distinct().Order().ToArray());
        var table = QidoMatcherTable.ByTagType.ToDictionary(t => t.Key, t => t.Value.Select(m => m.Method).Order().ToArray());
        Assert.Equal(declared.OrderBy(d => d.Key), table.OrderBy(t => t.Key));
        Assert.All(QidoMatcherTable.ByTagType.SelectMany(t => t.Value), m => Assert.StartsWith("{0}." + m.Method + "(", m.Example));
    }

    [Fact]
    public void The_model_property_types_of_a_VR_are_those_the_model_generator_accepts()
    {
        JsonElement vrSets = site.Data.GetProperty("vrSets");
        Assert.Equal(["string", "PersonName"], vrSets.GetProperty("PN").GetProperty("model").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["string", "DicomDate", "DateOnly"], vrSets.GetProperty("DA").GetProperty("model").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("US", vrSets.GetProperty("US/SS").GetProperty("stored").GetString());
        Assert.Equal("OW", vrSets.GetProperty("OB/OW").GetProperty("stored").GetString());
        Assert.Equal("Doe^Jane", vrSets.GetProperty("PN").GetProperty("json").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
    }

    [Fact]
    public void A_bad_dictionary_row_stops_the_build_naming_file_and_line()
    {
        string folder = Directory.CreateTempSubdirectory("dicomweb-docs-bad-").FullName;
        try
        {
            foreach (string name in new[] { "elements.tsv", "uids.tsv", "transfer-syntaxes.tsv" })
                File.Copy(Path.Combine(RepositoryPaths.Dictionary, name), Path.Combine(folder, name));
            File.AppendAllText(Path.Combine(folder, "elements.tsv"), "(GGGG,0010)\tBadTag\tLO\t1\tcurrent\tBad Tag\n");
            var error = Assert.Throws<InvalidDataException>(() => TagLookupSite.Build(Path.Combine(folder, "site"), folder));
            Assert.Contains("elements.tsv line 5280", error.Message);
            Assert.False(File.Exists(Path.Combine(folder, "site", "index.html")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Built_from_data_dictionary_on_disk_it_is_the_same_site_as_from_the_built_in_copy()
    {
        string folder = Directory.CreateTempSubdirectory("dicomweb-docs-disk-").FullName;
        try
        {
            TagLookupSite.Build(folder, RepositoryPaths.Dictionary);
            Assert.Equal(File.ReadAllBytes(Path.Combine(site.Folder, "dictionary-data.js")), File.ReadAllBytes(Path.Combine(folder, "dictionary-data.js")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // "NumberTag<ushort>" as C# writes it, from the reflected type.
    private static string CSharpName(Type type)
    {
        if (!type.IsGenericType)
            return Keyword(type);
        string name = type.Name[..type.Name.IndexOf('`')];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(CSharpName))}>";
    }

    private static string Keyword(Type type) => type.IsGenericParameter ? type.Name : Type.GetTypeCode(type) switch
    {
        TypeCode.UInt16 => "ushort",
        TypeCode.Int16 => "short",
        TypeCode.UInt32 => "uint",
        TypeCode.Int32 => "int",
        TypeCode.UInt64 => "ulong",
        TypeCode.Int64 => "long",
        TypeCode.Single => "float",
        TypeCode.Double => "double",
        _ => type.Name,
    };
}
