using System.Globalization;
using System.Text;
using DicomWeb.Json;
using DicomWeb.Tests;
using Xunit.Abstractions;
using static DicomWeb.Sdk.Json.Tests.Json.FastPathMutations;

namespace DicomWeb.Sdk.Json.Tests.Json;

/// <summary>A model with attributes of several VRs and a nested sequence, for the typed readers' side of the differential test.</summary>
[DicomJsonModel]
public partial record FastPathRow
{
    public string? StudyInstanceUID { get; init; }
    public PersonName? PatientName { get; init; }
    public DicomDate? StudyDate { get; init; }
    public int? InstanceNumber { get; init; }
    public IReadOnlyList<string> ModalitiesInStudy { get; init; } = [];
    public IReadOnlyList<FastPathSeries> ReferencedSeriesSequence { get; init; } = [];
    public DicomBulkData? PixelData { get; init; }
}

/// <summary>An item of <see cref="FastPathRow.ReferencedSeriesSequence"/>, which nests again.</summary>
[DicomJsonModel]
public partial record FastPathSeries
{
    public string? StudyInstanceUID { get; init; }
    public ushort Rows { get; init; }
    public IReadOnlyList<FastPathSeries> ReferencedSeriesSequence { get; init; } = [];
}

/// <summary>
/// The fast path of the DICOM JSON reader against the general parser, on hostile input: canonical
/// DICOM JSON (synthetic data sets and the corpus) mutated byte by byte and token by token
/// (<see cref="FastPathMutations"/>), each input read by both, with default and strict options.
/// Both must refuse it with the same DicomJsonException (message, path, byte) or read the same data
/// sets (elements, forms, getters' results, canonical JSON), through ParseArray, ParseObject, the
/// typed DeserializeArray&lt;T&gt; and (for one object, unless strict) Deserialize&lt;T&gt;. Seeds are fixed; a mismatch names the case's seed, its mutation, an
/// excerpt of the input and a minimized input that still shows it.
/// </summary>
public class FastPathDifferentialTests(ITestOutputHelper output)
{
    private static readonly DicomJsonReadOptions Tolerant = new();
    private static readonly DicomJsonReadOptions Strict = new() { Strict = true };

    // The readers compared: the fast path (with its fallback), and the general parser alone.
    private static List<DicomDataset> FastArray(byte[] input, DicomJsonReadOptions options) => DicomJsonParser.ParseArray(input, options);
    private static List<DicomDataset> GeneralArray(byte[] input, DicomJsonReadOptions options) => DicomJsonParser.ParseArrayGeneral(input, options);
    private static DicomDataset FastObject(byte[] input, DicomJsonReadOptions options, long offset, int topIndex) => DicomJsonParser.ParseObject(input, options, offset, topIndex);
    private static DicomDataset GeneralObject(byte[] input, DicomJsonReadOptions options, long offset, int topIndex) => DicomJsonParser.ParseObjectGeneral(input, options, offset, topIndex);
    private static IReadOnlyList<FastPathRow> FastModels(byte[] input, DicomJsonReadOptions options) => DicomJson.DeserializeArray<FastPathRow>(input, options);
    private static IReadOnlyList<FastPathRow> GeneralModels(byte[] input, DicomJsonReadOptions options) => DicomJson.DeserializeArrayGeneral<FastPathRow>(input, options);

    private static string? CorpusDirectory(ITestOutputHelper output)
    {
        string corpus = Path.Combine(RepositoryPaths.Shared, "corpus", "json");
        if (Directory.Exists(corpus))
            return corpus;
        output.WriteLine($"{corpus} is absent: synthetic seeds only");
        return null;
    }

