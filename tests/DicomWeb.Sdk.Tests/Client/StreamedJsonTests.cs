using System.Text;
using DicomWeb.Client;
using DicomWeb.Json;

namespace DicomWeb.Sdk.Tests.Client;

/// <summary>
/// Search and metadata bodies are read with DicomJson.DeserializeAsyncEnumerable as they arrive:
/// the results must be those of the whole body, whatever the read sizes (network reads split
/// strings, escapes and nesting anywhere), and an object over the client's limit is refused.
/// </summary>
public class StreamedJsonTests
{
    /// <summary>A stream that hands out at most a few bytes per read, to put every boundary mid-token.</summary>
    private sealed class Trickle(byte[] bytes, Random random) : Stream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, random.Next(1, 8)), bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static async Task<List<DicomDataset>> Read(byte[] body, int seed = 1, int max = 1 << 20)
    {
        var items = new List<DicomDataset>();
        await foreach (DicomDataset item in DicomJson.DeserializeAsyncEnumerable(new Trickle(body, new Random(seed)), new DicomJsonReadOptions { MaxDatasetBytes = max }))
            items.Add(item);
        return items;
    }

    // Text values full of what a naive scanner trips on: quotes, backslashes, braces, brackets, non-ASCII.
    private static readonly string[] Tricky = ["a\"b", "c\\", "\\\"", "{[}]", "\\\\\"{", "é中😀", "", "x\\\\"];

    [Fact]
    public async Task Arrays_with_tricky_strings_split_exactly_as_the_whole_array_parses_for_any_read_sizes()
    {
        var random = new Random(12);
        for (int round = 0; round < 300; round++)
        {
            var datasets = Enumerable.Range(0, random.Next(0, 6)).Select(i =>
            {
                var ds = new DicomDataset().Set(DicomTags.StudyDescription, Tricky[random.Next(Tricky.Length)] + i + Tricky[random.Next(Tricky.Length)]);
                if (random.Next(2) == 0)
                    ds.Set(DicomTags.ReferencedSOPSequence, [new DicomDataset().Set(DicomTags.ReferencedSOPInstanceUID, "1.2." + i)]);
                return ds;
            }).ToList();
            string json = Encoding.UTF8.GetString(DicomJson.SerializeToUtf8Bytes(datasets));
            if (random.Next(2) == 0)
                json = " \r\n" + json.Replace(",", " ,\n ") + "\t ";
            byte[] body = Encoding.UTF8.GetBytes(json);
            List<DicomDataset> items = await Read(body, seed: round);
            Assert.Equal(DicomJson.DeserializeArray(body).Select(DicomJson.Serialize), items.Select(DicomJson.Serialize));
        }
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("  ", 0)]
    [InlineData("[]", 0)]
    [InlineData("[ ]", 0)]
    [InlineData("{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2\"]}}", 1)]
    public async Task Empty_bodies_empty_arrays_a_byte_order_mark_and_a_lone_object_are_read(string json, int count) =>
        Assert.Equal(count, (await Read(Encoding.UTF8.GetBytes(json))).Count);

    [Fact]
    public async Task An_object_over_the_limit_is_refused_and_one_under_it_is_read()
    {
        byte[] one = DicomJson.SerializeToUtf8Bytes(new DicomDataset().Set(DicomTags.StudyDescription, new string('x', 5000)));
        byte[] body = [(byte)'[', .. one, (byte)']'];
        Assert.Single(await Read(body, max: one.Length + 8)); // the reader refuses an object of exactly the limit: a little room

        var error = await Assert.ThrowsAsync<DicomJsonException>(() => Read(body, max: one.Length - 1));
        Assert.Contains($"larger than {one.Length - 1} bytes", error.Message);
    }
}
