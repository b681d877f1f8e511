using System.Runtime.CompilerServices;
using System.Text;
using DicomWeb.Client;
using DicomWeb.Sdk.Tests.Client;

namespace DicomWeb.Sdk.Tests.Multipart;

/// <summary>The reader's bounds through the client, against a server that writes without end.</summary>
public class MultipartOverHttpTests
{
    private const string StudyUid = "1.2.826.0.1.3680043.8.498.1";

    /// <summary>Writes the head, then <paramref name="next"/>'s chunks until the client goes away; counts the bytes.</summary>
    private static async Task<FakeServer> EndlessServerAsync(string contentType, string head, Func<long, string> next, StrongBox<long> sent) =>
        await FakeServer.StartAsync(async context =>
        {
            context.Response.ContentType = contentType;
            try
            {
                byte[] bytes = Encoding.ASCII.GetBytes(head);
                for (long i = 0; ; i++)
                {
                    await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
                    sent.Value += bytes.Length;
                    bytes = Encoding.ASCII.GetBytes(next(i));
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // The client stopped reading.
            }
        });

    [Fact]
    public async Task Endless_part_header_lines_from_a_server_end_in_a_dicomweb_exception_naming_the_url()
    {
        var sent = new StrongBox<long>();
        await using var server = await EndlessServerAsync("multipart/related; type=\"application/dicom\"; boundary=b",
            "--b\r\n", i => $"X-Header-{i}: {new string('a', 1000)}\r\n", sent);
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = new DicomWebClient(http);
        var error = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomPart _ in client.RetrieveAsync(Wado.Study(StudyUid)))
            {
            }
        });
        Assert.Contains("header section is longer than 16384 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(new Uri(server.Root, $"studies/{StudyUid}").AbsoluteUri, error.Url?.AbsoluteUri);
        // What the server managed to write before the client hung up: socket buffers, not the endless body.
        Assert.InRange(sent.Value, 1, 64L * 1024 * 1024);
    }

    [Fact]
    public async Task An_endless_body_without_a_boundary_ends_at_the_preamble_bound()
    {
        var sent = new StrongBox<long>();
        await using var server = await EndlessServerAsync("multipart/related; type=\"application/dicom\"; boundary=b",
            "", _ => new string('x', 8192), sent);
        using var http = new HttpClient { BaseAddress = server.Root };
        var client = new DicomWebClient(http);
        var error = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomPart _ in client.RetrieveAsync(Wado.Study(StudyUid)))
            {
            }
        });
        Assert.Contains("preamble before the first boundary is longer than 65536 bytes", error.Message, StringComparison.Ordinal);
        Assert.InRange(sent.Value, 1, 64L * 1024 * 1024);
    }
}
