using DicomWeb.Client;

namespace DicomWeb.Sdk.Tests.WadoRs;

/// <summary>Resource paths, Accept choices, the bulk data media type table and rendered parameters as values.</summary>
public class WadoValuesTests
{
    private const string Study = "1.2.3", Series = "1.2.3.4", Sop = "1.2.3.4.5";

    [Fact]
    public void Paths_of_every_resource_kind()
    {
        WadoResource instance = Wado.Study(Study).Series(Series).Instance(Sop);
        Assert.Equal("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/3,1", instance.Frames(3, 1).ToString());
        Assert.Equal([3, 1], instance.Frames(3, 1).FrameNumbers);
        Assert.Equal("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/metadata", instance.MetadataPath);
        Assert.Equal("studies/1.2.3/series/1.2.3.4/rendered", Wado.Study(Study).Series(Series).RenderedPath);
        Assert.Equal("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/2/rendered", instance.Frames(2).RenderedPath);
        Assert.Equal("studies/1.2.3/thumbnail", Wado.Study(Study).ThumbnailPath);
        Assert.Equal(instance.Frames(1, 2), instance.Frames(1, 2));
        Assert.NotEqual(instance.Frames(1, 2), instance.Frames(2, 1));
        Assert.Empty(instance.FrameNumbers);
    }

    [Fact]
    public void Frames_are_refused_outside_an_instance_or_below_one()
    {
        Assert.Throws<ArgumentException>(() => Wado.Study(Study).Series(Series).Frames(1));
        Assert.Throws<ArgumentException>(() => Wado.Study(Study).Series(Series).Instance(Sop).Frames());
        Assert.Throws<ArgumentException>(() => Wado.Study(Study).Series(Series).Instance(Sop).Frames(1, 0));
        Assert.Throws<ArgumentException>(() => Wado.Study(Study).Series(Series).Instance(Sop).Frames(1).Frames(2));
        Assert.Throws<InvalidOperationException>(() => Wado.Study(Study).Series(Series).Instance(Sop).Frames(1).MetadataPath);
        Assert.Throws<ArgumentException>(() => Wado.Study("1.2.3/../../studies"));
    }

    [Fact]
    public void Accept_choices_quote_the_type_as_set_and_carry_one_transfer_syntax_each()
    {
        Assert.Equal("multipart/related; type=\"application/dicom\"; transfer-syntax=*", AcceptableMediaType.Dicom().ToString());
        Assert.Equal("multipart/related; type=application/dicom; transfer-syntax=*", AcceptableMediaType.Dicom().ToString(quoteType: false));
        Assert.Equal("multipart/related; type=\"application/dicom\"", AcceptableMediaType.Dicom(null).ToString());
        Assert.Equal("application/dicom", AcceptableMediaType.DicomSinglePart().ToString());
        Assert.Equal("image/png", AcceptableMediaType.SinglePart("image/png").ToString());
        Assert.Equal(
            "multipart/related; type=\"image/jp2\"; transfer-syntax=1.2.840.10008.1.2.4.90; q=0.9, multipart/related; type=\"application/octet-stream\"; transfer-syntax=1.2.840.10008.1.2.1; q=0.5",
            AcceptableMediaType.ToHeader([AcceptableMediaType.BulkData(DicomUids.JPEG2000Lossless).WithQuality(0.9), AcceptableMediaType.OctetStream(DicomUids.ExplicitVRLittleEndian).WithQuality(0.5)], quoteType: true));
        Assert.Throws<ArgumentException>(() => AcceptableMediaType.Dicom("1.2.840.10008.1.2.1; transfer-syntax=*"));
        Assert.Throws<ArgumentException>(() => AcceptableMediaType.BulkData(DicomUids.ImplicitVRLittleEndian));
        Assert.Throws<ArgumentException>(() => AcceptableMediaType.SinglePart("image/png; q=1"));
        Assert.Throws<ArgumentOutOfRangeException>(() => AcceptableMediaType.Dicom().WithQuality(1.5));
    }

