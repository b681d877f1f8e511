using System.Text;
using DicomWeb.Client;

namespace DicomWeb.Sdk.Tests.Multipart;

/// <summary>
/// Cancellation: moving to the next part honours the enumeration's token, part reads honour their
/// own, whether the bytes are already buffered or the server has gone silent.
/// </summary>
public class MultipartCancellationTests
{
    private const string Boundary = "b0undary";

    private static readonly byte[] TwoParts = Encoding.ASCII.GetBytes(
        $"--{Boundary}\r\nContent-Type: text/plain\r\n\r\nfirst\r\n--{Boundary}\r\nContent-Type: text/plain\r\n\r\nsecond\r\n--{Boundary}--");

    private static MultipartRelatedReader Reader(Stream stream) => new(stream, Boundary, "test body");

    [Fact]
    public async Task Moving_to_the_next_part_stops_when_the_token_fires_even_with_the_part_buffered()
    {
        var reader = Reader(new MemoryStream(TwoParts));
        using var cancel = new CancellationTokenSource();
        Assert.NotNull(await reader.ReadNextPartAsync(cancel.Token));
        cancel.Cancel();
        // The whole body is in the reader's buffer: only the token can stop it here.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.ReadNextPartAsync(cancel.Token));
    }

    [Fact]
    public async Task A_part_read_stops_when_its_token_fires_even_with_the_bytes_buffered()
    {
        var reader = Reader(new MemoryStream(TwoParts));
        DicomPart part = (await reader.ReadNextPartAsync(CancellationToken.None))!;
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => part.Content.ReadAsync(new byte[100], cancel.Token).AsTask());
        // Not broken by it: a read without the canceled token goes on.
        Assert.Equal("first", await new StreamReader(part.Content).ReadToEndAsync());
    }

    [Fact]
    public async Task A_part_read_waiting_for_a_silent_server_ends_when_its_token_fires()
    {
        byte[] head = Encoding.ASCII.GetBytes($"--{Boundary}\r\n\r\nsome bytes, then silence");
        var reader = Reader(new ChunkedStream(head, [head.Length], silentAtEnd: true));
        DicomPart part = (await reader.ReadNextPartAsync(CancellationToken.None))!;
        using var cancel = new CancellationTokenSource();
        Task<int> read = part.Content.ReadAsync(new byte[100], cancel.Token).AsTask();
        int first = await read; // what arrived before the silence, short of a possible delimiter
        Assert.True(first > 0);
        Task<int> waiting = part.Content.ReadAsync(new byte[100], cancel.Token).AsTask();
        Assert.False(waiting.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Moving_to_the_next_part_waiting_for_a_silent_server_ends_when_the_token_fires()
    {
        byte[] head = Encoding.ASCII.GetBytes($"--{Boundary}\r\n\r\nan unread part that never ends");
        var reader = Reader(new ChunkedStream(head, [head.Length], silentAtEnd: true));
        Assert.NotNull(await reader.ReadNextPartAsync(CancellationToken.None));
        using var cancel = new CancellationTokenSource();
        Task<DicomPart?> next = reader.ReadNextPartAsync(cancel.Token); // skips the rest of the first part
        Assert.False(next.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }

    [Fact]
    public async Task A_transport_error_caused_by_the_token_is_a_cancellation_not_a_broken_body()
    {
        using var cancel = new CancellationTokenSource();
        byte[] head = Encoding.ASCII.GetBytes($"--{Boundary}\r\n\r\nabc");
        var reader = Reader(new ChunkedStream(head, [head.Length], failAtEnd: () =>
        {
            cancel.Cancel(); // as a socket closed by the token's registration reports it
            return new IOException("The operation was aborted.");
        }));
        DicomPart part = (await reader.ReadNextPartAsync(CancellationToken.None))!;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => part.Content.CopyToAsync(Stream.Null, 100, cancel.Token));
    }

    [Fact]
    public async Task A_single_part_body_read_stops_when_its_token_fires_and_a_transport_error_it_causes_is_a_cancellation()
    {
        using var cancel = new CancellationTokenSource();
        var silent = new SinglePartStream(new ChunkedStream("abc"u8.ToArray(), [10], silentAtEnd: true), null, new Uri("http://127.0.0.1:1/x"));
        Assert.Equal(3, await silent.ReadAsync(new byte[10], cancel.Token));
        Task<int> waiting = silent.ReadAsync(new byte[10], cancel.Token).AsTask();
        Assert.False(waiting.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        using var cancel2 = new CancellationTokenSource();
        var aborted = new SinglePartStream(new ChunkedStream("abc"u8.ToArray(), [10], failAtEnd: () =>
        {
            cancel2.Cancel();
            return new IOException("The operation was aborted.");
        }), null, new Uri("http://127.0.0.1:1/x"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => aborted.CopyToAsync(Stream.Null, 10, cancel2.Token));
    }
}
