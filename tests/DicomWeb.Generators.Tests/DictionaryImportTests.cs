using DicomWeb.DictionaryImport;
using DicomWeb.Tests;

namespace DicomWeb.Generators.Tests;

public class DictionaryImportTests
{
    private static string Source(string name) => Path.Combine(RepositoryPaths.Shared, "dicom-standard", name);

    [SharedDataFact("dicom-standard/elements.tsv")]
    public void Importing_the_shared_elements_reproduces_the_committed_file()
    {
        string imported = DictionaryImporter.ImportElements(File.ReadAllText(Source("elements.tsv")), "elements.tsv");
        string committed = File.ReadAllText(Path.Combine(RepositoryPaths.Dictionary, "elements.tsv"));
        Assert.True(committed == imported, SnapshotAssert.Diff(committed, imported));
        Assert.Equal(5278, imported.Count(c => c == '\n') - 1);
    }

    [SharedDataFact("dicom-standard/uids.tsv")]
    public void Importing_the_shared_uids_reproduces_the_committed_file()
    {
        string imported = DictionaryImporter.ImportUids(File.ReadAllText(Source("uids.tsv")), "uids.tsv");
        string committed = File.ReadAllText(Path.Combine(RepositoryPaths.Dictionary, "uids.tsv"));
        Assert.True(committed == imported, SnapshotAssert.Diff(committed, imported));
        Assert.Empty(DictionaryImporter.TransferSyntaxesWithoutProperties(imported, File.ReadAllText(Path.Combine(RepositoryPaths.Dictionary, "transfer-syntaxes.tsv"))));
    }

    [Fact]
    public void Import_normalises_multi_vr_repeating_tags_and_status()
    {
        string imported = DictionaryImporter.ImportElements(
            "tag\tvr\tvm\tkeyword\tname\tretired\n(60XX,3000)\tOB or OW\t1\tOverlayData\tOverlay  Data\tN\n(0008,0001)\tUL\t1\tLengthToEnd\tLength to End\tY\n",
            "source.tsv");
        Assert.Equal(
            "tag\tkeyword\tvr\tvm\tstatus\tname\n(0008,0001)\tLengthToEnd\tUL\t1\tretired\tLength to End\n(60xx,3000)\tOverlayData\tOB/OW\t1\tcurrent\tOverlay Data\n",
            imported);
    }

    [Fact]
    public void Import_names_the_file_and_line_of_every_bad_row()
    {
        var error = Assert.Throws<FormatException>(() => DictionaryImporter.ImportElements(
            "tag\tvr\tvm\tkeyword\tname\tretired\n(0010,0010)\tPN\t1\tPatientName\tPatient's Name\tN\n(0010,0020)\tQQ\t1\tPatientID\tPatient ID\tN\n(0010,0030)\tDA\t1\tPatientName\tBirth Date\tN\n",
            "source.tsv"));
        Assert.Contains("source.tsv:3: unknown VR 'QQ'", error.Message, StringComparison.Ordinal);
        Assert.Contains("source.tsv:4: keyword 'PatientName' already used on line 2", error.Message, StringComparison.Ordinal);
    }
}
