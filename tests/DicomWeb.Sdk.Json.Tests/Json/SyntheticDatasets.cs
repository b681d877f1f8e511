using static DicomWeb.DicomTags;

namespace DicomWeb.Sdk.Json.Tests.Json;

/// <summary>Random data sets over every VR, built through the public setters, for round-trip tests.</summary>
internal static class SyntheticDatasets
{
    private static readonly string[] Words = ["CT", "MR", "ACME^1", "Ünïcödé", "a\"quote", "back\\slash", "tab\there", "日本語", "x&y<z>", "+/="];

    public static DicomDataset Random(Random random, int depth)
    {
        var dataset = new DicomDataset();
        if (random.Next(2) == 0) dataset.Set(PatientName, Names(random));
        if (random.Next(2) == 0) dataset.Set(ModalitiesInStudy, Strings(random));
        if (random.Next(2) == 0) dataset.Set(StudyInstanceUID, $"1.2.826.0.1.{random.Next()}.{random.Next(1000)}");
        if (random.Next(2) == 0) dataset.Set(StudyDate, new DicomDate(DateOnly.FromDayNumber(random.Next(700000, 740000))));
        if (random.Next(2) == 0) dataset.Set(StudyTime, new DicomTime(TimeOnly.FromTimeSpan(TimeSpan.FromMilliseconds(random.Next(86_400_000)))));
        if (random.Next(2) == 0) dataset.Set(AcquisitionDateTime, new DicomDateTime(new DateTimeOffset(2025, 1, 15, 14, 30, 5, TimeSpan.FromHours(random.Next(-12, 13)))));
        if (random.Next(2) == 0) dataset.Set(PatientAge, $"{random.Next(100):000}Y");
        if (random.Next(2) == 0) dataset.Set(ImagePositionPatient, Doubles(random));
        if (random.Next(2) == 0) dataset.Set(InstanceNumber, random.Next(int.MinValue, int.MaxValue));
        if (random.Next(2) == 0) dataset.Set(Rows, (ushort)random.Next(65536));
        if (random.Next(2) == 0) dataset.Set(SmallestImagePixelValue, random.Next(-32768, 32768));
        if (random.Next(2) == 0) dataset.Set(SelectorUVValue, (ulong)random.NextInt64() * 2, ulong.MaxValue);
        if (random.Next(2) == 0) dataset.Set(SelectorSVValue, random.NextInt64(), long.MinValue);
        if (random.Next(2) == 0) dataset.Set(DiffusionBValue, random.NextDouble() * 1e6, double.Epsilon, -0.0);
        if (random.Next(2) == 0) dataset.Set(RecommendedDisplayFrameRateInFloat, (float)random.NextDouble(), float.MaxValue);
        if (random.Next(2) == 0) dataset.Set(DimensionIndexPointer, new DicomTag((uint)random.NextInt64(0, uint.MaxValue)), PatientName);
        if (random.Next(2) == 0) dataset.Set(PixelData, DicomBulkData.FromBytes(Bytes(random)));
        if (random.Next(3) == 0) dataset.Set(new BinaryTag(new DicomTag(0x7FE0, 0x0008), DicomVR.OF), DicomBulkData.FromUri($"https://pacs.example/bulk/{random.Next()}?a=1&b=2"));
        if (random.Next(3) == 0) dataset.SetEmpty(ReferringPhysicianName);
        if (random.Next(3) == 0) dataset.Set(new StringTag(new DicomTag(0x0009, 0x0010), DicomVR.LO), "ACME 1.0");
        if (random.Next(3) == 0) dataset.Set(new NumberTag<short>(new DicomTag(0x0009, 0x1001), DicomVR.SS), (short)random.Next(-32768, 32768));
        if (depth < 3 && random.Next(2) == 0)
            dataset.Set(ReferencedSeriesSequence, Enumerable.Range(0, random.Next(4)).Select(_ => Random(random, depth + 1)).ToArray());
        return dataset;
    }

    private static string[] Strings(Random random) =>
        Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(5) == 0 ? "" : Words[random.Next(Words.Length)]).ToArray();

    private static PersonName[] Names(Random random) =>
        Enumerable.Range(0, random.Next(1, 3)).Select(_ => random.Next(4) switch
        {
            0 => PersonName.Empty,
            1 => new PersonName("Yamada^Tarou", "山田^太郎", "やまだ^たろう"),
            2 => PersonName.FromComponents(Words[random.Next(Words.Length)], "Jane", nameSuffix: "Jr"),
            _ => new PersonName(null, "山田"),
        }).ToArray();

    private static double[] Doubles(Random random) =>
        Enumerable.Range(0, random.Next(1, 4)).Select(_ => Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 12)), random.Next(0, 8))).ToArray();

    private static byte[] Bytes(Random random)
    {
        byte[] bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        return bytes;
    }
}
