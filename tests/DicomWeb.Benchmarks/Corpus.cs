using System.Buffers;
using System.Reflection;
using System.Text.Json;
using DicomWeb;
using DicomWeb.Json;

namespace DicomWeb.Benchmarks;

/// <summary>
/// The benchmark corpora, made from a fixed seed so every run measures the same bytes: each is
/// one DICOM JSON array, written with Utf8JsonWriter (not with the code under test).
/// </summary>
public static class Corpus
{
    public const string Qido = "QIDO 1,000 studies";
    public const string Metadata = "WADO metadata 500 CT";
    public const string Report = "SR-like nested";
    public const string Binary = "InlineBinary";

    // #26: the shapes real servers write, made here: Orthanc's layout (pretty-printed, "Value" before "vr",
    // non-ASCII as \u escapes, '/' escaped in URLs), and canonical text with escapes (CR LF, quotes).
    public const string OrthancQido = "Orthanc-style QIDO 1,000 studies";
    public const string OrthancMetadata = "Orthanc-style metadata 300 CT";
    public const string TextEscapes = "CT metadata 500, text with escapes";

    public static IReadOnlyList<string> Names { get; } = [Qido, Metadata, Report, Binary, OrthancQido, OrthancMetadata, TextEscapes];

    private static readonly Dictionary<string, (byte[] Json, int Elements)> Made = new();

    public static (byte[] Json, int Elements) Get(string name)
    {
        lock (Made)
        {
            if (!Made.TryGetValue(name, out var corpus))
                Made[name] = corpus = Make(name);
            return corpus;
        }
    }

    private static (byte[] Json, int Elements) Make(string name)
    {
        var random = new Random(20261125);
        var buffer = new ArrayBufferWriter<byte>();
        int elements = 0;
        using (var w = new Utf8JsonWriter(buffer, DicomJson.CanonicalWriterOptions))
        {
            w.WriteStartArray();
            switch (name)
            {
                case Qido:
                    for (int i = 0; i < 1000; i++) elements += Study(w, random, i);
                    break;
                case Metadata:
                    for (int i = 0; i < 500; i++) elements += CtInstance(w, random, i);
                    break;
                case Report:
                    for (int i = 0; i < 3; i++) elements += Sr(w, random);
                    break;
                case Binary:
                    for (int i = 0; i < 200; i++) elements += WithInlineBinary(w, random, i);
                    break;
                case OrthancQido:
                    for (int i = 0; i < 1000; i++) elements += Study(w, random, i, realText: true);
                    break;
                case OrthancMetadata:
                    for (int i = 0; i < 300; i++) elements += CtInstance(w, random, i, realText: true);
                    break;
                case TextEscapes:
                    for (int i = 0; i < 500; i++) elements += CtInstance(w, random, i, realText: true);
                    break;
            }
            w.WriteEndArray();
        }
        byte[] json = buffer.WrittenSpan.ToArray();
        return (name is OrthancQido or OrthancMetadata ? OrthancStyle.Rewrite(json) : json, elements);
    }

    // Text as archives hold it: names and places outside ASCII, quotes, slashes, line breaks.
    private static readonly string[] FamilyNames = ["Müller", "Ødegård", "Nuñez", "Dvořák", "O'Brien", "García", "Łukasiewicz", "Schröder", "Smith", "Björk"];
    private static readonly string[] GivenNames = ["Jürgen", "Zoë", "José", "Anaïs", "John", "Søren", "Renée", "Łucja"];

    private static string RealName(Random r) => $"{FamilyNames[r.Next(FamilyNames.Length)]}^{GivenNames[r.Next(GivenNames.Length)]}";

    private static int Study(Utf8JsonWriter w, Random r, int i, bool realText = false)
    {
        var e = new ElementWriter(w);
        w.WriteStartObject();
        e.Strings(0x00080005, "CS", "ISO_IR 192");
        e.Strings(0x00080020, "DA", $"2025{r.Next(1, 13):00}{r.Next(1, 29):00}");
        e.Strings(0x00080030, "TM", $"{r.Next(24):00}{r.Next(60):00}{r.Next(60):00}.{r.Next(1000000):000000}");
        e.Strings(0x00080050, "SH", $"ACC{r.Next(1000000):000000}");
        e.Strings(0x00080061, "CS", r.Next(3) == 0 ? ["CT", "PT"] : ["MR"]);
        e.Name(0x00080090, realText ? "Schröder^Renée^Dr." : "Referrer^Doctor");
        e.Strings(0x00081030, "LO", realText ? $"CT \"low dose\" thorax/abdomen {i}" : $"Study description {i}");
        e.Strings(0x00081190, "UR", $"http://127.0.0.1:8042/dicom-web/studies/1.2.826.0.1.3680043.8.498.{r.Next()}");
        e.Name(0x00100010, realText ? RealName(r) : $"Patient{i}^Given^M");
        e.Strings(0x00100020, "LO", $"PID{i:000000}");
        e.Strings(0x00100030, "DA", $"19{r.Next(30, 99)}0101");
        e.Strings(0x00100040, "CS", r.Next(2) == 0 ? "F" : "M");
        e.Strings(0x0020000D, "UI", $"1.2.826.0.1.3680043.8.498.{r.Next()}.{i}");
        e.Strings(0x00200010, "SH", $"{i}");
        e.Numbers(0x00201206, "IS", r.Next(1, 12));
        e.Numbers(0x00201208, "IS", r.Next(1, 3000));
        w.WriteEndObject();
        return e.Count;
    }

