using DicomWeb.Tests;

namespace DicomWeb.Docs.Tests;

/// <summary>DicomDictionary.Search, the one lookup behind the site and the CLI's tags verb.</summary>
public class DictionarySearchTests
{
    [Theory]
    [InlineData("PatientName")]
    [InlineData("patientname")]
    [InlineData("patient name")]
    [InlineData("PATIENT NAME")]
    [InlineData("  Patient Name  ")]
    public void A_keyword_in_any_case_or_with_spaces_comes_first(string query)
    {
        DicomDictionaryMatch best = DicomDictionary.Search(query)[0];
        Assert.Equal("00100010", best.Key);
        Assert.Equal("PatientName", best.Keyword);
        Assert.Equal(0, best.Rank);
    }

    [Fact]
    public void The_name_as_PS3_6_writes_it_comes_first()
    {
        DicomDictionaryMatch best = DicomDictionary.Search("Patient's Name")[0];
        Assert.Equal(("00100010", 1), (best.Key, best.Rank));
    }

    [Theory]
    [InlineData("(0010,0010)")]
    [InlineData("0010,0010")]
    [InlineData("00100010")]
    [InlineData("0x00100010")]
    [InlineData("0010 0010")]
    [InlineData("(0010, 0010)")]
    [InlineData("(0010,0010")]
    public void A_tag_in_any_usual_spelling_is_found_exactly(string query)
    {
        var hits = DicomDictionary.Search(query);
        Assert.Equal("00100010", hits[0].Key);
        Assert.Equal(0, hits[0].Rank);
        Assert.Equal(new DicomTag(0x0010, 0x0010), hits[0].Element!.Value.Tag);
    }

    [Theory]
    [InlineData("(6002,3000)", "60xx3000", "OverlayData")]
    [InlineData("60023000", "60xx3000", "OverlayData")]
    [InlineData("(60xx,3000)", "60xx3000", "OverlayData")]
    [InlineData("(5010,3000)", "50xx3000", "CurveData")]
    public void A_concrete_tag_of_a_repeating_group_finds_its_pattern(string query, string key, string keyword)
    {
        DicomDictionaryMatch best = DicomDictionary.Search(query)[0];
        Assert.Equal((key, keyword), (best.Key, best.Keyword));
        Assert.True(best.Element!.Value.IsRepeating);
    }

    [Fact]
    public void The_first_digits_of_a_tag_list_its_group_in_tag_order()
    {
        var hits = DicomDictionary.Search("(0010,", 200);
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.StartsWith("0010", h.Key));
        var current = hits.Where(h => !h.IsRetired).Select(h => h.Key).ToList();
        Assert.Equal(current.Order(StringComparer.Ordinal), current);
    }

    [Fact]
    public void Words_of_the_name_find_an_element_whose_keyword_differs()
    {
        var hits = DicomDictionary.Search("birth date");
        Assert.Contains(hits, h => h.Keyword == "PatientBirthDate");
        Assert.All(hits, h => Assert.True(h.Name.Contains("birth", StringComparison.OrdinalIgnoreCase), h.ToString()));
    }

    [Fact]
    public void A_VR_lists_every_element_of_that_VR()
    {
        int personNames = File.ReadLines(Path.Combine(RepositoryPaths.Dictionary, "elements.tsv")).Count(line => line.Split('\t')[2].Split('/').Contains("PN"));
        var hits = DicomDictionary.Search("pn", 500).Where(h => h.Rank == 2).ToList();
        Assert.Equal(personNames, hits.Count);
        Assert.All(hits, h => Assert.Contains(DicomVR.PN, h.Element!.Value.VRs.ToArray()));
    }

    [Fact]
    public void A_UID_is_found_exactly_and_its_beginning_lists_the_UIDs_under_it()
    {
        var exact = DicomDictionary.Search("1.2.840.10008.1.2.1");
        Assert.Equal(("1.2.840.10008.1.2.1", "ExplicitVRLittleEndian", 0), (exact[0].Key, exact[0].Keyword, exact[0].Rank));
        Assert.Equal("Transfer Syntax", exact[0].Uid!.Value.Type);

        var jpeg = DicomDictionary.Search("1.2.840.10008.1.2.4.", 100);
        Assert.Contains(jpeg, h => h.Keyword == "JPEGBaseline8Bit");
        Assert.All(jpeg, h => Assert.StartsWith("1.2.840.10008.1.2.4.", h.Key));
    }

    [Fact]
    public void A_UID_keyword_or_name_is_found()
    {
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", DicomDictionary.Search("CTImageStorage")[0].Key);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", DicomDictionary.Search("ct image storage")[0].Key);
        Assert.Contains(DicomDictionary.Search("transfer syntax", 200), h => h.Keyword == "JPEG2000");
    }

    [Fact]
    public void Retired_entries_come_after_current_ones_of_the_same_rank_and_say_so()
    {
        var hits = DicomDictionary.Search("overlay", 500);
        Assert.Contains(hits, h => h.IsRetired);
        for (int i = 1; i < hits.Count; i++)
        {
            Assert.True((hits[i - 1].Rank, hits[i - 1].IsRetired ? 1 : 0).CompareTo((hits[i].Rank, hits[i].IsRetired ? 1 : 0)) <= 0,
                $"{hits[i - 1]} (rank {hits[i - 1].Rank}) before {hits[i]} (rank {hits[i].Rank})");
        }
    }

    [Fact]
    public void Hex_letters_without_a_digit_are_a_word_not_a_tag()
    {
        var hits = DicomDictionary.Search("face", 500);
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.True((h.Keyword + h.Name).Contains("face", StringComparison.OrdinalIgnoreCase), h.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!!")]
    [InlineData("xyzzyplugh")]
    [InlineData("(zzzz,0000)")]
    public void Nonsense_finds_nothing(string query) => Assert.Empty(DicomDictionary.Search(query));

    [Fact]
    public void At_most_max_hits_come_back()
    {
        Assert.Equal(5, DicomDictionary.Search("a", 5).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => DicomDictionary.Search("a", 0));
    }

    [Fact]
    public void DicomUids_All_lists_the_whole_registry()
    {
        Assert.Equal(DicomUids.Count, DicomUids.All.Count);
        Assert.Contains(DicomUids.All, u => u.Keyword == "ExplicitVRLittleEndian" && u.Type == "Transfer Syntax");
        Assert.Contains(DicomUids.All, u => u.Keyword.Length == 0);
    }
}
