using System.Net;
using System.Text;
using DicomWeb.Client;
using static DicomWeb.DicomTags;
using static DicomWeb.Sdk.Tests.Hostile.Hostile;

namespace DicomWeb.Sdk.Tests.Hostile;

/// <summary>
/// Memory bounded by the work, not by the server: endless and gigabyte bodies, generated on the
/// fly by the hostile server, are read only as far as the call needs. The server counts what it
/// managed to send; a client that buffered would have taken it all.
/// </summary>
public sealed class HostileBodyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomweb-hostile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task An_endless_QIDO_array_is_yielded_as_it_arrives_and_left_when_the_caller_stops()
    {
        byte[] chunk = [.. Enumerable.Range(0, 1000).SelectMany(i => Study(i).Append((byte)','))];
        await using var server = await HostileServer.StartAsync((context, self) =>
        {
            context.Response.ContentType = "application/dicom+json";
            return self.StreamAsync(context, "["u8.ToArray(), chunk);
        });
        using var client = new DicomWebClient(server.Root);
        int count = 0;
        await foreach (DicomDataset study in client.SearchAsync(Qido.Studies(), Safety()))
        {
            Assert.NotNull(study.Get(StudyInstanceUID));
            if (++count == 20_000)
                break;
        }
        Assert.Equal(20_000, count);
        Assert.InRange(server.BytesSent, 1, EarlyStop);
    }

    [Fact]
    public async Task A_gigabyte_QIDO_page_of_small_results_is_not_buffered()
    {
        byte[] chunk = [.. Enumerable.Range(0, 1000).SelectMany(i => Study(i).Append((byte)','))];
        await using var server = await HostileServer.StartAsync((context, self) =>
        {
            context.Response.ContentType = "application/dicom+json";
            return self.StreamAsync(context, "["u8.ToArray(), chunk, GiB, Study(0).Append((byte)']').ToArray());
        });
        using var client = new DicomWebClient(server.Root);
        var first = new List<string?>();
        await foreach (DicomDataset study in client.SearchAsync(Qido.Studies().Limit(1000), Safety()))
            first.Add(study.Get(StudyInstanceUID));
        // The query's limit is honoured even by a server that sends more: the rest is not read.
        Assert.Equal(1000, first.Count);
        Assert.InRange(server.BytesSent, 1, EarlyStop);
    }

    [Fact]
    public async Task A_gigabyte_search_result_or_metadata_item_is_refused_before_it_is_buffered()
    {
        await using var server = await HostileServer.StartAsync((context, self) =>
        {
            context.Response.ContentType = "application/dicom+json";
            return self.StreamAsync(context, "[{\"00100020\":{\"vr\":\"LO\",\"Value\":[\""u8.ToArray(), Filler(), GiB, "\"]}}]"u8.ToArray());
        });
        using var client = new DicomWebClient(server.Root, new DicomWebClientOptions { MaxDatasetBytes = 1 << 20 });
        var search = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomDataset _ in client.SearchAsync(Qido.Studies(), Safety()))
            {
            }
        });
        Assert.Contains("item [0] is not valid DICOM JSON", search.Message);
        Assert.Contains("larger than 1048576 bytes (DicomJsonReadOptions.MaxDatasetBytes)", search.Message);
        Assert.Contains(server.Root + "studies", search.Message);

        var metadata = await Assert.ThrowsAsync<DicomWebException>(() => client.RetrieveMetadataAsync(Instance, Safety()));
        Assert.Contains("MaxDatasetBytes", metadata.Message);
        Assert.InRange(server.BytesSent, 1, 2 * EarlyStop);
    }

    [Fact]
    public async Task The_default_dataset_limit_stops_a_gigabyte_metadata_item()
    {
        await using var server = await HostileServer.StartAsync((context, self) =>
        {
            context.Response.ContentType = "application/dicom+json";
            return self.StreamAsync(context, "[{\"00100020\":{\"vr\":\"LO\",\"Value\":[\""u8.ToArray(), Filler(), GiB);
        });
        using var client = new DicomWebClient(server.Root);
        var error = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (DicomDataset _ in client.RetrieveMetadataAsyncEnumerable(Instance, Safety()))
            {
            }
        });
        Assert.Contains($"larger than {64 << 20} bytes", error.Message);
        Assert.InRange(server.BytesSent, 64L << 20, (64L << 20) + EarlyStop);
    }

    [Theory]
    [InlineData("search")]
    [InlineData("metadata")]
    [InlineData("retrieve")]
    [InlineData("delete")]
    [InlineData("bulk")]
    public async Task A_gigabyte_error_body_gives_a_short_excerpt_and_is_not_read(string operation)
    {
        await using var server = await HostileServer.StartAsync((context, self) =>
        {
            context.Response.StatusCode = 500;
            context.Response.ContentType = "text/html";
            return self.StreamAsync(context, "<html>broken"u8.ToArray(), Filler((byte)'x'), GiB);
        });
        using var client = new DicomWebClient(server.Root);
        var error = await Assert.ThrowsAsync<DicomWebException>(() => Run(client, operation));
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.StartsWith("<html>broken", error.BodyExcerpt);
        Assert.InRange(error.BodyExcerpt!.Length, 500, 503);
        Assert.InRange(server.BytesSent, 1, EarlyStop);
    }

    private static async Task Run(DicomWebClient client, string operation)
    {
        CancellationToken safety = Safety();
        switch (operation)
        {
            case "search":
                await foreach (DicomDataset _ in client.SearchAsync(Qido.Studies(), safety))
                {
                }
                break;
            case "metadata":
                await client.RetrieveMetadataAsync(Instance, safety);
                break;
            case "retrieve":
                await foreach (DicomPart _ in client.RetrieveAsync(Instance, safety))
                {
                }
                break;
            case "delete":
                await client.DeleteAsync(Instance, safety);
                break;
            case "bulk":
                await foreach (DicomPart _ in client.RetrieveBulkDataAsync("studies/1.2.3/bulk/1", new ByteRange(0, 9), safety))
                {
                }
                break;
        }
    }

    [Fact]
    public async Task A_gigabyte_DELETE_answer_is_not_read()
    {
        await using var server = await HostileServer.StartAsync((context, self) =>
        {
            context.Response.ContentType = "application/json";
            return self.StreamAsync(context, "{"u8.ToArray(), Filler(), GiB);
        });
        using var client = new DicomWebClient(server.Root);
        await client.DeleteAsync(Wado.Study("1.2.3"), Safety());
        Assert.InRange(server.BytesSent, 1, EarlyStop);
    }

    [Fact]
    public async Task A_gigabyte_STOW_response_fails_its_instances_with_the_limit_and_the_store_still_accounts_for_each()
    {
        List<string> files = await Files(_folder, 3);
        byte[] item = Encoding.ASCII.GetBytes("{\"00081150\":{\"vr\":\"UI\",\"Value\":[\"1.2.840.10008.5.1.4.1.1.7\"]},\"00081155\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}},");
        byte[] chunk = [.. Enumerable.Repeat(item, 1000).SelectMany(b => b)];
        await using var server = await HostileServer.StartAsync((context, self) =>
        {
            context.Response.ContentType = "application/dicom+json";
            return self.StreamAsync(context, "{\"00081199\":{\"vr\":\"SQ\",\"Value\":["u8.ToArray(), chunk, GiB);
        });
        using var client = new DicomWebClient(server.Root);
        StowResult result = await client.StoreAsync(files, new StowOptions { MaxInstancesPerRequest = 2 }, cancellationToken: Safety());
        Assert.Equal(files, result.Failed.Select(f => f.Source));
        Assert.All(result.Failed, f =>
        {
            Assert.Contains("larger than 16777216 bytes (MaxStowResponseBytes)", f.Reason);
            Assert.Equal(HttpStatusCode.OK, f.StatusCode);
        });
        Assert.Empty(result.Stored);
        Assert.InRange(server.BytesSent, 1, 2 * EarlyStop);
    }

    [Fact]
    public async Task A_retrieve_canceled_mid_part_stops_reading_there_also_when_the_part_is_read_without_a_token()
    {
        await using var server = await HostileServer.StartAsync((context, self) =>
        {
            context.Response.ContentType = "multipart/related; type=\"application/dicom\"; boundary=b";
            return self.StreamAsync(context, "--b\r\nContent-Type: application/dicom\r\n\r\n"u8.ToArray(), Filler(), GiB);
        });
        using var client = new DicomWebClient(server.Root);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Safety());
        byte[] buffer = new byte[64 * 1024];
        long read = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (DicomPart part in client.RetrieveAsync(Instance, cancel.Token))
            {
                int n;
                while ((n = await part.Content.ReadAsync(buffer)) > 0) // no token: the call's token still applies
                {
                    read += n;
                    if (read >= 1 << 20)
                        await cancel.CancelAsync();
                }
            }
        });
        Assert.InRange(read, 1 << 20, EarlyStop);
        Assert.InRange(server.BytesSent, 1 << 20, EarlyStop);
    }

    [Fact]
    public async Task A_retrieve_canceled_between_parts_does_not_read_the_rest_of_the_part_it_is_on()
    {
        await using var server = await HostileServer.StartAsync((context, self) =>
        {
            context.Response.ContentType = "multipart/related; type=\"application/dicom\"; boundary=b";
            return self.StreamAsync(context, "--b\r\nContent-Type: application/dicom\r\n\r\n"u8.ToArray(), Filler(), GiB);
        });
        using var client = new DicomWebClient(server.Root);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Safety());
        int parts = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (DicomPart part in client.RetrieveAsync(Instance, cancel.Token))
            {
                parts++;
                await cancel.CancelAsync(); // the caller lost interest in the rest of this gigabyte part
            }
        });
        Assert.Equal(1, parts);
        Assert.InRange(server.BytesSent, 1, EarlyStop);
    }
}
