using System.Text;
using System.Text.Json;
using DicomWeb.Json;
using DicomWeb.Tests;

namespace DicomWeb.Sdk.Json.Tests.Json;

/// <summary>Deserialize → Serialize → Deserialize gives an equal data set; canonical JSON comes back byte for byte.</summary>
public class RoundTripTests
{
    private static void AssertRoundTrips(byte[] json, string name)
    {
        DicomDataset first = DicomJson.Deserialize(json);
        byte[] canonical = DicomJson.SerializeToUtf8Bytes(first);
        DicomDataset second = DicomJson.Deserialize(canonical);
        Assert.True(first.Equals(second), $"{name}: the data set changed in a round trip");
        byte[] again = DicomJson.SerializeToUtf8Bytes(second);
        Assert.True(canonical.AsSpan().SequenceEqual(again), $"{name}: canonical JSON is not stable:\n{Encoding.UTF8.GetString(canonical)}\n{Encoding.UTF8.GetString(again)}");
    }

    [SharedDataFact("corpus/json")]
    public void Every_shared_json_sample_round_trips()
    {
        string[] files = Directory.GetFiles(Path.Combine(RepositoryPaths.Shared, "corpus", "json"), "*.json");
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            byte[] json = File.ReadAllBytes(file);
            AssertRoundTrips(json, Path.GetFileName(file));

            // Every element of the sample is kept: count the keys with a reader of our own.
            DicomDataset dataset = DicomJson.Deserialize(json);
            Assert.Equal(CountTopLevelKeys(json), dataset.Count);
        }
    }

    [Fact]
    public void A_generated_corpus_round_trips_and_its_canonical_json_is_byte_identical()
    {
        var random = new Random(20261125);
        for (int i = 0; i < 300; i++)
        {
            DicomDataset dataset = SyntheticDatasets.Random(random, depth: 0);
            byte[] canonical = DicomJson.SerializeToUtf8Bytes(dataset);
            AssertRoundTrips(canonical, $"dataset {i}");
            Assert.True(canonical.AsSpan().SequenceEqual(DicomJson.SerializeToUtf8Bytes(DicomJson.Deserialize(canonical))), $"dataset {i}");
            Assert.Equal(dataset, DicomJson.Deserialize(canonical));
        }
    }

    [Fact]
    public void Arrays_round_trip_and_a_lone_object_reads_as_one_result()
    {
        var random = new Random(7);
        var datasets = Enumerable.Range(0, 20).Select(_ => SyntheticDatasets.Random(random, depth: 0)).ToList();
        byte[] json = DicomJson.SerializeToUtf8Bytes(datasets);
        Assert.Equal(datasets, DicomJson.DeserializeArray(json));

        var single = DicomJson.DeserializeArray(DicomJson.SerializeToUtf8Bytes(datasets[0]));
        Assert.Equal(datasets[0], Assert.Single(single));
        Assert.Empty(DicomJson.DeserializeArray("[]"));
    }

    [Fact]
    public async Task Stream_variants_read_and_write_the_same_bytes()
    {
        var datasets = Enumerable.Range(0, 5).Select(i => SyntheticDatasets.Random(new Random(i), depth: 0)).ToList();
        using var stream = new MemoryStream();
        await DicomJson.SerializeAsync(stream, datasets);
        Assert.Equal(DicomJson.SerializeToUtf8Bytes(datasets), stream.ToArray());
        stream.Position = 0;
        Assert.Equal(datasets, await DicomJson.DeserializeArrayAsync(stream));

        using var one = new MemoryStream();
        await DicomJson.SerializeAsync(one, datasets[1]);
        one.Position = 0;
        Assert.Equal(datasets[1], await DicomJson.DeserializeAsync(one));
    }

    [Fact]
    public void JsonSerializer_uses_the_converter_through_type_info_without_reflection()
    {
        var dataset = SyntheticDatasets.Random(new Random(3), depth: 0);
        string json = JsonSerializer.Serialize(dataset, DicomJson.DatasetTypeInfo);
        Assert.Equal(DicomJson.Serialize(dataset), json);
        Assert.Equal(dataset, JsonSerializer.Deserialize(json, DicomJson.DatasetTypeInfo));

        DicomDataset[] array = [dataset, new DicomDataset()];
        string arrayJson = JsonSerializer.Serialize(array, DicomJson.DatasetArrayTypeInfo);
        Assert.Equal(array, JsonSerializer.Deserialize(arrayJson, DicomJson.DatasetArrayTypeInfo)!);

        var error = Assert.Throws<DicomJsonException>(() => JsonSerializer.Deserialize("""{"0010":{"vr":"PN"}}""", DicomJson.DatasetTypeInfo));
        Assert.Contains("not eight hex digits", error.Message, StringComparison.Ordinal);
    }

    private static int CountTopLevelKeys(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        int count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            count++;
            reader.Read();
            reader.Skip();
        }
        return count;
    }
}
