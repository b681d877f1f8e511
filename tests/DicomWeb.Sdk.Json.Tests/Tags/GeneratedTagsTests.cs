using System.Reflection;

namespace DicomWeb.Sdk.Json.Tests.Tags;

/// <summary>The generated DicomTags and DicomDictionary against data/dictionary/elements.tsv, row by row.</summary>
public class GeneratedTagsTests
{
    private static readonly IReadOnlyList<DictionaryRow> Keyworded = DictionaryRow.All.Where(r => r.Keyword.Length > 0).ToList();

    private static readonly Dictionary<string, MemberInfo> Members = typeof(DicomTags)
        .GetMembers(BindingFlags.Public | BindingFlags.Static)
        .Where(m => m is PropertyInfo or MethodInfo { IsSpecialName: false })
        .ToDictionary(m => m.Name);

    [Fact]
    public void There_is_one_member_per_keyworded_row()
    {
        Assert.Equal(5271, Keyworded.Count);
        Assert.Equal(Keyworded.Count, Members.Count);
        Assert.Empty(Keyworded.Select(r => r.Keyword).Except(Members.Keys));
    }

    [Fact]
    public void Repeating_elements_are_methods_and_the_rest_properties()
    {
        foreach (var row in Keyworded)
            Assert.True(row.IsRepeating == Members[row.Keyword] is MethodInfo, $"{row.Keyword} {row.TagPattern}");
        Assert.Equal(88, Keyworded.Count(r => r.IsRepeating));
    }

    [Fact]
    public void Every_keyword_round_trips_keyword_to_tag_to_keyword()
    {
        foreach (var row in Keyworded)
        {
            Assert.True(DicomDictionary.TryGetTag(row.Keyword, out DicomTag tag), row.Keyword);
            Assert.Equal(row.FirstTag, tag);
            Assert.Equal(row.Keyword, DicomDictionary.GetKeyword(tag));
            Assert.True(DicomDictionary.TryGetEntry(tag, out var entry));
            Assert.Equal(row.Name, entry.Name);
            Assert.Equal(row.VM, entry.ValueMultiplicity);
            Assert.Equal(row.Retired, entry.IsRetired);
            Assert.Equal(row.VRs, entry.VRs.ToArray().Select(vr => vr.ToString()));
            Assert.Equal(row.IsRepeating, entry.IsRepeating);
        }
    }

    [Fact]
    public void Every_typed_tag_has_the_rows_tag_and_a_vr_the_row_allows()
    {
        foreach (var row in Keyworded.Where(r => !r.IsRepeating))
        {
            object value = ((PropertyInfo)Members[row.Keyword]).GetValue(null)!;
            if (row.VRs.Length == 0)
            {
                Assert.Equal(row.FirstTag, Assert.IsType<DicomTag>(value));
                continue;
            }
            var typed = Assert.IsAssignableFrom<IDicomTag>(value);
            Assert.Equal(row.FirstTag, typed.Tag);
            Assert.Contains(typed.VR.ToString(), row.VRs);
            Assert.Equal(row.Keyword, typed.Keyword);
        }
    }

    [Fact]
    public void Retired_elements_and_only_they_carry_Obsolete()
    {
        foreach (var row in Keyworded)
            Assert.True(row.Retired == Members[row.Keyword].IsDefined(typeof(ObsoleteAttribute)), $"{row.Keyword} retired={row.Retired}");
        Assert.Equal(489, Keyworded.Count(r => r.Retired));
    }

    [Fact]
    public void Elements_without_keyword_are_found_by_tag_only()
    {
        var rows = DictionaryRow.All.Where(r => r.Keyword.Length == 0).ToList();
        Assert.Equal(7, rows.Count);
        foreach (var row in rows)
        {
            Assert.True(DicomDictionary.TryGetEntry(row.FirstTag, out var entry));
            Assert.True(entry.IsRetired);
            Assert.Null(DicomDictionary.GetKeyword(row.FirstTag));
        }
        Assert.Equal(DicomDictionary.ElementCount, DictionaryRow.All.Count);
    }

    [Theory]
    [InlineData("PatientName", typeof(PersonNameTag))]
    [InlineData("StudyDate", typeof(DateTag))]
    [InlineData("StudyTime", typeof(TimeTag))]
    [InlineData("AcquisitionDateTime", typeof(DateTimeTag))]
    [InlineData("StudyInstanceUID", typeof(UidTag))]
    [InlineData("Modality", typeof(StringTag))]
    [InlineData("RetrieveURL", typeof(StringTag))]
    [InlineData("PatientAge", typeof(AgeStringTag))]
    [InlineData("SliceThickness", typeof(DecimalStringTag))]
    [InlineData("NumberOfStudyRelatedInstances", typeof(IntegerStringTag))]
    [InlineData("Rows", typeof(NumberTag<ushort>))]
    [InlineData("SmallestImagePixelValue", typeof(NumberTag<int>))]
    [InlineData("CommandGroupLength", typeof(NumberTag<uint>))]
    [InlineData("ReferencePixelX0", typeof(NumberTag<int>))]
    [InlineData("TagAngleSecondAxis", typeof(NumberTag<short>))]
    [InlineData("SelectorUVValue", typeof(NumberTag<ulong>))]
    [InlineData("SelectorSVValue", typeof(NumberTag<long>))]
    [InlineData("DiffusionBValue", typeof(NumberTag<double>))]
    [InlineData("RecommendedDisplayFrameRateInFloat", typeof(NumberTag<float>))]
    [InlineData("DimensionIndexPointer", typeof(AttributeTagTag))]
    [InlineData("ReferencedSeriesSequence", typeof(SequenceTag))]
    [InlineData("PixelData", typeof(BinaryTag))]
    [InlineData("LUTData", typeof(BinaryTag))]
    [InlineData("FloatPixelData", typeof(BinaryTag))]
    [InlineData("Item", typeof(DicomTag))]
    public void The_member_type_follows_the_VR(string keyword, Type expected)
    {
        var member = Members[keyword];
        Assert.Equal(expected, member is PropertyInfo p ? p.PropertyType : ((MethodInfo)member).ReturnType);
    }
}
