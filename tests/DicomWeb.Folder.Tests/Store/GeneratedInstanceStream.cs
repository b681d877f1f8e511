using System.Buffers.Binary;
using System.Security.Cryptography;
using DicomWeb.Tests;
using static DicomWeb.DicomTags;

namespace DicomWeb.Folder.Tests.Store;

/// <summary>
/// A Part 10 instance of any size made while it is read: the head of a multi-frame secondary
/// capture, then 8-bit pixel data computed byte by byte, never held. It hashes what it hands out,
/// so the stored file can be compared with it without keeping either.
/// </summary>
internal sealed class GeneratedInstanceStream : Stream
{
    private readonly byte[] _head;
    private readonly long _pixelBytes;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;

    public GeneratedInstanceStream(string study, string series, string sop, int rows, int columns, int frames)
    {
        DicomDataset dataset = SyntheticInstances.Create(study, series, sop, rows: 1, columns: 1);
        dataset.Set(Rows, (ushort)rows).Set(Columns, (ushort)columns).Set(NumberOfFrames, frames);
        dataset.Remove(PixelData.Tag);
        dataset.Set(SOPClassUID, DicomUids.MultiFrameGrayscaleByteSecondaryCaptureImageStorage);
        using var buffer = new MemoryStream();
        DicomFile.Create(dataset).SaveAsync(buffer).GetAwaiter().GetResult();
        _pixelBytes = (long)rows * columns * frames;
        // Pixel Data (7FE0,0010) OB, explicit VR little endian: tag, VR, two reserved bytes, 32-bit length.
        Span<byte> element = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(element, 0x7FE0);
        BinaryPrimitives.WriteUInt16LittleEndian(element[2..], 0x0010);
        "OB"u8.CopyTo(element[4..]);
        BinaryPrimitives.WriteUInt32LittleEndian(element[8..], checked((uint)_pixelBytes));
        _head = [.. buffer.ToArray(), .. element];
        Length = _head.Length + _pixelBytes;
    }

    public override long Length { get; }

    /// <summary>The SHA-256 of everything read so far (of the whole instance once it is read to its end).</summary>
    public byte[] Sha256() => _hash.GetCurrentHash();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = (int)Math.Min(buffer.Length, Length - _position);
        for (int i = 0; i < n; i++)
        {
            long p = _position + i;
            buffer[i] = p < _head.Length ? _head[p] : (byte)((p - _head.Length) * 31 >> 3);
        }
        _hash.AppendData(buffer[..n]);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _hash.Dispose();
        base.Dispose(disposing);
    }
}
