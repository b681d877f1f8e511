namespace DicomWeb.Client;

/// <summary>An input checked before sending: its SOP UIDs, its length, and how its part is read.</summary>
internal sealed class PreparedInstance(int index, StowInstance input)
{
    public int Index { get; } = index;
    public StowInstance Input { get; } = input;
    public DicomDataset? Dataset => Input.Dataset;
    public string? SopClassUid { get; set; }
    public string? SopInstanceUid { get; set; }

    /// <summary>The data set's own SOP Instance UID, when it could be read and differs from the file meta information's.</summary>
    public string? DatasetSopInstanceUid { get; set; }
    public long? Length { get; set; }
    public string? Error { get; set; }

    /// <summary>A non-seekable stream already opened (its head read): sent once.</summary>
    public Stream? OneShot { get; set; }

    /// <summary>The JSON flavour: the data set's DICOM JSON and its bulk data parts.</summary>
    public byte[]? Json { get; set; }
    public List<OutgoingPart>? BulkParts { get; set; }

    /// <summary>The size used to split requests (unknown lengths count as nothing).</summary>
    public long Bytes => Length ?? 0;

    public Stream OpenPart10()
    {
        if (OneShot is { } once)
        {
            OneShot = null;
            return once;
        }
        return Input.IsReplayable ? Input.Open() : throw new InvalidOperationException($"{Input.Source} cannot be read a second time");
    }
}

/// <summary>Bytes already read from a stream followed by the rest of it.</summary>
internal sealed class ConcatenatedStream(ReadOnlyMemory<byte> head, Stream rest) : ReadOnlyStream
{
    private ReadOnlyMemory<byte> _head = head;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_head.IsEmpty)
            return await rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        int count = Math.Min(buffer.Length, _head.Length);
        _head[..count].CopyTo(buffer);
        _head = _head[count..];
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            rest.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>A read-only stream over memory (a bulk data value), without copying it.</summary>
internal sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> bytes) : ReadOnlyStream
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        int count = Math.Min(buffer.Length, bytes.Length - _position);
        bytes.Span.Slice(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
}
