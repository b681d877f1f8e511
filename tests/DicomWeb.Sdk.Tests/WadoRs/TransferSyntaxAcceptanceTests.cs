using DicomWeb.Client;

namespace DicomWeb.Sdk.Tests.WadoRs;

/// <summary>
/// TransferSyntaxAcceptance, whether an Accept lets a store that does not transcode send what it
/// stores (PS3.18 8.7.8.2, 8.7.3.4), decided once for the folder store and any other (#27 item 2).
/// </summary>
public class TransferSyntaxAcceptanceTests
{
    private const string Jpeg2000 = "1.2.840.10008.1.2.4.91";   // JPEG 2000 (may be lossy)

    [Fact]
    public void Any_transfer_syntax_takes_every_stored_one_and_a_UID_only_its_own()
    {
        Assert.True(TransferSyntaxAcceptance.AllowsInstance([AcceptableMediaType.Dicom()], Jpeg2000));
        Assert.True(TransferSyntaxAcceptance.AllowsInstance([AcceptableMediaType.Dicom(Jpeg2000)], Jpeg2000));
        Assert.False(TransferSyntaxAcceptance.AllowsInstance([AcceptableMediaType.Dicom(DicomUids.ExplicitVRLittleEndian)], Jpeg2000));
        Assert.False(TransferSyntaxAcceptance.AllowsInstance([AcceptableMediaType.SinglePart("image/png")], DicomUids.ExplicitVRLittleEndian));
    }

    [Fact]
    public void No_transfer_syntax_asks_for_the_default_unless_the_pixel_data_exists_only_lossy()
    {
        IReadOnlyList<AcceptableMediaType> plain = [AcceptableMediaType.Dicom(null)];
        Assert.True(TransferSyntaxAcceptance.AllowsInstance(plain, DicomUids.ExplicitVRLittleEndian));
        Assert.False(TransferSyntaxAcceptance.AllowsInstance(plain, DicomUids.ImplicitVRLittleEndian));
        Assert.True(TransferSyntaxAcceptance.AllowsInstance(plain, Jpeg2000, () => "01"));
        Assert.True(TransferSyntaxAcceptance.AllowsInstance(plain, Jpeg2000));   // not known: taken as lossy
        Assert.False(TransferSyntaxAcceptance.AllowsInstance(plain, Jpeg2000, () => "00"));   // lossless: decodable to the default
        int asked = 0;
        TransferSyntaxAcceptance.AllowsInstance([AcceptableMediaType.Dicom()], Jpeg2000, () => { asked++; return "01"; });
        Assert.Equal(0, asked);   // read only when the answer depends on it
    }

    [Fact]
    public void Frames_go_as_octet_stream_when_native_and_in_their_own_media_type_when_compressed()
    {
        Assert.Equal("application/octet-stream", TransferSyntaxAcceptance.FramesMediaType(DicomUids.ExplicitVRBigEndian));
        Assert.Equal("image/jp2", TransferSyntaxAcceptance.FramesMediaType(Jpeg2000));
        Assert.True(TransferSyntaxAcceptance.AllowsFrames([AcceptableMediaType.OctetStream()], DicomUids.ExplicitVRLittleEndian));
        Assert.True(TransferSyntaxAcceptance.AllowsFrames([AcceptableMediaType.OctetStream()], Jpeg2000));   // transfer-syntax=*: as stored
        Assert.False(TransferSyntaxAcceptance.AllowsFrames([AcceptableMediaType.OctetStream(DicomUids.ExplicitVRLittleEndian)], Jpeg2000));
        Assert.True(TransferSyntaxAcceptance.AllowsFrames([AcceptableMediaType.BulkData(Jpeg2000)], Jpeg2000));
    }

    [Fact]
    public void The_choices_asked_for_are_named_for_an_error_message()
    {
        Assert.Equal($"{DicomUids.ExplicitVRLittleEndian}, none given, so the default {DicomUids.ExplicitVRLittleEndian}",
            TransferSyntaxAcceptance.DescribeInstanceChoices([AcceptableMediaType.Dicom(DicomUids.ExplicitVRLittleEndian), AcceptableMediaType.Dicom(null)]));
        Assert.Equal("no application/dicom", TransferSyntaxAcceptance.DescribeInstanceChoices([AcceptableMediaType.SinglePart("image/png")]));
    }
}
