using System.Text;
using DicomWeb.Client;

namespace DicomWeb.Sdk.Tests.Multipart;

/// <summary>
/// Fuzzing Content-Type values from a fixed seed: valid ones mutated with the characters of the
/// header grammar, controls and non-ASCII. TryParse never throws; what it returns reads back the
/// same from its text form; a multipart reader is made from it or refused with a DicomWebException.
/// </summary>
public class MediaTypeHeaderFuzzTests
{
    private const int Seed = 1202;
    private const int Cases = 20_000;

    private static readonly string[] Valid =
    [
        "multipart/related; type=\"application/dicom\"; boundary=\"a b:c\"",
        "multipart/related;type=application/dicom+json;boundary=xyz",
        "multipart/related; type=\"application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\"; boundary=08408fa4",
        "application/dicom; transfer-syntax=1.2.840.10008.1.2.4.50",
        "multipart/related; boundary=\"q\\\"x\" ; type = application/dicom+json ; start=\"<root@x>\"",
        "text/html; charset=utf-8",
    ];

    private const string Alphabet = "\";=,\\/ \t\r\n\0abcXYZ019-+.:'()?é中\u007f\u0080\u00ff";

    [Fact]
    public void Mutated_content_types_parse_to_a_consistent_value_or_null_and_never_throw()
    {
        var random = new Random(Seed);
        int parsed = 0, refused = 0, readers = 0;
        for (int i = 0; i < Cases; i++)
        {
            var text = new StringBuilder(Valid[random.Next(Valid.Length)]);
            int mutations = random.Next(0, 4);
            for (int m = 0; m < mutations; m++)
            {
                int at = random.Next(text.Length + 1);
                switch (random.Next(4))
                {
                    case 0:
                        text.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                        break;
                    case 1 when at < text.Length:
                        text.Remove(at, Math.Min(random.Next(1, 10), text.Length - at));
                        break;
                    case 2:
                        text.Insert(at, random.Next(2) == 0 ? "; boundary=dup" : $"; p=\"{new string('x', random.Next(0, 100))}");
                        break;
                    default:
                        text.Length = at;
                        break;
                }
            }
            string value = text.ToString();
            MediaTypeHeader? header;
            try
            {
                header = MediaTypeHeader.TryParse(value);
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i}: '{value}' threw {e}");
                return;
            }
            if (header is null)
            {
                refused++;
                continue;
            }
            parsed++;
            string[] type = header.MediaType.Split('/');
            Assert.True(type.Length == 2 && type.All(t => t.Length > 0 && t.All(c => c < 0x7f && c > ' ' && !char.IsAsciiLetterUpper(c))), $"case {i}: '{value}' gave the type '{header.MediaType}'");
            MediaTypeHeader again = MediaTypeHeader.TryParse(header.ToString())
                ?? throw new Xunit.Sdk.XunitException($"case {i}: '{value}' reads as '{header}', which does not read back");
            Assert.Equal(header.MediaType, again.MediaType);
            Assert.Equal(header.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal), again.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal));
            try
            {
                MultipartRelatedReader.Create(Stream.Null, header, value, null);
                readers++;
            }
            catch (DicomWebException)
            {
            }
        }
        Assert.True(parsed > Cases / 10 && refused > Cases / 10 && readers > Cases / 20, $"{parsed} parsed, {refused} refused, {readers} readers");
    }
}
