using System.Text;
using DicomWeb.Json;
using DicomWeb.Sdk.Json.Tests.Json.Streams;
using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Json;

/// <summary>
/// A JSON string is its text: a value written with escapes ("\u0034\u0032") is the value written
/// without them ("42") for every reader (fast, general, streamed, typed) and every getter (#25).
/// And FL is refused out of a float's range as FD is out of a double's.
/// </summary>
public class EscapedValueTests
{
    // IS 42, DS 1.5, US 512 as a string (tolerated), UV as a string, FD as a string, AT, and a key and a VR escaped too.
    private const string Escaped = """
        {"00080054":{"vr":"AE","Value":["A\/B"]},
         "00181063":{"vr":"DS","Value":["\u0031.5"]},
         "\u0030\u0030\u0032\u0030\u0030\u0030\u0031\u0033":{"vr":"\u0049S","Value":["\u0034\u0032"]},
         "00200032":{"vr":"DS","Value":["\u002D1","2","3"]},
         "00280010":{"vr":"US","Value":["\u0035\u0031\u0032"]},
         "00291010":{"vr":"UV","Value":["\u0031\u0038446744073709551615"]},
         "00291011":{"vr":"FD","Value":["\u0032.5"]},
         "00291012":{"vr":"AT","Value":["\u0030\u0030\u0031\u0030\u0030\u0030\u0031\u0030"]}}
        """;

    private const string Plain = """{"00080054":{"vr":"AE","Value":["A/B"]},"00181063":{"vr":"DS","Value":[1.5]},"00200013":{"vr":"IS","Value":[42]},"00200032":{"vr":"DS","Value":[-1,2,3]},"00280010":{"vr":"US","Value":[512]},"00291010":{"vr":"UV","Value":[18446744073709551615]},"00291011":{"vr":"FD","Value":[2.5]},"00291012":{"vr":"AT","Value":["00100010"]}}""";

    private static void AssertReadsAsPlain(DicomDataset dataset)
    {
        Assert.Equal(42, dataset.Get(InstanceNumber));
        Assert.Equal([42], dataset.GetAll(InstanceNumber));
        Assert.Equal(1.5, dataset.Get(FrameTime));
        Assert.Equal([-1.0, 2.0, 3.0], dataset.GetAll(ImagePositionPatient).Select(v => v!.Value));
        Assert.Equal((ushort)512, dataset.Get(Rows));
        Assert.Equal(18446744073709551615UL, dataset.Get(new NumberTag<ulong>(new DicomTag(0x0029, 0x1010), DicomVR.UV)));
        Assert.Equal(2.5, dataset.Get(new NumberTag<double>(new DicomTag(0x0029, 0x1011), DicomVR.FD)));
        Assert.Equal(new DicomTag(0x0010, 0x0010), dataset.Get(new AttributeTagTag(new DicomTag(0x0029, 0x1012), DicomVR.AT)));
        Assert.Equal("A/B", dataset.Get(RetrieveAETitle));
        Assert.Equal(["42"], dataset.GetStrings(InstanceNumber.Tag));
        Assert.Equal(Plain, DicomJson.Serialize(dataset));
    }

    [Fact]
    public async Task Escaped_digits_are_the_number_for_every_reader_and_getter()
    {
        byte[] json = Encoding.UTF8.GetBytes(Escaped);
        byte[] array = Encoding.UTF8.GetBytes("[" + Escaped + "," + Escaped + "]");

        AssertReadsAsPlain(DicomJson.Deserialize(json));
        AssertReadsAsPlain(DicomJsonParser.ParseObjectGeneral(json, DicomJsonReadOptions.Default));
        Assert.All(DicomJson.DeserializeArray(array), AssertReadsAsPlain);
        Assert.All(DicomJsonParser.ParseArrayGeneral(array, DicomJsonReadOptions.Default), AssertReadsAsPlain);
        AssertReadsAsPlain(DicomJson.Deserialize(new ChunkedStream(json, 7)));
        AssertReadsAsPlain(await DicomJson.DeserializeAsync(new ChunkedStream(json, 7)));
        Assert.All(DicomJson.DeserializeArray(new ChunkedStream(array, 5)), AssertReadsAsPlain);
        int streamed = 0;
        await foreach (DicomDataset dataset in DicomJson.DeserializeAsyncEnumerable(new ChunkedStream(array, 3)))
        {
            AssertReadsAsPlain(dataset);
            streamed++;
        }
        Assert.Equal(2, streamed);
        // The same bytes, escapes and all, are what the canonical writer's re-read and the serializer see.
        AssertReadsAsPlain(System.Text.Json.JsonSerializer.Deserialize(json, DicomJson.DatasetTypeInfo)!);
    }

