using System.Text;
using DicomWeb.Json;

namespace DicomWeb.Sdk.Json.Tests.Json;

/// <summary>
/// What reading costs in memory beyond the results (issue #21): counted with the thread's
/// allocation counter, not timed. MemoryStream reads complete at once, so the whole read stays
/// on the test's thread.
/// </summary>
public class ReadAllocationTests
{
    private static byte[] Studies(int count)
    {
        var json = new StringBuilder("[");
        for (int i = 0; i < count; i++)
            json.Append(i == 0 ? "" : ",")
                .Append("""{"00080020":{"vr":"DA","Value":["20250115"]},"0020000D":{"vr":"UI","Value":["1.2.3.""")
                .Append(i)
                .Append("""
                    "]},"00201208":{"vr":"IS","Value":[7]}}
                    """);
        return Encoding.UTF8.GetBytes(json.Append(']').ToString());
    }

    private static long AllocatedBy(Action read)
    {
        read(); // once first: the JIT, the pool's arrays
        long before = GC.GetAllocatedBytesForCurrentThread();
        read();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Reading_a_small_stream_does_not_allocate_a_64_KiB_buffer_each_time()
    {
        byte[] json = Studies(1);
        long allocated = AllocatedBy(() => DicomJson.DeserializeArray(new MemoryStream(json)));
        Assert.True(allocated < 16 * 1024, $"{allocated} bytes for one small object"); // the scanner's buffer is rented from the pool
    }

    [Fact]
    public void A_typed_stream_costs_per_object_about_the_model_and_its_values_only()
    {
        byte[] one = Studies(1), many = Studies(201);
        static void ReadAll(byte[] json)
        {
            var rows = DicomJson.DeserializeAsyncEnumerable<StudyRow>(new MemoryStream(json)).GetAsyncEnumerator();
            while (rows.MoveNextAsync().AsTask().GetAwaiter().GetResult())
                Assert.NotNull(rows.Current.StudyInstanceUID);
            rows.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        long perObject = (AllocatedBy(() => ReadAll(many)) - AllocatedBy(() => ReadAll(one))) / 200;
        // A StudyRow (with its empty list) and a UID string are about 100 bytes; a parse state per object was several hundred more.
        Assert.True(perObject < 200, $"{perObject} bytes per object");
    }
}
