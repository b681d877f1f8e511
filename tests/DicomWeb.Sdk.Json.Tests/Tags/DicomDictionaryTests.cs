namespace DicomWeb.Sdk.Json.Tests.Tags;

public class DicomDictionaryTests
{
    [Fact]
    public void Repeating_groups_resolve_for_every_even_group_in_range()
    {
        for (ushort group = 0x6000; group <= 0x601E; group += 2)
        {
            Assert.True(DicomDictionary.TryGetEntry(new DicomTag(group, 0x3000), out var entry));
            Assert.Equal("OverlayData", entry.Keyword);
            Assert.Equal(new DicomTag(group, 0x3000), entry.Tag);
            Assert.True(entry.IsRepeating);
            Assert.Equal([DicomVR.OB, DicomVR.OW], entry.VRs.ToArray());
        }
    }

    [Fact]
    public void Odd_groups_are_private_even_where_a_repeating_pattern_would_match()
    {
        Assert.True(DicomDictionary.TryGetEntry(new DicomTag(0x6001, 0x3000), out var data));
        Assert.True(data.IsPrivate);
        Assert.Equal("Private Data", data.Name);
        Assert.Equal(DicomVR.UN, data.VR);
        Assert.Null(DicomDictionary.GetKeyword(new DicomTag(0x6001, 0x3000)));

        Assert.True(DicomDictionary.TryGetEntry(new DicomTag(0x0019, 0x0010), out var creator));
        Assert.True(creator.IsPrivate);
        Assert.Equal("Private Creator", creator.Name);
        Assert.Equal(DicomVR.LO, creator.VR);
    }

    [Fact]
    public void Unknown_standard_tags_are_not_found()
    {
        Assert.False(DicomDictionary.TryGetEntry(new DicomTag(0x0010, 0x0011), out var entry));
        Assert.Null(entry.Keyword);
        Assert.Null(DicomDictionary.GetKeyword(new DicomTag(0x0010, 0x0011)));
        Assert.False(DicomDictionary.TryGetTag("patientName", out _));
        Assert.False(DicomDictionary.TryGetTag("", out _));
    }

    [Fact]
    public void Items_and_delimiters_have_no_VR()
    {
        Assert.True(DicomDictionary.TryGetEntry(DicomTags.ItemDelimitationItem, out var entry));
        Assert.Equal(0, entry.VRs.Length);
        Assert.Equal(default, entry.VR);
        Assert.Equal("(FFFE,E00D) ItemDelimitationItem  1", entry.ToString());
    }

    [Fact]
    public void Lookups_by_tag_and_keyword_allocate_nothing()
    {
        DicomTag patientName = DicomTags.PatientName, overlay = new(0x6004, 0x3000), privateTag = new(0x0009, 0x1001);
        DicomDictionary.TryGetEntry(patientName, out _); // warm up
        DicomDictionary.TryGetTag("PatientName", out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            DicomDictionary.TryGetEntry(patientName, out _);
            DicomDictionary.TryGetEntry(overlay, out _);
            DicomDictionary.TryGetEntry(privateTag, out _);
            DicomDictionary.TryGetTag("ReferencedSOPInstanceUID", out _);
            DicomDictionary.GetKeyword(patientName);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