    [Fact]
    public async Task Escaped_digits_are_the_number_for_typed_models_from_bytes_and_streams()
    {
        byte[] json = Encoding.UTF8.GetBytes(Escaped);
        byte[] array = Encoding.UTF8.GetBytes("[" + Escaped + "]");
        void AssertRow(InstanceRow row)
        {
            Assert.Equal(42, row.Number);
            Assert.Equal(512, row.Rows);
            Assert.Equal([-1.0, 2.0, 3.0], row.ImagePositionPatient);
        }

        AssertRow(DicomJson.Deserialize<InstanceRow>(json));
        AssertRow(Assert.Single(DicomJson.DeserializeArray<InstanceRow>(array)));
        AssertRow(Assert.Single(DicomJson.DeserializeArrayGeneral<InstanceRow>(array)));
        var typed = new List<InstanceRow>();
        await foreach (InstanceRow row in DicomJson.DeserializeAsyncEnumerable<InstanceRow>(new ChunkedStream(array, 4)))
            typed.Add(row);
        AssertRow(Assert.Single(typed));
        FastPathRow fast = Assert.Single(DicomJson.DeserializeArray<FastPathRow>(array));
        Assert.Equal(42, fast.InstanceNumber);
    }

    [Fact]
    public async Task A_data_set_with_escaped_numbers_saves_to_Part_10_with_the_numbers()
    {
        DicomDataset dataset = DicomJson.Deserialize(Escaped);
        using var file = new MemoryStream();
        await DicomFile.Create(dataset).SaveAsync(file);
        DicomDataset back = DicomFile.Open(file.ToArray()).Dataset;
        Assert.Equal(42, back.Get(InstanceNumber));
        Assert.Equal((ushort)512, back.Get(Rows));
        Assert.Equal(new DicomTag(0x0010, 0x0010), back.Get(new AttributeTagTag(new DicomTag(0x0029, 0x1012), DicomVR.AT)));
    }

    [Fact]
    public void An_escape_that_is_not_UTF16_in_number_text_is_refused_with_its_place()
    {
        // A lone surrogate where digits should be: refused by every reader, as it is in text.
        string json = """{"00200013":{"vr":"IS","Value":["4\uD800"]}}""";
        foreach (Func<DicomJsonException> read in new Func<DicomJsonException>[]
        {
            () => Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(json)),
            () => Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize<InstanceRow>(Encoding.UTF8.GetBytes(json))),
        })
        {
            DicomJsonException error = read();
            Assert.Equal("$.00200013.Value[0]", error.Path);
            Assert.Equal(json.IndexOf("\"4", StringComparison.Ordinal), error.BytePosition);
        }
    }

    [Theory]
    [InlineData("FL", "1e39", "a FL value must be a number a float (FL) can hold, not the number 1e39")]
    [InlineData("FL", "-3.5e38", "a FL value must be a number a float (FL) can hold, not the number -3.5e38")]
    [InlineData("FL", "\"1e39\"", "a FL value must be a number a float (FL) can hold, not the string \"1e39\"")]
    [InlineData("FD", "1e309", "a FD value must be a number a double (FD) can hold, not the number 1e309")]
    [InlineData("FD", "\"1e309\"", "a FD value must be a number a double (FD) can hold, not the string \"1e309\"")]
    public async Task Floats_out_of_their_VR_range_are_refused_alike_by_every_reader(string vr, string value, string reason)
    {
        string json = $$$"""{"00291010":{"vr":"{{{vr}}}","Value":[1,{{{value}}}]}}""";
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        long at = json.IndexOf(value, StringComparison.Ordinal);
        var errors = new List<DicomJsonException>
        {
            Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize(bytes)),
            Assert.Throws<DicomJsonException>(() => DicomJsonParser.ParseObjectGeneral(bytes, DicomJsonReadOptions.Default)),
            Assert.Throws<DicomJsonException>(() => DicomJson.DeserializeArray(bytes)),
            Assert.Throws<DicomJsonException>(() => DicomJson.Deserialize<InstanceRow>(bytes)),
            Assert.Throws<DicomJsonException>(() => DicomJson.DeserializeArray<InstanceRow>(bytes)),
            await Assert.ThrowsAsync<DicomJsonException>(() => DicomJson.DeserializeAsync(new ChunkedStream(bytes, 3))),
        };
        foreach (DicomJsonException error in errors)
        {
            Assert.Equal(reason, error.Reason);
            Assert.Equal("$.00291010.Value[1]", error.Path);
            Assert.Equal(at, error.BytePosition);
        }
    }

    [Theory]
    [InlineData("FL", "3.4028234e38")]
    [InlineData("FL", "-3.4028234e38")]
    [InlineData("FL", "1e-50")] // underflows to 0 as FD's 1e-400 does: in range
    [InlineData("FD", "1.7976931348623157e308")]
    public void Floats_at_the_edge_of_their_range_are_read(string vr, string value)
    {
        string json = $$$"""{"00291010":{"vr":"{{{vr}}}","Value":[{{{value}}}]}}""";
        DicomDataset fast = DicomJson.Deserialize(json);
        DicomDataset general = DicomJsonParser.ParseObjectGeneral(Encoding.UTF8.GetBytes(json), DicomJsonReadOptions.Default);
        Assert.Equal(fast, general);
        Assert.True(float.IsFinite(fast.Get(new NumberTag<float>(new DicomTag(0x0029, 0x1010), DicomVR.FL))!.Value) || vr == "FD");
    }
}