    [Fact]
    public void The_bulk_data_table_matches_the_transfer_syntax_registry()
    {
        // Every compressed pair is an encapsulated transfer syntax of the dictionary; one default per media type (mp4 has two, as in the standard).
        Assert.Equal(34, BulkDataMediaTypes.All.Count);
        foreach (BulkDataMediaType row in BulkDataMediaTypes.All)
        {
            Assert.True(DicomTransferSyntax.TryGet(row.TransferSyntaxUid, out DicomTransferSyntax? syntax), row.TransferSyntaxUid);
            Assert.Equal(row.MediaType != BulkDataMediaTypes.OctetStream, syntax!.IsEncapsulated);
            Assert.Equal(row.MediaType, BulkDataMediaTypes.MediaTypeOf(row.TransferSyntaxUid));
            Assert.Equal(row.MediaType, AcceptableMediaType.BulkData(row.TransferSyntaxUid).MediaType);
        }
        Assert.Equal(
            ["application/octet-stream", "image/dicom-rle", "image/jls", "image/jp2", "image/jpeg", "image/jphc", "image/jpx", "image/jxl", "video/H265", "video/mp4", "video/mpeg"],
            BulkDataMediaTypes.All.Select(r => r.MediaType).Distinct().Order(StringComparer.Ordinal));
        Assert.All(BulkDataMediaTypes.All.GroupBy(r => r.MediaType), g => Assert.InRange(g.Count(r => r.IsDefault), 1, g.Key == "video/mp4" ? 2 : 1));
        Assert.Equal(DicomUids.JPEGLosslessSV1, BulkDataMediaTypes.DefaultTransferSyntaxOf("image/jpeg"));
        Assert.Equal(DicomUids.MPEG2MPHL, BulkDataMediaTypes.DefaultTransferSyntaxOf("video/mpeg"));
        Assert.Null(BulkDataMediaTypes.MediaTypeOf(DicomUids.DeflatedExplicitVRLittleEndian));
    }

    [Fact]
    public void Rendered_parameters_follow_table_8_3_5_1()
    {
        var options = new RenderedOptions
        {
            Window = new RenderedWindow(40, 400.5, VoiLutFunction.LinearExact),
            Viewport = new RenderedViewport(256, 128, SourceWidth: -512, SourceHeight: 512),
            Quality = 90,
            IccProfile = RenderedIccProfile.Srgb,
            Annotation = RenderedAnnotation.Patient | RenderedAnnotation.Technique,
        };
        Assert.Equal("window=40,400.5,linear-exact&viewport=256,128,,,-512,512&quality=90&iccprofile=srgb&annotation=patient,technique", options.ToQueryString());
        Assert.Equal("", new RenderedOptions().ToQueryString());
        Assert.Equal("viewport=64,64", new RenderedOptions { Viewport = new RenderedViewport(64, 64) }.ToQueryString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RenderedOptions { Quality = 0 }.ToQueryString());
        Assert.Equal("bytes=10-19", new ByteRange(10, 19).ToString());
        Assert.Equal("bytes=10-", new ByteRange(10).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ByteRange(10, 9).ToString());
    }

    [Theory]
    [InlineData("multipart/related; type=\"application/dicom\"; boundary=\"a b:c\"", "multipart/related", "application/dicom", "a b:c")]
    [InlineData("Multipart/Related;Type=application/dicom;Boundary=xyz;", "multipart/related", "application/dicom", "xyz")]
    [InlineData("multipart/related; type=\"application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\"; boundary=08408fa4", "multipart/related", "application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1", "08408fa4")]
    [InlineData("multipart/related; boundary=\"q\\\"x\" ; type = application/dicom+json ; start=\"<root@x>\"", "multipart/related", "application/dicom+json", "q\"x")]
    public void Content_type_parameters_are_read_quoted_or_not(string header, string mediaType, string type, string boundary)
    {
        MediaTypeHeader parsed = MediaTypeHeader.TryParse(header)!;
        Assert.Equal(mediaType, parsed.MediaType);
        Assert.Equal(type, parsed["type"]);
        Assert.Equal(boundary, parsed["BOUNDARY"]);
        Assert.True(parsed.IsMultipart);
    }

    [Theory]
    [InlineData("")]
    [InlineData("multipart")]
    [InlineData("multipart/related; boundary")]
    [InlineData("multipart/related; boundary=\"unterminated")]
    [InlineData("multipart/related boundary=x")]
    public void Malformed_content_types_are_not_read(string header) => Assert.Null(MediaTypeHeader.TryParse(header));
}
