namespace DicomWeb.Client;

/// <summary>
/// The copy buffers of a client's request bodies, handed from one request to the next: a store of
/// any size allocates about as many as it has requests in flight, not one per request (each is
/// 256 KiB, on the large object heap, where garbage stays until a full collection and shows as
/// working set). Kept here rather than in the shared array pool, whose per-thread caches hold what
/// is returned on other threads.
/// </summary>
internal sealed class CopyBuffers
{
    public const int Size = 256 * 1024;

    // More than a store keeps in flight by default (2) and a few concurrent calls: enough to reuse, few to hold.
    private const int Kept = 4;

    private readonly Stack<byte[]> _free = new();

    public byte[] Rent()
    {
        lock (_free)
        {
            if (_free.TryPop(out byte[]? buffer))
                return buffer;
        }
        return GC.AllocateUninitializedArray<byte>(Size);
    }

    public void Return(byte[] buffer)
    {
        lock (_free)
        {
            if (_free.Count < Kept)
                _free.Push(buffer);
        }
    }
}
