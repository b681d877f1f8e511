using System.Globalization;
using System.Text.RegularExpressions;
using DicomWeb.Tests;

namespace DicomWeb.Sdk.Json.Tests.Part10;

/// <summary>
/// Files written by DicomWeb, read by dcmtk's dcmdump (Debian's dcmtk, installed by the test
/// command): dcmdump accepts them and prints the same values DicomWeb holds.
/// </summary>
public sealed partial class DcmdumpTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-dcmdump-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [GeneratedRegex(@"^\((?<group>[0-9a-f]{4}),(?<element>[0-9a-f]{4})\) (?<vr>[A-Z]{2}) (?<value>.*?)\s+#\s*\d+,\s*\d+ ", RegexOptions.IgnoreCase)]
    private static partial Regex DumpLine();

    private static readonly HashSet<string> Compared = ["AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "PN", "SH", "TM", "UI", "US", "SS", "UL", "SL"];

    [SharedDataFact("corpus/part10")]
    public async Task Written_files_are_accepted_by_dcmdump_with_the_same_values()
    {
        if (!File.Exists("/usr/bin/dcmdump"))
            throw new Xunit.Sdk.XunitException("dcmdump is missing: the test command installs dcmtk (tests/run-all.sh)");
        int files = 0, values = 0;
        foreach (string path in Directory.GetFiles(Path.Combine(RepositoryPaths.Shared, "corpus", "part10"), "*.dcm").Order(StringComparer.Ordinal))
        {
            DicomFile original;
            try { original = await DicomFile.OpenAsync(path); }
            catch (DicomFileException) { continue; } // the broken ones; Part10CorpusTests checks them
            // Encapsulated and big endian files are written in their own syntax (big endian too: a file that opens saves as it was).
            string syntax = DicomTransferSyntax.TryGet(original.TransferSyntaxUid, out var ts) && (ts.IsEncapsulated || ts.IsBigEndian) ? original.TransferSyntaxUid : DicomUids.ExplicitVRLittleEndian;
            string written = Path.Combine(_folder, Path.GetFileName(path));
            await DicomFile.Create(original.Dataset, syntax).SaveAsync(written);

            var dump = DotnetCli.Run(_folder, null, "dcmdump", "-q", "+L", "-Un", "-dc", written);
            Assert.True(dump.ExitCode == 0 && !dump.Output.Contains("E: ", StringComparison.Ordinal), $"dcmdump refused {Path.GetFileName(path)}:\n{dump.Output}");
            files++;
            foreach (string line in dump.Output.Split('\n'))
            {
                Match match = DumpLine().Match(line);
                if (!match.Success || !Compared.Contains(match.Groups["vr"].Value))
                    continue;
                var tag = new DicomTag(ushort.Parse(match.Groups["group"].Value, NumberStyles.HexNumber), ushort.Parse(match.Groups["element"].Value, NumberStyles.HexNumber));
                if (tag.Group == 0x0002 || !original.Dataset.TryGetElement(tag, out DicomElement element) || element.Form != DicomValueForm.Values)
                    continue;
                string printed = match.Groups["value"].Value;
                if (printed.StartsWith('[') && printed.EndsWith(']'))
                    printed = printed[1..^1];
                string ours = string.Join('\\', original.Dataset.GetStrings(tag));
                Assert.True(Same(printed, ours, match.Groups["vr"].Value), $"{Path.GetFileName(path)} {tag} {match.Groups["vr"].Value}: dcmdump [{printed}], DicomWeb [{ours}]");
                values++;
            }
        }
        Assert.Equal(16, files);
        Assert.True(values > 300, $"only {values} values compared");
    }

    // dcmdump prints text as stored (padding trimmed) and binary numbers as numbers.
    private static bool Same(string printed, string ours, string vr) =>
        vr is "DS" or "IS"
            ? printed.Split('\\').Select(v => v.Trim()).SequenceEqual(ours.Split('\\').Select(v => v.Trim()))
            : printed.TrimEnd(' ', '\0') == ours.TrimEnd(' ', '\0') || printed.Split('\\').Select(v => v.Trim()).SequenceEqual(ours.Split('\\').Select(v => v.Trim()));
}

public sealed class SyntheticInstanceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-synthetic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Synthetic_instances_are_valid_files_that_dcmdump_and_DicomWeb_read_alike()
    {
        string study = SyntheticInstances.NewUid(), series = SyntheticInstances.NewUid(), sop = SyntheticInstances.NewUid();
        var dataset = SyntheticInstances.Create(study, series, sop, patientName: "Ünïcode^Name", frames: 3, instanceNumber: 7);
        foreach (string syntax in new[] { DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian, DicomUids.DeflatedExplicitVRLittleEndian })
        {
            string path = await SyntheticInstances.WriteFileAsync(dataset, _folder, syntax);
            var dump = DotnetCli.Run(_folder, null, "dcmdump", "-q", "+L", "-Un", path);
            Assert.Equal(0, dump.ExitCode);
            Assert.Contains($"(0020,000d) UI [{study}]", dump.Output, StringComparison.Ordinal);
            Assert.Contains("(0010,0010) PN [Ünïcode^Name]", dump.Output, StringComparison.Ordinal);
            Assert.Contains("(0028,0008) IS [3]", dump.Output, StringComparison.Ordinal);
            Assert.Matches(syntax == DicomUids.ImplicitVRLittleEndian ? @"\(7fe0,0010\) OW" : @"\(7fe0,0010\) OB", dump.Output); // implicit VR: OW by the dictionary
            DicomFile read = await DicomFile.OpenAsync(path);
            Assert.Equal(syntax, read.TransferSyntaxUid);
            Assert.Equal(sop, read.FileMetaInformation.Get(DicomTags.MediaStorageSOPInstanceUID));
            Assert.Equal(16 * 16 * 3, read.Dataset.Get(DicomTags.PixelData)!.Bytes!.Value.Length);
        }
        Assert.StartsWith("2.25.", study, StringComparison.Ordinal);
        Assert.NotEqual(study, series);
    }
}
