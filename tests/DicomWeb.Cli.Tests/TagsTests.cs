namespace DicomWeb.Cli.Tests;

/// <summary>`dicomweb tags` works offline and finds what DicomDictionary.Search finds.</summary>
public class TagsTests
{
    [Theory]
    [InlineData("PatientName")]
    [InlineData("(0010,0010)")]
    [InlineData("00100010")]
    [InlineData("patient's name")]
    public void Finds_patient_name_in_any_spelling_without_a_server(string query)
    {
        var result = ToolProcess.Run(new Dictionary<string, string> { ["DICOMWEB_URL"] = "http://127.0.0.1:1/" }, "tags", query);
        Assert.True(result.ExitCode == 0, result.ToString());
        string first = result.Output.Split('\n')[2];
        Assert.StartsWith("(0010,0010)  PatientName", first);
        Assert.Contains("PN", first);
    }

    [Fact]
    public void Lists_the_same_hits_in_the_same_order_as_the_dictionary_search()
    {
        var result = ToolProcess.Run("tags", "birth date", "--max", "5");
        Assert.Equal(0, result.ExitCode);
        string[] keywords = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2)
            .Select(line => line.Split("  ", StringSplitOptions.RemoveEmptyEntries)[1].Trim()).ToArray();
        Assert.Equal(DicomDictionary.Search("birth date", 5).Select(m => m.Keyword), keywords);
    }

    [Fact]
    public void Finds_transfer_syntax_uids()
    {
        var result = ToolProcess.Run("tags", "1.2.840.10008.1.2.1");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ExplicitVRLittleEndian", result.Output.Split('\n')[2]);
    }

    [Fact]
    public void Nothing_found_is_exit_1_with_a_message()
    {
        var result = ToolProcess.Run("tags", "zzqqxxnothing");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nothing in the dictionary matches 'zzqqxxnothing'", result.Error);
    }
}
