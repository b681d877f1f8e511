using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DicomWeb.Generators.Tests;

public class DiagnosticsTests
{
    private const string ElementsHeader = "tag\tkeyword\tvr\tvm\tstatus\tname\n";

    private static GeneratorDriverRunResult Run(string elements, string? uids = null, string? transferSyntaxes = null)
    {
        string folder = GeneratorHarness.TestDictionaryFolder;
        ImmutableArray<AdditionalText> files =
        [
            new GeneratorHarness.InMemoryText("/dictionary/elements.tsv", elements),
            new GeneratorHarness.InMemoryText("/dictionary/uids.tsv", uids ?? File.ReadAllText(Path.Combine(folder, "uids.tsv"))),
            new GeneratorHarness.InMemoryText("/dictionary/transfer-syntaxes.tsv", transferSyntaxes ?? File.ReadAllText(Path.Combine(folder, "transfer-syntaxes.tsv"))),
        ];
        return GeneratorHarness.CreateDriver(files).RunGenerators(GeneratorHarness.EmptyCompilation()).GetRunResult();
    }

    private static void AssertAt(Diagnostic diagnostic, string id, string path, int line, string messagePart)
    {
        Assert.Equal(id, diagnostic.Id);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal(line, span.StartLinePosition.Line + 1);
        Assert.Contains(messagePart, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_rows_are_reported_at_their_file_and_line_and_left_out()
    {
        var result = Run(ElementsHeader
            + "(0010,0010)\tPatientName\tPN\t1\tcurrent\tPatient's Name\n"       // line 2: fine
            + "(0010,002G)\tBadTag\tLO\t1\tcurrent\tBad Tag\n"                   // line 3
            + "(0010,0030)\tPatientBirthDate\tXX\t1\tcurrent\tBirth Date\n"      // line 4
            + "(0010,0040)\tPatient Sex\tCS\t1\tcurrent\tPatient's Sex\n"        // line 5
            + "(0010,0050)\tInsurancePlanIdentification\tSQ\t1\n"                // line 6
            + "(0010,1000)\tOtherPatientIDs\tLO\t1-n\tobsolete\tOther IDs\n");  // line 7

        var diagnostics = result.Diagnostics.OrderBy(d => d.Location.GetLineSpan().StartLinePosition.Line).ToList();
        Assert.Equal(5, diagnostics.Count);
        AssertAt(diagnostics[0], "DICOMWEB001", "/dictionary/elements.tsv", 3, "(0010,002G)");
        AssertAt(diagnostics[1], "DICOMWEB001", "/dictionary/elements.tsv", 4, "unknown VR 'XX'");
        AssertAt(diagnostics[2], "DICOMWEB001", "/dictionary/elements.tsv", 5, "'Patient Sex'");
        AssertAt(diagnostics[3], "DICOMWEB001", "/dictionary/elements.tsv", 6, "expected 6 tab-separated columns, found 4");
        AssertAt(diagnostics[4], "DICOMWEB001", "/dictionary/elements.tsv", 7, "status 'obsolete'");
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));

        string tags = result.Results.Single().GeneratedSources.Single(s => s.HintName == "DicomTags.g.cs").SourceText.ToString();
        Assert.Contains(" PatientName => ", tags);
        Assert.DoesNotContain("BadTag", tags);
        Assert.DoesNotContain("PatientBirthDate", tags);
        Assert.Empty(GeneratorHarness.CompileWithModel(result));
    }

    [Fact]
    public void Duplicate_keywords_and_tags_are_reported_and_the_later_row_is_left_out()
    {
        var result = Run(ElementsHeader
            + "(0010,0010)\tPatientName\tPN\t1\tcurrent\tPatient's Name\n"
            + "(0010,0020)\tPatientName\tLO\t1\tcurrent\tPatient ID\n"            // line 3: keyword again
            + "(0010,0010)\tOtherName\tPN\t1\tcurrent\tPatient's Name again\n");  // line 4: tag again

        var diagnostics = result.Diagnostics.OrderBy(d => d.Location.GetLineSpan().StartLinePosition.Line).ToList();
        Assert.Equal(2, diagnostics.Count);
        AssertAt(diagnostics[0], "DICOMWEB002", "/dictionary/elements.tsv", 3, "already used on line 2");
        AssertAt(diagnostics[1], "DICOMWEB003", "/dictionary/elements.tsv", 4, "already listed on line 2");
        Assert.Empty(GeneratorHarness.CompileWithModel(result));
    }

    [Fact]
    public void A_wrong_header_is_reported_on_line_1()
    {
        var result = Run("tag\tvr\tvm\tkeyword\tname\tretired\n(0010,0010)\tPN\t1\tPatientName\tPatient's Name\tN\n");
        AssertAt(Assert.Single(result.Diagnostics), "DICOMWEB001", "/dictionary/elements.tsv", 1, "header");
    }

    [Fact]
    public void Bad_uid_rows_and_duplicate_uid_keywords_are_reported()
    {
        var result = Run(
            ElementsHeader,
            uids: "uid\tkeyword\ttype\tstatus\tname\tinfo\n"
                + "1.2.840.10008.1.2\tImplicitVRLittleEndian\tTransfer Syntax\tcurrent\tImplicit VR Little Endian\t\n"
                + "1.2.x.3\tBroken\tSOP Class\tcurrent\tBroken\t\n"
                + "1.2.3.4\tImplicitVRLittleEndian\tSOP Class\tcurrent\tAgain\t\n",
            transferSyntaxes: "uid\tkeyword\tvr\tendian\tencapsulated\tlossy\tdeflated\n1.2.840.10008.1.2\tImplicitVRLittleEndian\timplicit\tlittle\tno\tno\tno\n");
        var diagnostics = result.Diagnostics.OrderBy(d => d.Location.GetLineSpan().StartLinePosition.Line).ToList();
        Assert.Equal(2, diagnostics.Count);
        AssertAt(diagnostics[0], "DICOMWEB001", "/dictionary/uids.tsv", 3, "'1.2.x.3' is not a UID");
        AssertAt(diagnostics[1], "DICOMWEB002", "/dictionary/uids.tsv", 4, "already used on line 2");
    }

    [Fact]
    public void A_transfer_syntax_without_properties_is_a_warning_naming_it()
    {
        string folder = GeneratorHarness.TestDictionaryFolder;
        string withoutBigEndian = string.Join('\n', File.ReadAllLines(Path.Combine(folder, "transfer-syntaxes.tsv")).Where(l => !l.StartsWith("1.2.840.10008.1.2.2\t", StringComparison.Ordinal))) + "\n";
        var result = Run(File.ReadAllText(Path.Combine(folder, "elements.tsv")), transferSyntaxes: withoutBigEndian);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DICOMWEB004", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("1.2.840.10008.1.2.2 (Explicit VR Big Endian)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("/dictionary/transfer-syntaxes.tsv", diagnostic.Location.GetLineSpan().Path);
    }
}
