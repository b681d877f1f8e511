using DicomWeb.Client;

namespace DicomWeb.Sdk.Tests.Multipart;

/// <summary>Content-Type values a hostile server can send: a documented null, never an exception, never a guess.</summary>
public class MediaTypeHeaderTests
{
    [Theory]
    [InlineData("multipart/related; boundary=a; boundary=b")]           // which boundary?
    [InlineData("multipart/related; boundary=a; BOUNDARY=\"a\"")]
    [InlineData("multipart/related; boundary=\"unterminated")]
    [InlineData("multipart/related; boundary=\"unterminated\\\"")]
    [InlineData("multipart/related; boundary=\"a\u0000b\"")]              // control characters
    [InlineData("multipart/related; boundary=a\rb")]
    [InlineData("multipart/related; boundary=\"a\nb\"")]
    [InlineData("multipart/related; boundary=caf\u00e9")]                // non-ASCII outside quotes
    [InlineData("multipart/rel\u00e4ted; boundary=a")]
    [InlineData("multipart/related; boundary=\"\u4e2d\"")]               // beyond Latin-1
    [InlineData("multi part/related")]
    [InlineData("multipart/related/x")]
    [InlineData("/related")]
    [InlineData("multipart/")]
    [InlineData("multipart/related; =x")]
    [InlineData("multipart/related; boundary=")]
    [InlineData("multipart/related;; boundary=a")]
    [InlineData("multipart/related; boundary=a b")]
    [InlineData("multipart/related; boundary=\"a\" b")]
    public void Ambiguous_or_malformed_values_are_null(string value) => Assert.Null(MediaTypeHeader.TryParse(value));

    [Theory]
    [InlineData("  multipart/related ; boundary=a=b ; ", "a=b")]          // white space, "=" in a bare value, a trailing ";"
    [InlineData("multipart/related; boundary=\"caf\u00e9\"", "caf\u00e9")]  // obs-text is allowed inside quotes (RFC 9110)
    [InlineData("multipart/related; boundary=\"\"", "")]                   // empty: the multipart reader refuses it, not the parser
    [InlineData("multipart/related;boundary=\"a\\\\b\"", "a\\b")]
    public void Tolerated_values_read_as_documented(string value, string boundary)
    {
        MediaTypeHeader parsed = MediaTypeHeader.TryParse(value)!;
        Assert.Equal("multipart/related", parsed.MediaType);
        Assert.Equal(boundary, parsed["boundary"]);
    }

    [Fact]
    public void Huge_values_are_read_in_one_pass()
    {
        string big = new('x', 2_000_000);
        Assert.Equal(big, MediaTypeHeader.TryParse($"multipart/related; boundary=\"{big}\"")!["boundary"]);
        Assert.Equal(big, MediaTypeHeader.TryParse($"multipart/related; boundary={big}")!["boundary"]);
        string many = "multipart/related" + string.Concat(Enumerable.Range(0, 100_000).Select(i => $"; p{i}=v"));
        Assert.Equal(100_000, MediaTypeHeader.TryParse(many)!.Parameters.Count);
        Assert.Null(MediaTypeHeader.TryParse("multipart/related; boundary=\"" + big));
    }

    [Theory]
    [InlineData("multipart/related; type=\"application/dicom\"; boundary=\"a b:c\"")]
    [InlineData("multipart/related; boundary=\"q\\\"x\\\\\"; type=application/dicom+json; start=\"<root@x>\"")]
    [InlineData("application/dicom; transfer-syntax=1.2.840.10008.1.2.1; x=\"\"; y=\"caf\u00e9\"")]
    public void The_text_form_reads_back_the_same(string value)
    {
        MediaTypeHeader parsed = MediaTypeHeader.TryParse(value)!;
        MediaTypeHeader again = MediaTypeHeader.TryParse(parsed.ToString())!;
        Assert.Equal(parsed.MediaType, again.MediaType);
        Assert.Equal(parsed.Parameters.OrderBy(p => p.Key), again.Parameters.OrderBy(p => p.Key));
    }
}