    private static readonly (uint Tag, string VR)[] Fillers = typeof(DicomTags).GetProperties(BindingFlags.Public | BindingFlags.Static)
        .Where(p => p.GetCustomAttribute<ObsoleteAttribute>() is null)
        .Select(p => p.GetValue(null)).OfType<IDicomTag>()
        .Where(t => t.VR != DicomVR.SQ && t.VR != DicomVR.OB && t.VR != DicomVR.OW && t.VR != DicomVR.OF && t.VR != DicomVR.OD && t.VR != DicomVR.OL && t.VR != DicomVR.OV && t.VR != DicomVR.UN && !t.Tag.Group.Equals((ushort)2) && t.Tag.Group > 8)
        .Select(t => (t.Tag.Value, t.VR.ToString()))
        .OrderBy(t => t.Item1)
        .ToArray();

    private static int CtInstance(Utf8JsonWriter w, Random r, int i, bool realText = false)
    {
        // About 120 attributes: the usual CT ones, nested sequences, multi-valued DS, a BulkDataURI, and fillers of every VR.
        var chosen = new SortedDictionary<uint, Action<ElementWriter>>
        {
            [0x00080016] = e => e.Strings(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.2"),
            [0x00080018] = e => e.Strings(0x00080018, "UI", $"1.2.826.0.1.3680043.8.498.{r.Next()}.{i}"),
            [0x00080060] = e => e.Strings(0x00080060, "CS", "CT"),
            [0x00081140] = e => e.Sequence(0x00081140, 3, (item, n) =>
            {
                item.Strings(0x00081150, "UI", "1.2.840.10008.5.1.4.1.1.2");
                item.Strings(0x00081155, "UI", $"1.2.826.0.1.3680043.8.498.{r.Next()}.{n}");
            }),
            [0x00100010] = e => e.Name(0x00100010, "Doe^Jane"),
            [0x0020000D] = e => e.Strings(0x0020000D, "UI", "1.2.826.0.1.3680043.8.498.1"),
            [0x00200032] = e => e.Numbers(0x00200032, "DS", -250.5 + r.Next(100), -180.25, -1000 + i * 1.25),
            [0x00200037] = e => e.Numbers(0x00200037, "DS", 1, 0, 0, 0, 1, 0),
            [0x00280030] = e => e.Numbers(0x00280030, "DS", 0.48828125, 0.48828125),
            [0x00281050] = e => e.Numbers(0x00281050, "DS", 40, 400),
            [0x00281051] = e => e.Numbers(0x00281051, "DS", 400, 1500),
            [0x00280010] = e => e.Numbers(0x00280010, "US", 512),
            [0x00280011] = e => e.Numbers(0x00280011, "US", 512),
            [0x00400260] = e => e.Sequence(0x00400260, 1, (item, _) =>
            {
                item.Strings(0x00080100, "SH", "P5-0800");
                item.Strings(0x00080102, "SH", "SRT");
                item.Strings(0x00080104, "LO", "CT of chest");
            }),
            [0x7FE00010] = e => e.BulkDataUri(0x7FE00010, "OW", $"http://127.0.0.1:8042/dicom-web/studies/1/series/2/instances/{i}/bulk/7FE00010"),
        };
        if (realText)
        {
            chosen[0x00080080] = e => e.Strings(0x00080080, "LO", "Universitätsklinikum Süd");
            chosen[0x00080081] = e => e.Strings(0x00080081, "ST", $"Hauptstraße {i % 90 + 1}\r\n80331 München\r\nDeutschland");
            chosen[0x0008103E] = e => e.Strings(0x0008103E, "LO", "Thorax \"Standard\" 1.25mm/0.8");
            chosen[0x00100010] = e => e.Name(0x00100010, RealName(r));
            chosen[0x00204000] = e => e.Strings(0x00204000, "LT", "Contrast: \"Imeron 350\", 80 ml\nNo adverse reaction.\tChecked by R.M.");
        }
        while (chosen.Count < 120)
        {
            var (tag, vr) = Fillers[r.Next(Fillers.Length)];
            chosen.TryAdd(tag, e => e.Random(tag, vr, r));
        }
        var writer = new ElementWriter(w);
        w.WriteStartObject();
        foreach (var write in chosen.Values)
            write(writer);
        w.WriteEndObject();
        return writer.Count;
    }

    private static int Sr(Utf8JsonWriter w, Random r)
    {
        var e = new ElementWriter(w);
        w.WriteStartObject();
        e.Strings(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.88.33");
        e.Strings(0x0040A040, "CS", "CONTAINER");
        Content(e, r, depth: 0);
        w.WriteEndObject();
        return e.Count;
    }

    private static void Content(ElementWriter e, Random r, int depth) =>
        e.Sequence(0x0040A730, depth < 5 ? 4 : 0, (item, n) =>
        {
            item.Strings(0x0040A010, "CS", "CONTAINS");
            item.Sequence(0x0040A043, 1, (code, _) =>
            {
                code.Strings(0x00080100, "SH", $"{r.Next(100000)}");
                code.Strings(0x00080102, "SH", "DCM");
                code.Strings(0x00080104, "LO", $"Finding {depth}.{n}");
            });
            if (depth < 4)
            {
                item.Strings(0x0040A040, "CS", "CONTAINER");
                Content(item, r, depth + 1);
            }
            else
            {
                item.Strings(0x0040A040, "CS", "NUM");
                item.Sequence(0x0040A300, 1, (m, _) => m.Numbers(0x0040A30A, "DS", Math.Round(r.NextDouble() * 100, 3)));
                item.Strings(0x0040A160, "UT", $"Observation text for item {n} at depth {depth}, with some words to read.");
            }
        });

    private static int WithInlineBinary(Utf8JsonWriter w, Random r, int i)
    {
        var e = new ElementWriter(w);
        w.WriteStartObject();
        e.Strings(0x00080018, "UI", $"1.2.826.0.1.3680043.8.498.{i}");
        e.Numbers(0x00280010, "US", 64);
        e.Numbers(0x00280011, "US", 64);
        byte[] pixels = new byte[r.Next(4096, 65536)];
        r.NextBytes(pixels);
        e.Inline(0x7FE00010, "OW", pixels);
        w.WriteEndObject();
        return e.Count;
    }

    /// <summary>Writes attributes as DICOM JSON and counts them (items' elements included).</summary>
    private sealed class ElementWriter(Utf8JsonWriter w)
    {
        public int Count { get; private set; }

        private void Begin(uint tag, string vr)
        {
            Count++;
            w.WritePropertyName(tag.ToString("X8"));
            w.WriteStartObject();
            w.WriteString("vr", vr);
        }

        public void Strings(uint tag, string vr, params string[] values)
        {
            Begin(tag, vr);
            w.WriteStartArray("Value");
            foreach (string v in values) w.WriteStringValue(v);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        public void Numbers(uint tag, string vr, params double[] values)
        {
            Begin(tag, vr);
            w.WriteStartArray("Value");
            foreach (double v in values) w.WriteNumberValue(v);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        public void Name(uint tag, string alphabetic)
        {
            Begin(tag, "PN");
            w.WriteStartArray("Value");
            w.WriteStartObject();
            w.WriteString("Alphabetic", alphabetic);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        public void BulkDataUri(uint tag, string vr, string uri)
        {
            Begin(tag, vr);
            w.WriteString("BulkDataURI", uri);
            w.WriteEndObject();
        }

        public void Inline(uint tag, string vr, byte[] bytes)
        {
            Begin(tag, vr);
            w.WriteBase64String("InlineBinary", bytes);
            w.WriteEndObject();
        }

        public void Sequence(uint tag, int items, Action<ElementWriter, int> item)
        {
            Begin(tag, "SQ");
            if (items > 0)
            {
                w.WriteStartArray("Value");
                for (int n = 0; n < items; n++)
                {
                    w.WriteStartObject();
                    var inner = new ElementWriter(w);
                    item(inner, n);
                    Count += inner.Count;
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }

        public void Random(uint tag, string vr, Random r)
        {
            switch (vr)
            {
                case "PN": Name(tag, $"Name{r.Next(1000)}^Given"); break;
                case "DA": Strings(tag, vr, $"20{r.Next(10, 25)}0{r.Next(1, 9)}1{r.Next(0, 9)}"); break;
                case "TM": Strings(tag, vr, $"1{r.Next(0, 9)}3000"); break;
                case "DT": Strings(tag, vr, "20250115143005.000000+0100"); break;
                case "AS": Strings(tag, vr, $"0{r.Next(10, 99)}Y"); break;
                case "AT": Strings(tag, vr, "00100010"); break;
                case "UI": Strings(tag, vr, $"1.2.826.0.1.{r.Next()}"); break;
                case "DS": Numbers(tag, vr, Math.Round(r.NextDouble() * 1000, 4), Math.Round(r.NextDouble(), 6)); break;
                case "IS": Numbers(tag, vr, r.Next(-1000, 100000)); break;
                case "US": Numbers(tag, vr, r.Next(65536)); break;
                case "SS": Numbers(tag, vr, r.Next(-32768, 32768)); break;
                case "UL": Numbers(tag, vr, r.Next()); break;
                case "SL": Numbers(tag, vr, r.Next(int.MinValue, int.MaxValue)); break;
                case "UV" or "SV": Numbers(tag, vr, r.Next()); break;
                case "FL": Numbers(tag, vr, (float)r.NextDouble()); break;
                case "FD": Numbers(tag, vr, r.NextDouble() * 1e6); break;
                default: Strings(tag, vr, $"VALUE{r.Next(100000)}", $"V{r.Next(100)}"); break;
            }
        }
    }
}