    [Fact]
    public void Canonical_seeds_are_read_the_same_and_accepted_strictly()
    {
        var differ = new Differ("seeds", "Seeds(corpus)[{seed}]");
        List<Seed> seeds = Seeds(CorpusDirectory(output));
        for (int i = 0; i < seeds.Count; i++)
        {
            var input = new FastPathMutations.Case(seeds[i].Bytes, seeds[i].Name);
            differ.Check(i, input, Tolerant);
            differ.Check(i, input, Strict);
        }
        Report(differ);
        // Canonical input is where the fast path reads by itself without falling back: every canonical seed is valid, strictly.
        foreach (Seed seed in seeds.Where(s => !s.Name.StartsWith("corpus:", StringComparison.Ordinal) || s.Name.Contains("canonical", StringComparison.Ordinal)))
        {
            if (seed.Bytes.AsSpan().TrimStart(" \t\r\n"u8)[0] == '[')
                Assert.NotNull(GeneralArray(seed.Bytes, Strict));
            else
                Assert.NotNull(GeneralObject(seed.Bytes, Strict, 0, -1));
        }
        Assert.True(differ.Accepted > differ.Checked / 2, $"{differ.Accepted} of {differ.Checked} read");
        // ...and the fast reader reads the ones without escapes by itself, so the mutations start from input it handles.
        foreach (Seed seed in seeds.Where(s => s.Name.StartsWith("every-VR-plain", StringComparison.Ordinal) || s.Name.StartsWith("orthanc:", StringComparison.Ordinal) || s.Name is "large" or "empty-object" or "empty-array"))
        {
            bool read = seed.Bytes.AsSpan().TrimStart(" \t\r\n"u8)[0] == '['
                ? DicomJsonFastReader.TryReadArray(seed.Bytes, new ParseContext(seed.Bytes.Length, Strict), out _)
                : DicomJsonFastReader.TryReadObject(seed.Bytes, new ParseContext(seed.Bytes.Length, Strict), out _);
            Assert.True(read, $"the fast reader gives {seed.Name} up");
        }
    }

    [Fact]
    public void Byte_mutations_are_read_the_same_on_the_fast_path_and_the_general_parser()
    {
        var differ = new Differ("bytes", "FastPathMutations.Bytes(new Random({seed}), Seeds(corpus))");
        List<Seed> seeds = Seeds(CorpusDirectory(output));
        for (int i = 0; i < 3000; i++)
        {
            int seed = 3_100_000 + i;
            FastPathMutations.Case input = FastPathMutations.Bytes(new Random(seed), seeds);
            differ.Check(seed, input, i % 2 == 0 ? Tolerant : Strict);
        }
        Report(differ);
        Assert.InRange(differ.Accepted, differ.Checked / 50, differ.Checked - differ.Checked / 20); // both outcomes reached
        Assert.True(differ.FastRead > differ.Inputs / 50, $"the fast reader read {differ.FastRead} of {differ.Inputs} inputs by itself");
    }

