using System.Buffers;
using System.IO.Pipelines;

namespace DicomWeb.Server.Http;

/// <summary>
/// The body's writer, held back at first: what is written goes into a buffer of its own until
/// <see cref="Release"/>, which hands the buffer to the response and from then on writes straight
/// to it. The JSON writer on top keeps its state (inside the array, after which result) across
/// the switch, so the answer is one array either way; until the release, the status and headers
/// can still change.
/// </summary>
internal sealed class HeldBodyWriter(PipeWriter body) : IBufferWriter<byte>
{
    private ArrayBufferWriter<byte>? _held = new();

    /// <summary>Bytes written and held.</summary>
    public int HeldBytes => _held?.WrittenCount ?? 0;

    public bool IsReleased => _held is null;

    /// <summary>Hands what is held to the body; later writes go straight to it.</summary>
    public void Release()
    {
        if (_held is null)
            return;
        body.Write(_held.WrittenSpan);
        _held = null;
    }

    public void Advance(int count)
    {
        if (_held is not null)
            _held.Advance(count);
        else
            body.Advance(count);
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => _held?.GetMemory(sizeHint) ?? body.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => _held is not null ? _held.GetSpan(sizeHint) : body.GetSpan(sizeHint);
}
