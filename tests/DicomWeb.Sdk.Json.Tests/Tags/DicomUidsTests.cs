using DicomWeb.Tests;

namespace DicomWeb.Sdk.Json.Tests.Tags;

public class DicomUidsTests
{
    private static readonly string[][] Rows = File.ReadAllLines(Path.Combine(RepositoryPaths.Dictionary, "uids.tsv"))
        .Skip(1).Select(l => l.Split('\t')).ToArray();

    [Fact]
    public void Every_registry_row_is_found_with_its_name_type_and_status()
    {
        Assert.Equal(490, Rows.Length);
        Assert.Equal(DicomUids.Count, Rows.Length);
        foreach (string[] row in Rows)
        {
            Assert.True(DicomUids.TryGetInfo(row[0], out var info), row[0]);
            Assert.Equal(row[1], info.Keyword);
            Assert.Equal(row[2], info.Type);
            Assert.Equal(row[3] == "retired", info.IsRetired);
            Assert.Equal(row[4], info.Name);
        }
    }

    [Fact]
    public void Every_keyworded_UID_is_a_constant_named_by_its_keyword()
    {
        var constants = typeof(DicomUids).GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        var keyworded = Rows.Where(r => r[1].Length > 0).ToList();
        Assert.Equal(488, keyworded.Count);
        Assert.Equal(keyworded.Count, constants.Count);
        foreach (string[] row in keyworded)
            Assert.Equal(row[0], constants[row[1]]);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2", "ImplicitVRLittleEndian", "Transfer Syntax")]
    [InlineData("1.2.840.10008.5.1.4.1.1.2", "CTImageStorage", "SOP Class")]
    [InlineData("1.2.840.10008.1.2.4.90", "JPEG2000Lossless", "Transfer Syntax")]
    [InlineData("1.2.840.10008.1.1", "Verification", "SOP Class")]
    public void Spot_checks(string uid, string keyword, string type)
    {
        Assert.True(DicomUids.TryGetInfo(uid, out var info));
        Assert.Equal(keyword, info.Keyword);
        Assert.Equal(type, info.Type);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", DicomUids.CTImageStorage);
        Assert.Equal("1.2.840.10008.1.2.4.90", DicomUids.JPEG2000Lossless);
    }

    [Fact]
    public void Unregistered_UIDs_are_not_found()
    {
        Assert.False(DicomUids.TryGetInfo("1.2.3.4.5", out _));
        Assert.False(DicomUids.TryGetInfo("", out _));
    }

    [Fact]
    public void Every_transfer_syntax_of_the_registry_is_listed_with_its_properties()
    {
        var registered = Rows.Where(r => r[2] == "Transfer Syntax").Select(r => r[0]).ToList();
        Assert.Equal(63, registered.Count);
        Assert.Equal(registered, DicomTransferSyntax.All.Select(t => t.Uid));

        var implicitLE = DicomTransferSyntax.ImplicitVRLittleEndian;
        Assert.False(implicitLE.IsExplicitVR);
        Assert.False(implicitLE.IsBigEndian || implicitLE.IsEncapsulated || implicitLE.IsDeflated || implicitLE.IsLossy);
        Assert.True(DicomTransferSyntax.ExplicitVRBigEndian.IsBigEndian && DicomTransferSyntax.ExplicitVRBigEndian.IsRetired);
        Assert.True(DicomTransferSyntax.DeflatedExplicitVRLittleEndian.IsDeflated);
        Assert.True(DicomTransferSyntax.JPEGBaseline8Bit.IsEncapsulated && DicomTransferSyntax.JPEGBaseline8Bit.IsLossy);
        Assert.True(DicomTransferSyntax.JPEG2000Lossless.IsEncapsulated && !DicomTransferSyntax.JPEG2000Lossless.IsLossy);
        Assert.True(DicomTransferSyntax.RLELossless.IsEncapsulated);
        Assert.False(DicomTransferSyntax.JPIPReferenced.IsEncapsulated);
        Assert.Equal(["1.2.840.10008.1.2", "1.2.840.10008.1.20"], DicomTransferSyntax.All.Where(t => !t.IsExplicitVR).Select(t => t.Uid));

        // Part 10 files pad UIDs with a NUL; the lookup tolerates it.
        Assert.True(DicomTransferSyntax.TryGet("1.2.840.10008.1.2.1\0", out var padded));
        Assert.Same(DicomTransferSyntax.ExplicitVRLittleEndian, padded);
        Assert.False(DicomTransferSyntax.TryGet("1.2.840.10008.5.1.4.1.1.2", out _));
        Assert.IsNotType<DicomTransferSyntax[]>(DicomTransferSyntax.All);
    }
}