    [Fact]
    public void Structured_mutations_are_read_the_same_on_the_fast_path_and_the_general_parser()
    {
        var differ = new Differ("structured", "FastPathMutations.Structured(new Random({seed}), Seeds(corpus))");
        List<Seed> seeds = Seeds(CorpusDirectory(output));
        var applied = new Dictionary<string, int>();
        for (int i = 0; i < 3000; i++)
        {
            int seed = 3_200_000 + i;
            FastPathMutations.Case input = Structured(new Random(seed), seeds);
            foreach (Mutation mutation in TreeMutations.Where(m => input.Description.Contains($"| {m.Name}:", StringComparison.Ordinal)))
                applied[mutation.Name] = applied.GetValueOrDefault(mutation.Name) + 1;
            differ.Check(seed, input, Tolerant);
            differ.Check(seed, input, Strict);
        }
        output.WriteLine("mutations applied: " + string.Join(", ", applied.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")));
        Report(differ);
        foreach (Mutation mutation in TreeMutations)
            Assert.True(applied.GetValueOrDefault(mutation.Name) >= 20, $"the mutation {mutation.Name} was applied {applied.GetValueOrDefault(mutation.Name)} times");
        Assert.InRange(differ.Accepted, differ.Checked / 10, differ.Checked - differ.Checked / 10);
        Assert.True(differ.FastRead > differ.Inputs / 20, $"the fast reader read {differ.FastRead} of {differ.Inputs} inputs by itself");
    }

    [Fact]
    public void Truncated_inputs_are_refused_the_same()
    {
        var differ = new Differ("truncation", "the seed named in the mutation, cut at {seed}");
        List<Seed> seeds = Seeds(CorpusDirectory(output));
        foreach (Seed seed in seeds.Where(s => s.Name is "every-VR-plain[array]" or "every-VR[array]" or "synthetic-array#1(2)" or "corpus:test_PN.json(canonical)" or "corpus:test_PN.json"))
        {
            byte[] whitespaced = Write(Parse(seed.Bytes), new Random(17), 0.3);
            foreach ((string layout, byte[] bytes) in new[] { ("", seed.Bytes), (" with whitespace", whitespaced) })
            {
                // Every position of a small input; in a larger one a stride through it and every position near its end.
                int stride = Math.Max(1, bytes.Length / 400);
                for (int cut = 0; cut < bytes.Length; cut += cut >= bytes.Length - 48 ? 1 : stride)
                {
                    var input = new FastPathMutations.Case(bytes[..cut], $"{seed.Name}{layout} truncated at {cut}");
                    differ.Check(cut, input, cut % 2 == 0 ? Tolerant : Strict);
                }
            }
        }
        Report(differ);
        // About 1,800 from the synthetic seeds alone (a clone without ../shared), about 3,500 with the corpus.
        Assert.True(differ.Inputs > 1500, $"{differ.Inputs} truncations");
        // A cut is refused, except where only whitespace is cut away, or nothing is left (an empty input is no results unless strict).
        Assert.InRange(differ.Accepted, 1, differ.Checked / 20);
    }

    [Fact]
    public void Whole_inputs_of_other_shapes_are_read_the_same()
    {
        var differ = new Differ("shapes", "shapes[{seed}]");
        string[] shapes =
        [
            "", " ", "\r\n\t ", "[]", " [ ] ", "[null]", "[1]", "{}", "[{}]", "[{},]", "[,]", "null", "\"x\"", "[{}{}]", "[{},{}]", "[[]]", "{}{}", "[{}] []",
            "\uFEFF[{}]", "[{\"00100010\":{\"vr\":\"PN\"}}", "]", "{", "[", "[{\"00100010\"}]", "{}x", "[{}]x", "{} ", "[{}],", "{\"00100010\":{\"vr\":\"PN\"}}  ",
            "{\"00100010\":{\"vr\":\"PN\"}}\u0000", "[{}]\u00A0", "{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^Jane\"}]}}", "[{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^Jane\"}]}}]",
            "true", "1", "[{}, 1]", "[{},null]", "[\"{}\"]", "{\"\":{}}", "{\"00100010\":null}", "{\"00100010\":[]}", "{\"00100010\":\"x\"}", "{\"00100010\":{}}",
        ];
        for (int i = 0; i < shapes.Length; i++)
        {
            var input = new FastPathMutations.Case(Encoding.UTF8.GetBytes(shapes[i]), $"whole input \"{Printable(Encoding.UTF8.GetBytes(shapes[i]))}\"");
            differ.Check(i, input, Tolerant);
            differ.Check(i, input, Strict);
        }
        Report(differ);
        Assert.InRange(differ.Accepted, 4, differ.Checked - 20);
    }

    [Fact]
    public void Nesting_past_a_small_MaxSequenceDepth_is_refused_the_same()
    {
        var differ = new Differ("nesting", "FastPathMutations.Nested(new Random({seed}), depth)");
        int i = 0;
        for (int depth = 1; depth <= 6; depth++)
        {
            for (int variant = 0; variant < 12; variant++, i++)
            {
                int seed = 3_300_000 + i;
                FastPathMutations.Case input = Nested(new Random(seed), depth);
                foreach (int max in new[] { 1, 2, 3 })
                {
                    differ.Check(seed, input, new DicomJsonReadOptions { MaxSequenceDepth = max });
                    differ.Check(seed, input, new DicomJsonReadOptions { MaxSequenceDepth = max, Strict = true });
                }
            }
        }
        Report(differ);
        Assert.InRange(differ.Accepted, differ.Checked / 10, differ.Checked - differ.Checked / 10);
    }

    /// <summary>The smallest inputs of the mismatches the mutations found, kept as regression cases.</summary>
    [Theory]
    [InlineData("""[{"0008030E":{"vr":"UT","BulkDataURI":h"}}]""")] // a BulkDataURI string without its opening quote
    [InlineData("""{"0008041B":{"vr":"OB","BulkDataURI":h"}}""")]
    [InlineData("""[{"00100010":{"vr":"PN"}}""")] // a typed array without its closing bracket
    [InlineData("""[{},{} """)]
    [InlineData("""[{"0008041B":{"vr":"OB","BulkDataURI":""")] // the input ends where the BulkDataURI string should start
    [InlineData("""{"0008041B":{"vr":"OB","BulkDataURI":""")]
    public void Mismatches_found_before_are_read_the_same(string json)
    {
        var differ = new Differ("regression", "the InlineData");
        var input = new FastPathMutations.Case(Encoding.UTF8.GetBytes(json), "as written");
        differ.Check(0, input, Tolerant);
        differ.Check(1, input, Strict);
        Report(differ);
    }

    private void Report(Differ differ)
    {
        output.WriteLine($"{differ.Name}: {differ.Inputs} inputs ({differ.FastRead} read by the fast reader alone), {differ.Checked} comparisons, {differ.Accepted} read, {differ.Checked - differ.Accepted} refused, {differ.Mismatches.Count} mismatches");
        for (int i = 0; i < Math.Min(30, differ.Mismatches.Count); i++)
            output.WriteLine($"{differ.Mismatches[i]}\n  input (base64): {differ.MismatchInputs[i]}\n");
        if (differ.Mismatches.Count > 0)
        {
            string kinds = string.Join(", ", differ.MismatchKinds.OrderByDescending(p => p.Value).Select(p => $"{p.Key}: {p.Value}"));
            Assert.Fail($"{differ.Mismatches.Count} mismatches between the fast path and the general parser ({kinds}); the first:\n{string.Join("\n\n", differ.Mismatches.Take(5))}");
        }
    }

    /// <summary>The outcome of one read: what was read (or the error), as lines to compare.</summary>
    private sealed record Outcome(string Text, bool Accepted, bool Escaped, long Position);

    /// <summary>Runs the readers on each input, compares them, and keeps every mismatch with what is needed to reproduce it.</summary>
    private sealed class Differ(string name, string reproduce)
    {
        private const int MinimizedReports = 12;

        public string Name { get; } = name;
        public int Checked { get; private set; }
        public int Accepted { get; private set; }
        public int Inputs { get; private set; }
        public int FastRead { get; private set; }
        public List<string> Mismatches { get; } = [];
        public List<string> MismatchInputs { get; } = [];
        public Dictionary<string, int> MismatchKinds { get; } = [];

        /// <summary>Compares ParseArray, ParseObject and DeserializeArray&lt;T&gt; with their general twins on one input.</summary>
        public void Check(int seed, FastPathMutations.Case input, DicomJsonReadOptions options)
        {
            // An object read out of a stream is placed by its offset and index; odd seeds check that the fast path places its errors alike.
            (long offset, int topIndex) = seed % 2 == 0 ? (0L, -1) : (1000L, 3);
            Compare(seed, input, options, "ParseArray",
                bytes => Datasets(FastArray(bytes, options)), bytes => Datasets(GeneralArray(bytes, options)));
            Compare(seed, input, options, $"ParseObject(offset {offset}, index {topIndex})",
                bytes => Datasets([FastObject(bytes, options, offset, topIndex)]), bytes => Datasets([GeneralObject(bytes, options, offset, topIndex)]));
            Compare(seed, input, options, "DeserializeArray<FastPathRow>",
                bytes => Models(FastModels(bytes, options)), bytes => Models(GeneralModels(bytes, options)));
            CheckNumberGetters(seed, input, options);
            if (!options.Strict && LoneObject(input.Input))
            {
                // Deserialize<T> of one object has a fast path too and no general twin: the general array reader reads
                // a lone object the same way (unless strict), naming a value that does not fit the model "$[0]" where it says "$".
                Compare(seed, input, options, "Deserialize<FastPathRow>",
                    bytes => LoneObject(bytes) ? Models([DicomJson.Deserialize<FastPathRow>(bytes, options)]) : "not an object",
                    bytes => LoneObject(bytes) ? Models(GeneralModels(bytes, options)) : "not an object", SingleModelPaths);
            }
            // How often the fast reader reads the input by itself (no fallback): the comparisons above test it only then.
            Inputs++;
            try
            {
                if (DicomJsonFastReader.TryReadArray(input.Input, new ParseContext(input.Input.Length, options), out _)
                    || DicomJsonFastReader.TryReadObject(input.Input, new ParseContext(input.Input.Length, options), out _))
                    FastRead++;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                // The fast reader must give up, never throw: the comparisons above have reported what escaped.
            }
        }

        /// <summary>
        /// The guard of #25: what a reader accepts, the getters read. A number the general parser lets
        /// through (escaped digits included) is one that every getter of its VR reads, not a FormatException later.
        /// </summary>
        private void CheckNumberGetters(int seed, FastPathMutations.Case input, DicomJsonReadOptions options)
        {
            Outcome read = Run(bytes => Datasets(GeneralArray(bytes, options)), input.Input);
            if (!read.Accepted)
                return;
            foreach (string line in read.Text.Split('\n'))
            {
                string[] words = line.Split(' ');
                if (words.Length > 3 && NumberVRs.Contains(words[1]) && line.Contains(" !", StringComparison.Ordinal))
                {
                    const string kind = "a getter fails on a number the reader accepted";
                    MismatchKinds[kind] = MismatchKinds.GetValueOrDefault(kind) + 1;
                    Mismatches.Add($"[{Name}] seed {seed}, {Label(options)}: {kind}\n  mutation: {input.Description}\n  {Shorten(line)}\n  input: {Excerpt(input.Input, -1)}");
                    MismatchInputs.Add(Convert.ToBase64String(input.Input));
                    return;
                }
            }
        }

        private static readonly string[] NumberVRs = ["IS", "DS", "US", "SS", "UL", "SL", "SV", "UV", "FL", "FD", "AT"];

        private static bool LoneObject(byte[] input) => input.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'{', ..];

        private static string SingleModelPaths(string outcome) =>
            outcome.Replace("(at $[0]", "(at $", StringComparison.Ordinal).Replace("Path=$[0]", "Path=$", StringComparison.Ordinal);

        private void Compare(int seed, FastPathMutations.Case input, DicomJsonReadOptions options, string api, Func<byte[], string> fast, Func<byte[], string> general, Func<string, string>? normalize = null)
        {
            Checked++;
            Outcome Read(Func<byte[], string> read, byte[] bytes) => Run(read, bytes) is var outcome && normalize is not null ? outcome with { Text = normalize(outcome.Text) } : outcome;
            Outcome expected = Read(general, input.Input);
            Outcome actual = Read(fast, input.Input);
            if (expected.Accepted)
                Accepted++;
            string? kind = Kind(actual, expected);
            if (kind is null)
                return;
            kind = $"{api.Split('(')[0]}: {kind}";
            MismatchKinds[kind] = MismatchKinds.GetValueOrDefault(kind) + 1;
            (string fastLine, string generalLine) = FirstDifference(actual.Text, expected.Text);
            var summary = new StringBuilder();
            summary.Append(CultureInfo.InvariantCulture, $"[{Name}] seed {seed}, {api}, {Label(options)}: {kind}\n");
            summary.Append(CultureInfo.InvariantCulture, $"  mutation: {input.Description}\n");
            summary.Append(CultureInfo.InvariantCulture, $"  reproduce: {reproduce.Replace("{seed}", seed.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)}\n");
            summary.Append(CultureInfo.InvariantCulture, $"  fast:    {fastLine}\n");
            summary.Append(CultureInfo.InvariantCulture, $"  general: {generalLine}\n");
            summary.Append(CultureInfo.InvariantCulture, $"  input ({input.Input.Length} bytes): {Excerpt(input.Input, Math.Max(actual.Position, expected.Position))}");
            if (Mismatches.Count < MinimizedReports)
            {
                // The smallest input that still shows this kind of mismatch, for a regression test.
                byte[] minimal = Minimize(input.Input, bytes => Kind(Read(fast, bytes), Read(general, bytes)) is string k && $"{api.Split('(')[0]}: {k}" == kind);
                (string minFast, string minGeneral) = FirstDifference(Read(fast, minimal).Text, Read(general, minimal).Text);
                summary.Append(CultureInfo.InvariantCulture, $"\n  minimal ({minimal.Length} bytes): {Printable(minimal)}\n");
                summary.Append(CultureInfo.InvariantCulture, $"    fast:    {minFast}\n    general: {minGeneral}");
            }
            Mismatches.Add(summary.ToString());
            MismatchInputs.Add(Convert.ToBase64String(input.Input));
        }

        /// <summary>What differs between the fast path's outcome and the general parser's; null when nothing does.</summary>
        private static string? Kind(Outcome actual, Outcome expected) =>
            actual.Text == expected.Text && !expected.Escaped ? null
            : actual.Escaped || expected.Escaped ? $"an exception other than DicomJsonException escaped ({(actual.Escaped ? "fast path" : "")}{(actual.Escaped && expected.Escaped ? ", " : "")}{(expected.Escaped ? "general parser" : "")})"
            : actual.Accepted != expected.Accepted ? (actual.Accepted ? "the fast path reads what the general parser refuses" : "the fast path refuses what the general parser reads")
            : actual.Accepted ? "different data read" : "a different error";

        private static Outcome Run(Func<byte[], string> read, byte[] input)
        {
            try
            {
                return new Outcome(read(input), true, false, -1);
            }
            catch (DicomJsonException e)
            {
                return new Outcome($"DicomJsonException Message=\"{e.Message}\" Path={e.Path} BytePosition={e.BytePosition}", false, false, e.BytePosition);
            }
            catch (Exception e)
            {
                return new Outcome($"ESCAPED {e.GetType().FullName}: {e.Message}", false, true, -1);
            }
        }

        private static string Label(DicomJsonReadOptions options) =>
            $"{(options.Strict ? "Strict" : "default")}{(options.MaxSequenceDepth != DicomLimits.DefaultMaxSequenceDepth ? $", MaxSequenceDepth {options.MaxSequenceDepth}" : "")}";

        private static (string Fast, string General) FirstDifference(string fast, string general)
        {
            string[] a = fast.Split('\n'), b = general.Split('\n');
            for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
            {
                string x = i < a.Length ? a[i] : "(nothing)", y = i < b.Length ? b[i] : "(nothing)";
                if (x != y)
                    return (Shorten(x), Shorten(y));
            }
            return (Shorten(a[0]), Shorten(b[0]));
        }

        private static string Shorten(string line) => line.Length <= 600 ? line : line[..600] + "...";

        private static string Excerpt(byte[] input, long position)
        {
            if (input.Length <= 400)
                return Printable(input);
            int at = (int)Math.Clamp(position < 0 ? 0 : position, 0, input.Length);
            int from = Math.Max(0, at - 160), to = Math.Min(input.Length, at + 160);
            return $"{(from > 0 ? "..." : "")}{Printable(input.AsSpan(from, to - from))}{(to < input.Length ? "..." : "")} (bytes {from}-{to}, the error at {position})";
        }

        /// <summary>
        /// The input with as much cut away as keeps the mismatch: first whole members and items of
        /// its JSON (when it parses), then chunks of bytes halving down to single bytes; bounded in tries.
        /// </summary>
        private static byte[] Minimize(byte[] input, Func<byte[], bool> mismatches)
        {
            byte[] current = input;
            int tries = 0;
            try
            {
                Node tree = Parse(current);
                if (mismatches(Write(tree)))
                {
                    for (bool changed = true; changed && tries < 3000;)
                    {
                        changed = false;
                        foreach (Node container in Containers(tree))
                        {
                            int count = container is ObjectNode o ? o.Members.Count : ((ArrayNode)container).Items.Count;
                            for (int i = count - 1; i >= 0 && tries < 3000; i--, tries++)
                            {
                                if (container is ObjectNode obj)
                                {
                                    Member removed = obj.Members[i];
                                    obj.Members.RemoveAt(i);
                                    if (mismatches(Write(tree)))
                                        changed = true;
                                    else
                                        obj.Members.Insert(i, removed);
                                }
                                else
                                {
                                    var array = (ArrayNode)container;
                                    Node removed = array.Items[i];
                                    array.Items.RemoveAt(i);
                                    if (mismatches(Write(tree)))
                                        changed = true;
                                    else
                                        array.Items.Insert(i, removed);
                                }
                            }
                        }
                    }
                    current = Write(tree);
                }
            }
            catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidCastException)
            {
                // Not JSON enough to parse as a tree: bytes only.
            }
            for (int chunk = Math.Max(1, current.Length / 2); chunk >= 1 && tries < 6000; chunk /= 2)
            {
                for (int at = 0; at < current.Length && tries < 6000;)
                {
                    byte[] smaller = [.. current.AsSpan(0, at), .. current.AsSpan(Math.Min(current.Length, at + chunk))];
                    tries++;
                    if (smaller.Length < current.Length && mismatches(smaller))
                        current = smaller;
                    else
                        at += chunk;
                }
            }
            return current;
        }

        private static List<Node> Containers(Node root)
        {
            var found = new List<Node>();
            void Visit(Node n)
            {
                if (n is ObjectNode o)
                {
                    found.Add(o);
                    foreach (Member m in o.Members)
                        Visit(m.Value);
                }
                else if (n is ArrayNode a)
                {
                    found.Add(a);
                    foreach (Node item in a.Items)
                        Visit(item);
                }
            }
            Visit(root);
            return found;
        }
    }

    // ---------------------------------------------------------------- what was read, as text to compare

    private static string Datasets(IReadOnlyList<DicomDataset> datasets)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"read {datasets.Count} data sets\n");
        for (int i = 0; i < datasets.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{i}] json {Try(() => Encoding.UTF8.GetString(DicomJson.SerializeToUtf8Bytes(datasets[i])))}\n");
            Dataset(datasets[i], $"[{i}]", text);
        }
        return text.ToString();
    }

    private static void Dataset(DicomDataset dataset, string path, StringBuilder text)
    {
        text.Append(CultureInfo.InvariantCulture, $"{path} {dataset.Count} elements\n");
        foreach (DicomElement element in dataset)
        {
            DicomTag tag = element.Tag;
            DicomVR vr = element.VR;
            string at = $"{path}.{tag.Value:X8}";
            text.Append(CultureInfo.InvariantCulture, $"{at} {vr} {element.Form}");
            switch (element.Form)
            {
                case DicomValueForm.Sequence:
                    IReadOnlyList<DicomDataset> items = dataset.Get(new SequenceTag(tag, vr));
                    text.Append(CultureInfo.InvariantCulture, $" {items.Count} items\n");
                    for (int i = 0; i < items.Count; i++)
                        Dataset(items[i], $"{at}[{i}]", text);
                    break;
                case DicomValueForm.InlineBinary or DicomValueForm.BulkDataUri:
                    text.Append(" bulk ").Append(Try(() => dataset.GetBulkData(tag) is { } bulk ? bulk.Uri ?? Convert.ToBase64String(bulk.Bytes!.Value.Span) : "null"));
                    if (vr.JsonKind == ValueKind.Binary)
                        text.Append(" get ").Append(Try(() => dataset.Get(new BinaryTag(tag, vr)) is { } bulk ? bulk.Uri ?? Convert.ToHexString(bulk.Bytes!.Value.Span) : "null"));
                    text.Append('\n');
                    break;
                case DicomValueForm.Values:
                    text.Append(" strings ").Append(Try(() => Join(dataset.GetStrings(tag))));
                    text.Append(" typed ").Append(Try(() => Typed(dataset, tag, vr)));
                    text.Append('\n');
                    break;
                default:
                    text.Append('\n');
                    break;
            }
        }
    }

    /// <summary>The values through the getter of the VR, as an application reads them.</summary>
    private static string Typed(DicomDataset dataset, DicomTag tag, DicomVR vr) => vr.ToString() switch
    {
        "PN" => Join(dataset.GetAll(new PersonNameTag(tag, vr)).Select(Name)) + " first " + Name(dataset.Get(new PersonNameTag(tag, vr))),
        "DS" => Join(dataset.GetAll(new DecimalStringTag(tag, vr))),
        "IS" => Join(dataset.GetAll(new IntegerStringTag(tag, vr))),
        "DA" => Join(dataset.GetAll(new DateTag(tag, vr))) + " first " + dataset.Get(new DateTag(tag, vr)),
        "TM" => Join(dataset.GetAll(new TimeTag(tag, vr))),
        "DT" => Join(dataset.GetAll(new DateTimeTag(tag, vr))),
        "AT" => Join(dataset.GetAll(new AttributeTagTag(tag, vr))),
        "UI" => Join(dataset.GetAll(new UidTag(tag, vr))) + " first " + dataset.Get(new UidTag(tag, vr)),
        "AS" => Join(dataset.GetAll(new AgeStringTag(tag, vr))),
        "US" => Join(dataset.GetAll(new NumberTag<ushort>(tag, vr))),
        "SS" => Join(dataset.GetAll(new NumberTag<short>(tag, vr))),
        "UL" => Join(dataset.GetAll(new NumberTag<uint>(tag, vr))),
        "SL" => Join(dataset.GetAll(new NumberTag<int>(tag, vr))),
        "UV" => Join(dataset.GetAll(new NumberTag<ulong>(tag, vr))),
        "SV" => Join(dataset.GetAll(new NumberTag<long>(tag, vr))),
        "FL" => Join(dataset.GetAll(new NumberTag<float>(tag, vr))),
        "FD" => Join(dataset.GetAll(new NumberTag<double>(tag, vr))),
        _ => Join(dataset.GetAll(new StringTag(tag, vr))) + " first " + Quote(dataset.Get(new StringTag(tag, vr))),
    };

    private static string Models(IReadOnlyList<FastPathRow> rows) =>
        $"read {rows.Count} models\n" + string.Join("\n", rows.Select(r => Model(r) + "\n  json " + Try(() => Encoding.UTF8.GetString(DicomJson.SerializeToUtf8Bytes(r)))));

    private static string Model(FastPathRow row) =>
        $"uid={Quote(row.StudyInstanceUID)} name={Name(row.PatientName)} date={(row.StudyDate is { } date ? date.ToString() : "null")} number={Format(row.InstanceNumber)} " +
        $"modalities={Join(row.ModalitiesInStudy)} pixel={(row.PixelData is { } bulk ? bulk.Uri ?? Convert.ToHexString(bulk.Bytes!.Value.Span) : "null")} series=[{string.Join(", ", row.ReferencedSeriesSequence.Select(Series))}]";

    private static string Series(FastPathSeries series) =>
        $"{{uid={Quote(series.StudyInstanceUID)} rows={series.Rows} series=[{string.Join(", ", series.ReferencedSeriesSequence.Select(Series))}]}}";

    private static string Name(PersonName? name) => name is null ? "null" : $"({Quote(name.Alphabetic)},{Quote(name.Ideographic)},{Quote(name.Phonetic)})";

    private static string Quote(string? text) => text is null ? "null" : $"\"{text}\"";

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Join<T>(IEnumerable<T> values) => "[" + string.Join("|", values.Select(v => Format(v))) + "]";

    private static string Try(Func<string?> get)
    {
        try
        {
            return get() ?? "null";
        }
        catch (Exception e)
        {
            return $"!{e.GetType().Name}: {e.Message}";
        }
    }
}
