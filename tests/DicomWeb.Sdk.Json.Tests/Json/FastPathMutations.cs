using System.Globalization;
using System.Text;
using DicomWeb.Json;

namespace DicomWeb.Sdk.Json.Tests.Json;

/// <summary>
/// Inputs for the fast path's differential test (<see cref="FastPathDifferentialTests"/>). DICOM
/// JSON is held as a tree of its tokens as written (escapes, number text and broken bytes kept as
/// they are), one mutation changes one thing that the fast path must either read exactly as the
/// general parser does or hand over to it, and the tree is written back compact or with whitespace
/// between tokens. Every generator takes its randomness from the <see cref="Random"/> it is given,
/// so a case is reproduced from its seed alone.
/// </summary>
internal static class FastPathMutations
{
    /// <summary>A named input to mutate.</summary>
    public sealed record Seed(string Name, byte[] Bytes);

    /// <summary>One generated input and what was done to make it.</summary>
    public sealed record Case(byte[] Input, string Description);

    // ---------------------------------------------------------------- the token tree

    public abstract class Node
    {
        public abstract Node Clone();
    }

    public sealed class ObjectNode : Node
    {
        public List<Member> Members { get; } = [];

        public override Node Clone()
        {
            var clone = new ObjectNode();
            foreach (Member member in Members)
                clone.Members.Add(new Member(member.Key, member.Value.Clone()));
            return clone;
        }

        public Member? Find(string name) => Members.Find(m => m.KeyIs(name));
    }

    /// <summary>A member: its key as written between the quotes (escapes kept). Byte arrays are replaced, never written into, so clones may share them.</summary>
    public sealed class Member(byte[] key, Node value)
    {
        public byte[] Key { get; set; } = key;
        public Node Value { get; set; } = value;
        public bool KeyIs(string name) => Key.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(name));
        public string KeyText => Encoding.UTF8.GetString(Key);
    }

    public sealed class ArrayNode : Node
    {
        public List<Node> Items { get; } = [];

        public override Node Clone()
        {
            var clone = new ArrayNode();
            foreach (Node item in Items)
                clone.Items.Add(item.Clone());
            return clone;
        }
    }

    /// <summary>A token as written: a string with its quotes, a number, a literal, or any bytes at all.</summary>
    public sealed class RawNode(byte[] bytes) : Node
    {
        public byte[] Bytes { get; set; } = bytes;
        public bool IsString => Bytes.Length >= 2 && Bytes[0] == '"' && Bytes[^1] == '"';
        public bool IsNumber => Bytes.Length > 0 && (Bytes[0] == '-' || char.IsAsciiDigit((char)Bytes[0]));
        public override Node Clone() => new RawNode(Bytes);
    }

    private static RawNode Raw(string text) => new(Encoding.UTF8.GetBytes(text));

    private static RawNode Quoted(string text) => Raw($"\"{text}\"");

    /// <summary>
    /// A lenient parse: structure, strings (escapes kept) and everything else up to a delimiter as a
    /// raw token, so the tables below can hold number text JSON refuses (01, 1., +1).
    /// </summary>
    public static Node Parse(ReadOnlySpan<byte> json)
    {
        int i = 0;
        return ParseValue(json, ref i);
    }

    public static Node Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    private static Node ParseValue(ReadOnlySpan<byte> s, ref int i)
    {
        SkipSpace(s, ref i);
        switch (s[i])
        {
            case (byte)'{':
                var obj = new ObjectNode();
                i++;
                while (true)
                {
                    SkipSpace(s, ref i);
                    if (s[i] == '}')
                    {
                        i++;
                        return obj;
                    }
                    if (s[i] == ',')
                    {
                        i++;
                        continue;
                    }
                    byte[] key = ReadString(s, ref i);
                    SkipSpace(s, ref i);
                    i++; // ':'
                    obj.Members.Add(new Member(key[1..^1], ParseValue(s, ref i)));
                }
            case (byte)'[':
                var array = new ArrayNode();
                i++;
                while (true)
                {
                    SkipSpace(s, ref i);
                    if (s[i] == ']')
                    {
                        i++;
                        return array;
                    }
                    if (s[i] == ',')
                    {
                        i++;
                        continue;
                    }
                    array.Items.Add(ParseValue(s, ref i));
                }
            case (byte)'"':
                return new RawNode(ReadString(s, ref i));
            default:
                int start = i;
                while (i < s.Length && s[i] is not ((byte)',' or (byte)']' or (byte)'}' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                    i++;
                if (i == start)
                    i++; // A closing bracket where a value should be (broken input being minimized): taken as the value, so the parse moves on.
                return new RawNode(s[start..i].ToArray());
        }
    }

    private static byte[] ReadString(ReadOnlySpan<byte> s, ref int i)
    {
        int start = i++;
        while (s[i] != '"')
            i += s[i] == '\\' ? 2 : 1;
        i++;
        return s[start..i].ToArray();
    }

    private static void SkipSpace(ReadOnlySpan<byte> s, ref int i)
    {
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            i++;
    }

    private static readonly string[] WhitespaceRuns = [" ", "\t", "\r\n", "\n", "  ", "\r\n\t\t", " \t "];

    /// <summary>The tree as JSON: compact, or with whitespace between tokens (inside value arrays too) at the given rate.</summary>
    public static byte[] Write(Node node, Random? random = null, double whitespace = 0)
    {
        var output = new List<byte>();
        void Gap()
        {
            if (random is not null && whitespace > 0 && random.NextDouble() < whitespace)
                output.AddRange(Encoding.ASCII.GetBytes(WhitespaceRuns[random.Next(WhitespaceRuns.Length)]));
        }
        void Value(Node n)
        {
            switch (n)
            {
                case ObjectNode o:
                    output.Add((byte)'{');
                    for (int i = 0; i < o.Members.Count; i++)
                    {
                        if (i > 0)
                            output.Add((byte)',');
                        Gap();
                        output.Add((byte)'"');
                        output.AddRange(o.Members[i].Key);
                        output.Add((byte)'"');
                        Gap();
                        output.Add((byte)':');
                        Gap();
                        Value(o.Members[i].Value);
                        Gap();
                    }
                    if (o.Members.Count == 0)
                        Gap();
                    output.Add((byte)'}');
                    break;
                case ArrayNode a:
                    output.Add((byte)'[');
                    for (int i = 0; i < a.Items.Count; i++)
                    {
                        if (i > 0)
                            output.Add((byte)',');
                        Gap();
                        Value(a.Items[i]);
                        Gap();
                    }
                    if (a.Items.Count == 0)
                        Gap();
                    output.Add((byte)']');
                    break;
                case RawNode r:
                    output.AddRange(r.Bytes);
                    break;
            }
        }
        Gap();
        Value(node);
        Gap();
        return output.ToArray();
    }

    // ---------------------------------------------------------------- navigation

    /// <summary>An attribute of a data set in the tree.</summary>
    public sealed record AttributeRef(ObjectNode Dataset, Member Member, int Depth)
    {
        public ObjectNode? Body => Member.Value as ObjectNode;

        public string? VR => Body?.Find("vr")?.Value is RawNode { IsString: true } r ? Encoding.UTF8.GetString(r.Bytes[1..^1]) : null;

        public ArrayNode? Values => Body?.Find("Value")?.Value as ArrayNode;

        public uint? Tag => uint.TryParse(Member.KeyText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint tag) && Member.Key.Length == 8 ? tag : null;
    }

    /// <summary>The data sets of the tree (top level and sequence items) with their depth.</summary>
    public static List<(ObjectNode Dataset, int Depth)> Datasets(Node root)
    {
        var found = new List<(ObjectNode, int)>();
        void Dataset(ObjectNode dataset, int depth)
        {
            found.Add((dataset, depth));
            foreach (Member member in dataset.Members)
            {
                if (member.Value is ObjectNode body && body.Find("Value")?.Value is ArrayNode items)
                {
                    foreach (Node item in items.Items)
                    {
                        if (item is ObjectNode itemObject && LooksLikeDataset(itemObject))
                            Dataset(itemObject, depth + 1);
                    }
                }
                else if (member.Value is ObjectNode body2 && body2.Find("Value")?.Value is ObjectNode lone && LooksLikeDataset(lone))
                    Dataset(lone, depth + 1);
            }
        }
        if (root is ObjectNode top)
            Dataset(top, 0);
        else if (root is ArrayNode array)
        {
            foreach (Node item in array.Items)
            {
                if (item is ObjectNode o)
                    Dataset(o, 0);
            }
        }
        return found;
    }

    // An item of a sequence, not a PN value: its members are attributes (objects), and "Alphabetic" is no key of a data set.
    private static bool LooksLikeDataset(ObjectNode o) => o.Members.All(m => m.Value is ObjectNode && m.Key.Length != 0 && !m.KeyIs("Alphabetic") && !m.KeyIs("Ideographic") && !m.KeyIs("Phonetic"));

    public static List<AttributeRef> Attributes(Node root) =>
        Datasets(root).SelectMany(d => d.Dataset.Members.Select(m => new AttributeRef(d.Dataset, m, d.Depth))).ToList();

    /// <summary>A string of the tree, as the bytes between its quotes: a value, an attribute key or a member name.</summary>
    public sealed record StringRef(string Where, Func<byte[]> Get, Action<byte[]> Set);

    public static List<StringRef> Strings(Node root)
    {
        var found = new List<StringRef>();
        void Visit(Node n, string where)
        {
            switch (n)
            {
                case ObjectNode o:
                    foreach (Member member in o.Members)
                    {
                        Member m = member;
                        found.Add(new StringRef($"key \"{Printable(m.Key)}\"", () => m.Key, b => m.Key = b));
                        Visit(m.Value, m.KeyText);
                    }
                    break;
                case ArrayNode a:
                    foreach (Node item in a.Items)
                        Visit(item, where + "[]");
                    break;
                case RawNode { IsString: true } r:
                    found.Add(new StringRef($"value of {where} {Printable(r.Bytes)}", () => r.Bytes[1..^1], b => r.Bytes = [(byte)'"', .. b, (byte)'"']));
                    break;
            }
        }
        Visit(root, "$");
        return found;
    }

    // ---------------------------------------------------------------- tables

    /// <summary>A tag of the dictionary for each VR, for attributes put into a data set.</summary>
    public static readonly Dictionary<string, uint> TagOfVR = new()
    {
        ["AE"] = 0x00080054, ["AS"] = 0x00101010, ["AT"] = 0x00209165, ["CS"] = 0x00080060, ["DA"] = 0x00080020,
        ["DS"] = 0x00101030, ["DT"] = 0x0008002A, ["FD"] = 0x00189087, ["FL"] = 0x00089459, ["IS"] = 0x00200013,
        ["LO"] = 0x00080070, ["LT"] = 0x00080108, ["OB"] = 0x0008041B, ["OD"] = 0x00660022, ["OF"] = 0x00181638,
        ["OL"] = 0x00660040, ["OV"] = 0x00720081, ["OW"] = 0x00281201, ["PN"] = 0x00100010, ["SH"] = 0x00080050,
        ["SL"] = 0x00186020, ["SQ"] = 0x00081115, ["SS"] = 0x00189219, ["ST"] = 0x00080081, ["SV"] = 0x00720082,
        ["TM"] = 0x00080030, ["UC"] = 0x00080119, ["UI"] = 0x0020000D, ["UL"] = 0x00081161, ["UN"] = 0x0072006D,
        ["UR"] = 0x0008010E, ["US"] = 0x00280010, ["UT"] = 0x0008030E, ["UV"] = 0x0008040C,
    };

    public static readonly string[] AllVRs = [.. TagOfVR.Keys];

    private static readonly string[] NumericVRs = ["US", "SS", "UL", "SL", "IS", "DS", "SV", "UV", "FL", "FD"];
    private static readonly string[] TextVRs = ["AE", "AS", "CS", "DA", "DT", "LO", "LT", "SH", "ST", "TM", "UC", "UI", "UR", "UT"];
    private static readonly string[] BinaryVRs = ["OB", "OD", "OF", "OL", "OV", "OW", "UN"];

    /// <summary>Value arrays at the edges of each VR's rules (numbers in and out of range, tolerated strings).</summary>
    private static readonly (string VR, string Values)[] RangeEdges =
    [
        ("US", "[65535,0]"), ("US", "[65536]"), ("US", "[-1]"), ("US", "[\"65535\"]"), ("US", "[\"65536\"]"), ("US", "[\" 12 \"]"), ("US", "[1.0]"), ("US", "[1e2]"), ("US", "[\"-0\"]"),
        ("SS", "[-32768,32767]"), ("SS", "[-32769]"), ("SS", "[32768]"), ("SS", "[\"-32769\"]"), ("SS", "[\"+5\"]"),
        ("UL", "[4294967295]"), ("UL", "[4294967296]"), ("UL", "[-1]"), ("UL", "[\"4294967296\"]"),
        ("SL", "[2147483647,-2147483648]"), ("SL", "[2147483648]"), ("SL", "[-2147483649]"), ("SL", "[\"2147483648\"]"),
        ("IS", "[2147483647,-2147483648]"), ("IS", "[2147483648]"), ("IS", "[-2147483649]"), ("IS", "[\"2147483648\"]"), ("IS", "[\" 7\"]"), ("IS", "[\"+7\"]"),
        ("IS", "[7.0]"), ("IS", "[\"7.5\"]"), ("IS", "[\"007\"]"), ("IS", "[\"\"]"), ("IS", "[\"1e3\"]"),
        ("SV", "[-9223372036854775808,9223372036854775807]"), ("SV", "[-9223372036854775809]"), ("SV", "[9223372036854775808]"),
        ("SV", "[\"-9223372036854775808\"]"), ("SV", "[\"9223372036854775808\"]"), ("SV", "[\" 5\"]"),
        ("UV", "[18446744073709551615,0]"), ("UV", "[18446744073709551616]"), ("UV", "[-1]"), ("UV", "[\"18446744073709551615\"]"), ("UV", "[\"18446744073709551616\"]"), ("UV", "[\"+1\"]"),
        ("FL", "[1e400]"), ("FL", "[3.5e38]"), ("FL", "[-1e400]"), ("FL", "[1e-400]"), ("FL", "[\"NaN\"]"), ("FL", "[\"Infinity\",\"-Infinity\"]"), ("FL", "[\"1.5\"]"), ("FL", "[\"1e400\"]"), ("FL", "[\" 2 \"]"),
        ("FD", "[1e400]"), ("FD", "[1.7976931348623157e308,4.9e-324]"), ("FD", "[-1e400]"), ("FD", "[\"NaN\"]"), ("FD", "[\"nan\"]"), ("FD", "[\"-Infinity\"]"), ("FD", "[\"0x10\"]"), ("FD", "[1.5,null,2]"),
        ("DS", "[1e400]"), ("DS", "[\"1e400\"]"), ("DS", "[\" 1.5 \"]"), ("DS", "[\"abc\"]"), ("DS", "[\"1.50\"]"), ("DS", "[1.50]"), ("DS", "[\"+1.5\"]"), ("DS", "[\".5\"]"), ("DS", "[\"1.\"]"), ("DS", "[\"NaN\"]"),
        ("DS", "[0.1,-0,1E+2]"), ("DS", "[\"12345678901234567\"]"),
    ];

    /// <summary>Number syntax at JSON's edges (valid or not), each tried for every numeric VR.</summary>
    private static readonly string[] NumberSyntax =
        ["01", "-", "1.", ".5", "+1", "1e", "-0", "1E+2", "1e-7", "1e+", "00", "-01", "0.0", "-0.0", "1E400", "0x10", "Infinity", "NaN", "--1", "1.e5", "1e5.5", "99999999999999999999999", "0e0", "-0e-0", "1.5E-3", "0.", "1ee2", "١"];

    /// <summary>Whole attribute bodies for each shape of value a reader must tell apart (tolerated, refused, valid).</summary>
    private static readonly (string VR, string Body)[] ShapeEdges =
    [
        // Empty values.
        ("LO", """{"vr":"LO","Value":[null]}"""), ("LO", """{"vr":"LO","Value":[""]}"""), ("LO", """{"vr":"LO","Value":[]}"""), ("LO", """{"vr":"LO","Value":[null,null]}"""),
        ("LO", """{"vr":"LO","Value":[null,"x"]}"""), ("LO", """{"vr":"LO","Value":["",""]}"""), ("LO", """{"vr":"LO"}"""), ("US", """{"vr":"US","Value":[null]}"""), ("US", """{"vr":"US","Value":[]}"""),
        ("DS", """{"vr":"DS","Value":[""]}"""), ("FD", """{"vr":"FD","Value":[""]}"""), ("AT", """{"vr":"AT","Value":[""]}"""), ("SQ", """{"vr":"SQ","Value":[]}"""), ("SQ", """{"vr":"SQ"}"""),
        // Text: escapes, non-ASCII, backslash, broken escapes.
        ("LO", """{"vr":"LO","Value":["caf\u00e9"]}"""), ("LO", """{"vr":"LO","Value":["é中😀"]}"""), ("LO", """{"vr":"LO","Value":["\ud83d\ude00"]}"""), ("LO", """{"vr":"LO","Value":["\ud800"]}"""),
        ("LO", """{"vr":"LO","Value":["\udc00x"]}"""), ("LO", """{"vr":"LO","Value":["a\\b"]}"""), ("LO", """{"vr":"LO","Value":["\u0000"]}"""), ("LO", """{"vr":"LO","Value":["tab\there\/"]}"""),
        ("LO", """{"vr":"LO","Value":["\"quoted\""]}"""), ("LO", """{"vr":"LO","Value":["\x41"]}"""), ("LO", """{"vr":"LO","Value":["\u00"]}"""), ("UT", """{"vr":"UT","Value":["line1\r\nline2"]}"""),
        ("LO", """{"vr":"LO","Value":[5]}"""), ("LO", """{"vr":"LO","Value":[true]}"""), ("LO", """{"vr":"LO","Value":[{}]}"""), ("LO", """{"vr":"LO","Value":[[]]}"""), ("UI", """{"vr":"UI","Value":[1.2]}"""),
        // Person names.
        ("PN", """{"vr":"PN","Value":[{}]}"""), ("PN", """{"vr":"PN","Value":[{"Alphabetic":""}]}"""), ("PN", """{"vr":"PN","Value":[{"Alphabetic":null}]}"""),
        ("PN", """{"vr":"PN","Value":[{"Ideographic":"山田","Alphabetic":"Yamada"}]}"""), ("PN", """{"vr":"PN","Value":[{"Phonetic":"やまだ","Ideographic":"山田"}]}"""),
        ("PN", """{"vr":"PN","Value":[{"Alphabetic":"a","Alphabetic":"b"}]}"""), ("PN", """{"vr":"PN","Value":[{"Foo":"x"}]}"""), ("PN", """{"vr":"PN","Value":[{"alphabetic":"x"}]}"""),
        ("PN", """{"vr":"PN","Value":["Doe^Jane"]}"""), ("PN", """{"vr":"PN","Value":["a=b=c"]}"""), ("PN", """{"vr":"PN","Value":["a=b=c=d"]}"""), ("PN", """{"vr":"PN","Value":[""]}"""),
        ("PN", """{"vr":"PN","Value":[5]}"""), ("PN", """{"vr":"PN","Value":[{"Alphabetic":5}]}"""), ("PN", """{"vr":"PN","Value":[{"Alphabetic":"a","Ideographic":"b","Phonetic":"c"}]}"""),
        ("PN", """{"vr":"PN","Value":[null,{"Alphabetic":"x"}]}"""), ("PN", """{"vr":"PN","Value":[{"Alphabetic":"a=b"}]}"""), ("PN", """{"vr":"PN","Value":[{"Alph\u0061betic":"x"}]}"""),
        ("PN", """{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"},{"Alphabetic":"Roe^Rick"}]}"""), ("PN", """{"vr":"PN","Value":[{"Alphabetic":"\u00e9"}]}"""),
        ("PN", """{"vr":"PN","Value":[{"Alphabetic":"","Ideographic":""}]}"""), ("PN", """{"vr":"PN","Value":[{"Alphabetic":[]}]}"""), ("PN", """{"vr":"PN","Value":[[]]}"""),
        // Attribute tags.
        ("AT", """{"vr":"AT","Value":["0010001a"]}"""), ("AT", """{"vr":"AT","Value":["0010001A"]}"""), ("AT", """{"vr":"AT","Value":["0010001"]}"""), ("AT", """{"vr":"AT","Value":["001000100"]}"""),
        ("AT", """{"vr":"AT","Value":["0010001G"]}"""), ("AT", """{"vr":"AT","Value":[1048592]}"""), ("AT", """{"vr":"AT","Value":["00100010","7FE00010"]}"""), ("AT", """{"vr":"AT","Value":[null]}"""),
        ("AT", """{"vr":"AT","Value":["0x100010"]}"""), ("AT", """{"vr":"AT","Value":["\u0030010001A"]}"""), ("AT", """{"vr":"AT","Value":[" 0010001"]}"""),
        // Sequences.
        ("SQ", """{"vr":"SQ","Value":{"0020000E":{"vr":"UI","Value":["1.2"]}}}"""), ("SQ", """{"vr":"SQ","Value":{}}"""), ("SQ", """{"vr":"SQ","Value":[null]}"""), ("SQ", """{"vr":"SQ","Value":[{}]}"""),
        ("SQ", """{"vr":"SQ","Value":[null,{"0020000E":{"vr":"UI","Value":["1.2"]}}]}"""), ("SQ", """{"vr":"SQ","Value":["x"]}"""), ("SQ", """{"vr":"SQ","Value":[[]]}"""), ("SQ", """{"vr":"SQ","Value":[5]}"""),
        ("SQ", """{"Value":[{"0020000E":{"vr":"UI","Value":["1.2"]}}],"vr":"SQ"}"""), ("SQ", """{"vr":"SQ","Value":[{},{}]}"""), ("SQ", """{"vr":"SQ","Value":[{"0020000E":{"vr":"UI","Value":["1.2"]},"0020000E":{"vr":"UI"}}]}"""),
        ("SQ", """{"vr":"SQ","Value":[{"0020000e":{"vr":"UI","Value":["1.2"]},"00080060":{"vr":"CS","Value":["CT"]}}]}"""), ("SQ", """{"vr":"SQ","InlineBinary":"AAAA"}"""), ("SQ", """{"vr":"SQ","BulkDataURI":"x"}"""),
        // Bulk data.
        ("OB", """{"vr":"OB","InlineBinary":"AAEC"}"""), ("OB", """{"vr":"OB","InlineBinary":"AAE"}"""), ("OB", """{"vr":"OB","InlineBinary":"AA=C"}"""), ("OB", """{"vr":"OB","InlineBinary":"AAEC\nAwQF"}"""),
        ("OB", """{"vr":"OB","InlineBinary":"AAEC AwQF"}"""), ("OB", """{"vr":"OB","InlineBinary":"AAEC\tAwQF"}"""), ("OB", """{"vr":"OB","InlineBinary":"AQ\u003d\u003d"}"""), ("OB", """{"vr":"OB","InlineBinary":"===="}"""),
        ("OB", """{"vr":"OB","InlineBinary":""}"""), ("OB", """{"vr":"OB","InlineBinary":"A==="}"""), ("OB", """{"vr":"OB","InlineBinary":"AAECAw=="}"""), ("OB", """{"vr":"OB","InlineBinary":"AAECAw="}"""),
        ("OB", """{"vr":"OB","InlineBinary":"AAECAw"}"""), ("OB", """{"vr":"OB","InlineBinary":"AAECA==="}"""), ("OB", """{"vr":"OB","InlineBinary":"Zm9v!"}"""), ("OB", """{"vr":"OB","InlineBinary":"\u0041AEC"}"""),
        ("OB", """{"vr":"OB","InlineBinary":"AAEC\/"}"""), ("OB", """{"vr":"OB","InlineBinary":"AAECAw==AAAA"}"""), ("OB", """{"vr":"OB","InlineBinary":"Zm9-"}"""), ("OB", """{"vr":"OB","InlineBinary":"Zm9_"}"""),
        ("OB", """{"vr":"OB","InlineBinary":" AAEC "}"""), ("OB", """{"vr":"OB","InlineBinary":"\ud800"}"""), ("OB", """{"vr":"OB","InlineBinary":5}"""), ("OB", """{"vr":"OB","InlineBinary":null}"""),
        ("OB", """{"vr":"OB","InlineBinary":"AB=="}"""), ("OB", """{"vr":"OB","InlineBinary":"AAB="}"""), ("OB", """{"vr":"OB","InlineBinary":"AAAB"}"""), ("OB", """{"vr":"OB","InlineBinary":"=AAA"}"""),
        ("OB", """{"vr":"OB","InlineBinary":"A=AA"}"""), ("OB", """{"vr":"OB","InlineBinary":"AA==AA=="}"""), ("OB", """{"vr":"OB","InlineBinary":"AAAA===="}"""), ("OB", """{"vr":"OB","InlineBinary":"AAAA AAAA"}"""),
        ("OB", """{"vr":"OB","InlineBinary":"AAAA    "}"""), ("OB", """{"vr":"OB","InlineBinary":"    "}"""), ("OB", """{"vr":"OB","InlineBinary":"A A A A "}"""),
        // A string token without its opening quote (the value starts at the next byte).
        ("OB", """{"vr":"OB","BulkDataURI":h"}"""), ("OB", """{"vr":"OB","BulkDataURI":5"}"""), ("OB", """{"vr":"OB","BulkDataURI":xhttp://pacs/x"}"""), ("OB", """{"vr":"OB","InlineBinary":A"}"""),
        ("LO", """{"vr":"LO","Value":[x"]}"""), ("PN", """{"vr":"PN","Value":[{"Alphabetic":x"}]}"""), ("LO", """{"vr":"LO","BulkDataURI":"x"}"""), ("UT", """{"vr":"UT","BulkDataURI":h"}"""),
        ("OW", """{"vr":"OW","InlineBinary":"AAECAwQF"}"""), ("OF", """{"vr":"OF","InlineBinary":"AACAPw=="}"""), ("UN", """{"vr":"UN","InlineBinary":"AA=="}"""), ("OD", """{"vr":"OD","InlineBinary":"AAAAAAAA8D8="}"""),
        ("OB", """{"vr":"OB","BulkDataURI":"http:\/\/pacs\/x"}"""), ("OB", """{"vr":"OB","BulkDataURI":"a\u0020b"}"""), ("OB", """{"vr":"OB","BulkDataURI":""}"""), ("OB", """{"vr":"OB","BulkDataURI":"https://pacs/x?a=1&b=2"}"""),
        ("OB", """{"vr":"OB","BulkDataURI":"\ud800"}"""), ("OB", """{"vr":"OB","BulkDataURI":"é"}"""), ("OB", """{"vr":"OB","BulkDataURI":5}"""), ("LO", """{"vr":"LO","BulkDataURI":"x"}"""),
        ("US", """{"vr":"US","BulkDataURI":"x"}"""), ("PN", """{"vr":"PN","BulkDataURI":"x"}"""), ("OB", """{"vr":"OB","Value":["AAEC"]}"""), ("LO", """{"vr":"LO","InlineBinary":"AAEC"}"""),
        // Member shapes.
        ("LO", """{"vr":"LO","Value":["a"],"Value":["b"]}"""), ("LO", """{"vr":"LO","vr":"LO","Value":["a"]}"""), ("OB", """{"vr":"OB","InlineBinary":"AA==","BulkDataURI":"x"}"""),
        ("LO", """{"vr":"LO","Value":["a"],"InlineBinary":"AA=="}"""), ("LO", """{"vr":"LO","Foo":1}"""), ("LO", """{"vr":5}"""), ("LO", """{"vr":"lo","Value":["a"]}"""), ("LO", """{"vr":"XX","Value":["a"]}"""),
        ("LO", """{"vr":"","Value":["a"]}"""), ("LO", """{"vr":"LO","Value":"a"}"""), ("LO", """{"vr":"LO","Value":{}}"""), ("LO", """{"vr":"LO","Value":null}"""), ("LO", """{"vr":"LO","Value":5}"""),
        ("LO", """{}"""), ("LO", "\"x\""), ("LO", "[]"), ("LO", "null"), ("LO", """{"\u0076r":"LO","Value":["a"]}"""), ("LO", """{"vr":"\u004cO","Value":["a"]}"""), ("LO", """{"vr":"LO","V\u0061lue":["a"]}"""),
        ("LO", """{"vr":"LO","keyword":"Manufacturer","name":"Manufacturer","Value":["a"]}"""), ("LO", """{"keyword":{"a":[1,{}]},"vr":"LO","Value":["a"]}"""), ("LO", """{"vr":"LO","value":["a"]}"""),
        ("LO", """{"Value":["a"]}"""), ("LO", """{"Value":["a"],"vr":"LO"}"""), ("US", """{"Value":["1"],"vr":"US"}"""), ("PN", """{"Value":[{"Alphabetic":"x"}],"vr":"PN"}"""), ("OB", """{"InlineBinary":"AA==","vr":"OB"}"""),
        ("LO", """{"vr":"LO","Value":["a"],"vr":"LO"}"""), ("LO", """{"vr":"LO","Value":["a",]}"""), ("LO", """{"vr":"LO","Value":["a"],}"""), ("LO", """{"vr":"LO","Value":["a" "b"]}"""), ("LO", """{"vr" "LO"}"""), ("LO", """{"vr":"LO" "Value":["a"]}"""),
    ];

    /// <summary>Bytes that make a string invalid UTF-8 (overlong, lone continuation, truncated sequences, an encoded surrogate, past U+10FFFF).</summary>
    private static readonly byte[][] InvalidUtf8 =
        [[0xC0, 0x80], [0xFF], [0xE4, 0xB8], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3], [0x80], [0xF0, 0x9F, 0x98], [0xFE], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]];

    private static readonly byte[] ControlBytes = [0x00, 0x01, 0x08, 0x09, 0x0A, 0x0D, 0x1F, 0x7F];

    private static readonly string[] NonAscii = ["é", "中", "😀", "ß", "\u00A0", "\u2028", "\uFEFF", "Ü"];

    // ---------------------------------------------------------------- mutations of the tree

    /// <summary>A mutation of the tree; returns what it did, or null when the tree has nothing it applies to.</summary>
    public sealed record Mutation(string Name, Func<Random, Node, string?> Apply);

    public static readonly Mutation[] TreeMutations =
    [
        new("escape", Escape),
        new("key-lowercase", KeyLowercase),
        new("key-keyword", KeyKeyword),
        new("key-bad", KeyBad),
        new("swap", Swap),
        new("duplicate", Duplicate),
        new("vr-removed", VrRemoved),
        new("vr-after-value", VrAfterValue),
        new("keyword-name", KeywordName),
        new("number-as-string", NumberAsString),
        new("escaped-digits", EscapedDigits),
        new("string-as-number", StringAsNumber),
        new("range-edge", RangeEdge),
        new("number-syntax", NumberSyntaxEdge),
        new("shape-edge", ShapeEdge),
        new("invalid-utf8", (r, t) => InsertIntoString(r, t, InvalidUtf8[r.Next(InvalidUtf8.Length)], "invalid UTF-8")),
        new("control", (r, t) => InsertIntoString(r, t, [ControlBytes[r.Next(ControlBytes.Length)]], "a control byte")),
        new("non-ascii", (r, t) => InsertIntoString(r, t, Encoding.UTF8.GetBytes(NonAscii[r.Next(NonAscii.Length)]), "non-ASCII text")),
        new("vr-change", VrChange),
        new("remove-member", RemoveMember),
        new("group-order", GroupOrder),
    ];

    private static T Pick<T>(Random random, IReadOnlyList<T> list) => list[random.Next(list.Count)];

    private static string? Escape(Random random, Node tree)
    {
        List<StringRef> strings = Strings(tree).Where(s => s.Get().Length > 0).ToList();
        if (strings.Count == 0)
            return null;
        StringRef target = Pick(random, strings);
        byte[] content = target.Get();
        // The characters (runes) that are not inside an escape already.
        var runes = new List<(int Start, int Length)>();
        for (int i = 0; i < content.Length;)
        {
            if (content[i] == '\\')
            {
                i += content.Length > i + 1 && content[i + 1] == 'u' ? 6 : 2;
                continue;
            }
            int length = content[i] < 0x80 ? 1 : content[i] >= 0xF0 ? 4 : content[i] >= 0xE0 ? 3 : 2;
            runes.Add((i, Math.Min(length, content.Length - i)));
            i += length;
        }
        if (runes.Count == 0)
            return null;
        (int start, int len) = Pick(random, runes);
        string text = Encoding.UTF8.GetString(content, start, len);
        string format = random.Next(2) == 0 ? "X4" : "x4";
        string escaped = random.Next(6) == 0 && text == "/" ? "\\/" : string.Concat(text.Select(c => "\\u" + ((int)c).ToString(format, CultureInfo.InvariantCulture)));
        target.Set([.. content[..start], .. Encoding.ASCII.GetBytes(escaped), .. content[(start + len)..]]);
        return $"{target.Where}: '{Printable(Encoding.UTF8.GetBytes(text))}' -> {escaped}";
    }

    private static string? KeyLowercase(Random random, Node tree)
    {
        List<AttributeRef> keys = Attributes(tree).Where(a => a.Member.Key.Any(b => b is >= (byte)'A' and <= (byte)'F')).ToList();
        if (keys.Count == 0)
            return null;
        AttributeRef target = Pick(random, keys);
        string before = target.Member.KeyText;
        target.Member.Key = Encoding.ASCII.GetBytes(before.ToLowerInvariant());
        return $"{before} -> {target.Member.KeyText}";
    }

    private static string? KeyKeyword(Random random, Node tree)
    {
        List<(AttributeRef Attribute, string Keyword)> keys = Attributes(tree)
            .Select(a => (a, a.Tag is uint tag ? DicomDictionary.GetKeyword(new DicomTag(tag)) : null))
            .Where(x => x.Item2 is not null).Select(x => (x.a, x.Item2!)).ToList();
        if (keys.Count == 0)
            return null;
        (AttributeRef target, string keyword) = Pick(random, keys);
        string before = target.Member.KeyText;
        target.Member.Key = Encoding.UTF8.GetBytes(keyword);
        return $"{before} -> {keyword}";
    }

    private static readonly string[] BadKeys = ["0010001", "001000100", "0010001G", "", "PatientNam", "patientname", "0x100010", "(0010,0010)", "0010,0010", " 00100010", "00100010 ", "\\u0030\\u0030100010", "NotAKeyword", "é0100010"];

    private static string? KeyBad(Random random, Node tree)
    {
        List<AttributeRef> attributes = Attributes(tree);
        if (attributes.Count == 0)
            return null;
        AttributeRef target = Pick(random, attributes);
        string before = target.Member.KeyText;
        target.Member.Key = Encoding.UTF8.GetBytes(Pick(random, BadKeys));
        return $"{before} -> \"{target.Member.KeyText}\"";
    }

    private static string? Swap(Random random, Node tree)
    {
        List<(ObjectNode Dataset, int Depth)> datasets = Datasets(tree).Where(d => d.Dataset.Members.Count >= 2).ToList();
        if (datasets.Count == 0)
            return null;
        ObjectNode dataset = Pick(random, datasets).Dataset;
        int a = random.Next(dataset.Members.Count - 1);
        int b = random.Next(2) == 0 ? a + 1 : random.Next(a + 1, dataset.Members.Count);
        (dataset.Members[a], dataset.Members[b]) = (dataset.Members[b], dataset.Members[a]);
        return $"{dataset.Members[b].KeyText} <-> {dataset.Members[a].KeyText}";
    }

    private static string? Duplicate(Random random, Node tree)
    {
        List<AttributeRef> attributes = Attributes(tree);
        if (attributes.Count == 0)
            return null;
        AttributeRef target = Pick(random, attributes);
        int index = target.Dataset.Members.IndexOf(target.Member);
        int at = random.Next(3) == 0 ? random.Next(target.Dataset.Members.Count + 1) : index + 1;
        var copy = new Member(target.Member.Key, random.Next(3) == 0 ? Parse("""{"vr":"LO","Value":["other"]}""") : target.Member.Value.Clone());
        target.Dataset.Members.Insert(at, copy);
        return $"{target.Member.KeyText} again at {at}";
    }

    private static string? VrRemoved(Random random, Node tree)
    {
        List<AttributeRef> attributes = Attributes(tree).Where(a => a.Body?.Find("vr") is not null).ToList();
        if (attributes.Count == 0)
            return null;
        AttributeRef target = Pick(random, attributes);
        target.Body!.Members.Remove(target.Body.Find("vr")!);
        return $"{target.Member.KeyText} ({target.VR ?? "?"}) without vr";
    }

    private static string? VrAfterValue(Random random, Node tree)
    {
        List<AttributeRef> attributes = Attributes(tree).Where(a => a.Body?.Find("vr") is not null && a.Body.Members.Count > 1).ToList();
        if (attributes.Count == 0)
            return null;
        AttributeRef target = Pick(random, attributes);
        Member vr = target.Body!.Find("vr")!;
        target.Body.Members.Remove(vr);
        target.Body.Members.Add(vr);
        return $"{target.Member.KeyText} ({target.VR}) vr last";
    }

    private static string? KeywordName(Random random, Node tree)
    {
        List<AttributeRef> attributes = Attributes(tree).Where(a => a.Body is not null).ToList();
        if (attributes.Count == 0)
            return null;
        AttributeRef target = Pick(random, attributes);
        string keyword = target.Tag is uint tag ? DicomDictionary.GetKeyword(new DicomTag(tag)) ?? "Unknown" : "Unknown";
        Node value = random.Next(4) switch
        {
            0 => Quoted(keyword),
            1 => Parse("""{"nested":[1,"two",{"three":null}]}"""),
            2 => Raw("null"),
            _ => Quoted("A \\\"name\\\" é"),
        };
        string name = random.Next(3) switch { 0 => "keyword", 1 => "name", _ => random.Next(2) == 0 ? "k\\u0065yword" : "name" };
        int at = random.Next(target.Body!.Members.Count + 1);
        target.Body.Members.Insert(at, new Member(Encoding.UTF8.GetBytes(name), value));
        if (random.Next(3) == 0)
            target.Body.Members.Insert(random.Next(target.Body.Members.Count + 1), new Member("name"u8.ToArray(), Quoted("Some Name")));
        return $"{target.Member.KeyText}: \"{name}\" at {at}";
    }

    private static string? NumberAsString(Random random, Node tree)
    {
        List<(AttributeRef Attribute, RawNode Value)> numbers = Attributes(tree)
            .Where(a => a.VR is string vr && NumericVRs.Contains(vr) && a.Values is not null)
            .SelectMany(a => a.Values!.Items.OfType<RawNode>().Where(v => v.IsNumber).Select(v => (a, v))).ToList();
        if (numbers.Count == 0)
            return null;
        (AttributeRef target, RawNode value) = Pick(random, numbers);
        string text = Encoding.UTF8.GetString(value.Bytes);
        string quoted = random.Next(4) switch { 0 => $"\" {text} \"", 1 => $"\"{text} \"", _ => $"\"{text}\"" };
        value.Bytes = Encoding.UTF8.GetBytes(quoted);
        return $"{target.Member.KeyText} ({target.VR}): {text} -> {quoted}";
    }

    /// <summary>
    /// A number (a number token or number text in a string, of IS DS US SS UL SL SV UV FL FD, or an AT)
    /// written as a string with some or all of its characters escaped: "\u0034\u0032" is 42 (#25).
    /// </summary>
    private static string? EscapedDigits(Random random, Node tree)
    {
        List<(AttributeRef Attribute, RawNode Value)> numbers = Attributes(tree)
            .Where(a => a.VR is string vr && (NumericVRs.Contains(vr) || vr == "AT") && a.Values is not null)
            .SelectMany(a => a.Values!.Items.OfType<RawNode>().Where(v => v.IsNumber || (v.IsString && v.Bytes.Length > 2 && !v.Bytes.Contains((byte)'\\'))).Select(v => (a, v))).ToList();
        if (numbers.Count == 0)
            return null;
        (AttributeRef target, RawNode value) = Pick(random, numbers);
        string text = Encoding.UTF8.GetString(value.IsString ? value.Bytes[1..^1] : value.Bytes);
        bool all = random.Next(2) == 0;
        string format = random.Next(2) == 0 ? "X4" : "x4";
        string escaped = string.Concat(text.Select((c, i) => all || i % 2 == 0 ? "\\u" + ((int)c).ToString(format, CultureInfo.InvariantCulture) : c.ToString()));
        value.Bytes = Encoding.UTF8.GetBytes($"\"{escaped}\"");
        return $"{target.Member.KeyText} ({target.VR}): {Printable(Encoding.UTF8.GetBytes(text))} -> \"{escaped}\"";
    }

    private static string? StringAsNumber(Random random, Node tree)
    {
        List<(AttributeRef Attribute, RawNode Value)> strings = Attributes(tree)
            .Where(a => a.VR is string vr && vr != "PN" && vr != "SQ" && a.Values is not null)
            .SelectMany(a => a.Values!.Items.OfType<RawNode>().Where(v => v.IsString).Select(v => (a, v))).ToList();
        if (strings.Count == 0)
            return null;
        (AttributeRef target, RawNode value) = Pick(random, strings);
        string text = Encoding.UTF8.GetString(value.Bytes[1..^1]);
        string number = DicomText.IsJsonNumber(Encoding.UTF8.GetBytes(text)) && random.Next(2) == 0 ? text : Pick(random, ["12", "1.5", "-3", "0", "1e3", "20250115"]);
        value.Bytes = Encoding.UTF8.GetBytes(number);
        return $"{target.Member.KeyText} ({target.VR}): \"{Printable(Encoding.UTF8.GetBytes(text))}\" -> {number}";
    }

    /// <summary>Gives an attribute of <paramref name="vr"/> the body: replaces the body of one the tree has, or adds one at its place in tag order.</summary>
    private static string PutAttribute(Random random, Node tree, string vr, Node body)
    {
        List<AttributeRef> same = Attributes(tree).Where(a => a.VR == vr).ToList();
        if (same.Count > 0 && random.Next(3) != 0)
        {
            AttributeRef target = Pick(random, same);
            target.Member.Value = body;
            return $"{target.Member.KeyText} ({vr})";
        }
        List<(ObjectNode Dataset, int Depth)> datasets = Datasets(tree);
        if (datasets.Count == 0)
        {
            // Not a data set at all (a broken seed): the attribute becomes the whole input.
            return "none";
        }
        ObjectNode dataset = Pick(random, datasets).Dataset;
        uint tag = random.Next(4) == 0 ? 0x00091000u + (uint)Array.IndexOf(AllVRs, vr) : TagOfVR[vr];
        string key = tag.ToString("X8", CultureInfo.InvariantCulture);
        int existing = dataset.Members.FindIndex(m => m.KeyIs(key));
        if (existing >= 0)
            dataset.Members[existing].Value = body;
        else
        {
            int at = dataset.Members.FindIndex(m => string.CompareOrdinal(m.KeyText, key) > 0);
            dataset.Members.Insert(at < 0 ? dataset.Members.Count : at, new Member(Encoding.ASCII.GetBytes(key), body));
        }
        return $"{key} ({vr})";
    }

    private static string? RangeEdge(Random random, Node tree)
    {
        (string vr, string values) = Pick(random, RangeEdges);
        Node body = Parse($"{{\"vr\":\"{vr}\",\"Value\":{values}}}");
        return $"{PutAttribute(random, tree, vr, body)} Value {values}";
    }

    private static string? NumberSyntaxEdge(Random random, Node tree)
    {
        string vr = Pick(random, NumericVRs);
        string number = Pick(random, NumberSyntax);
        string values = random.Next(3) == 0 ? $"[1,{number}]" : $"[{number}]";
        Node body = Parse($"{{\"vr\":\"{vr}\",\"Value\":{values}}}");
        return $"{PutAttribute(random, tree, vr, body)} Value {values}";
    }

    private static string? ShapeEdge(Random random, Node tree)
    {
        (string vr, string text) = Pick(random, ShapeEdges);
        // A body the lenient parse would repair (a missing or extra comma) goes in as it is written.
        Node body = Parse(text);
        if (!Write(body).AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(text)))
            body = Raw(text);
        return $"{PutAttribute(random, tree, vr, body)} = {text}";
    }

    private static string? InsertIntoString(Random random, Node tree, byte[] bytes, string what)
    {
        List<StringRef> strings = Strings(tree);
        if (strings.Count == 0)
            return null;
        StringRef target = Pick(random, strings);
        byte[] content = target.Get();
        // At a place between characters (not inside an escape or a multi-byte sequence), or at the end.
        var places = new List<int>();
        for (int i = 0; i <= content.Length;)
        {
            places.Add(i);
            if (i == content.Length)
                break;
            i += content[i] == '\\' ? (content.Length > i + 1 && content[i + 1] == 'u' ? 6 : 2) : content[i] < 0x80 ? 1 : content[i] >= 0xF0 ? 4 : content[i] >= 0xE0 ? 3 : 2;
            i = Math.Min(i, content.Length);
        }
        int at = Pick(random, places);
        target.Set([.. content[..at], .. bytes, .. content[at..]]);
        return $"{what} {Hex(bytes)} at {at} of {target.Where}";
    }

    private static readonly string[] OtherVRs = ["XX", "sq", "lo", "", "L", "LOO", "\\u004cO", "ox"];

    private static string? VrChange(Random random, Node tree)
    {
        List<AttributeRef> attributes = Attributes(tree).Where(a => a.VR is not null).ToList();
        if (attributes.Count == 0)
            return null;
        AttributeRef target = Pick(random, attributes);
        string vr = random.Next(5) == 0 ? Pick(random, OtherVRs) : Pick(random, AllVRs);
        target.Body!.Find("vr")!.Value = Quoted(vr);
        return $"{target.Member.KeyText}: {target.VR} -> {vr}";
    }

    private static string? RemoveMember(Random random, Node tree)
    {
        List<AttributeRef> attributes = Attributes(tree).Where(a => a.Body is { Members.Count: > 0 }).ToList();
        if (attributes.Count == 0)
            return null;
        AttributeRef target = Pick(random, attributes);
        if (target.Values is { Items.Count: > 0 } values && random.Next(2) == 0)
        {
            int index = random.Next(values.Items.Count);
            values.Items.RemoveAt(index);
            return $"{target.Member.KeyText}: value {index} removed";
        }
        Member member = Pick(random, target.Body!.Members);
        target.Body.Members.Remove(member);
        return $"{target.Member.KeyText}: \"{member.KeyText}\" removed";
    }

    private static string? GroupOrder(Random random, Node tree)
    {
        // Person name groups out of order, duplicated, or unknown.
        List<ObjectNode> names = Attributes(tree).Where(a => a.VR == "PN" && a.Values is not null)
            .SelectMany(a => a.Values!.Items.OfType<ObjectNode>()).ToList();
        if (names.Count == 0)
            return null;
        ObjectNode name = Pick(random, names);
        switch (random.Next(4))
        {
            case 0 when name.Members.Count >= 2:
                name.Members.Reverse();
                return "PN groups reversed";
            case 1 when name.Members.Count >= 1:
                name.Members.Add(new Member(name.Members[0].Key, Quoted("Again")));
                return $"PN group {name.Members[0].KeyText} twice";
            case 2:
                name.Members.Insert(random.Next(name.Members.Count + 1), new Member("Unknown"u8.ToArray(), Quoted("x")));
                return "PN group Unknown";
            default:
                name.Members.Insert(0, new Member(random.Next(2) == 0 ? "Phonetic"u8.ToArray() : "Ideographic"u8.ToArray(), random.Next(2) == 0 ? Raw("null") : Quoted("")));
                return "PN group first";
        }
    }

    // ---------------------------------------------------------------- whole inputs

    /// <summary>Shapes of the whole input: an array where an object is expected and the reverse, nothing at all, top-level tokens that are no object.</summary>
    private static readonly string[] TopShapes =
        ["[{}", "[{} ", "[{},{}", "[{\"00100010\":{\"vr\":\"PN\"}} ", "", " ", "\r\n\t ", "[]", " [ ] ", "[null]", "[1]", "{}", "[{}]", "[{},]", "[,]", "null", "\"x\"", "[{}{}]", "[{},{}]", "[[]]", "{}{}", "[{}] []", "\uFEFF[{}]", "[{\"00100010\":{\"vr\":\"PN\"}}", "]", "{", "[", "[{\"00100010\"}]"];

    private static readonly string[] Trailing = [",", "x", " {}", "]", "}", "\0", " \r\n", "[]", "null", "//", "/* */", " ,", "\u00A0"];

    /// <summary>
    /// One structured case: a seed, one to three mutations of its tree (or none), written compact or
    /// with whitespace, and at times cut short, followed by more content, or wrapped or unwrapped.
    /// </summary>
    public static Case Structured(Random random, IReadOnlyList<Seed> seeds)
    {
        Seed seed = Pick(random, seeds);
        var parts = new List<string> { seed.Name };
        Node tree = Parse(seed.Bytes);
        int count = random.Next(8) switch { 0 => 0, 1 or 2 => 2, 3 => 3, _ => 1 };
        for (int m = 0; m < count; m++)
        {
            for (int attempt = 0; attempt < 8; attempt++)
            {
                Mutation mutation = Pick(random, TreeMutations);
                string? done = mutation.Apply(random, tree);
                if (done is not null)
                {
                    parts.Add($"{mutation.Name}: {done}");
                    break;
                }
            }
        }
        double whitespace = random.Next(3) == 0 ? Pick(random, [0.05, 0.3, 1.0]) : 0;
        if (whitespace > 0)
            parts.Add($"whitespace {whitespace}");
        if (random.Next(6) == 0)
        {
            // The single object where an array is expected, or an array around the object.
            if (tree is ArrayNode { Items.Count: > 0 } array)
            {
                tree = array.Items[0];
                parts.Add("unwrapped to the first object");
            }
            else
            {
                var wrap = new ArrayNode();
                wrap.Items.Add(tree);
                if (random.Next(2) == 0)
                    wrap.Items.Add(tree.Clone());
                tree = wrap;
                parts.Add($"wrapped in an array of {wrap.Items.Count}");
            }
        }
        byte[] bytes = Write(tree, random, whitespace);
        switch (random.Next(12))
        {
            case 0:
                int cut = random.Next(bytes.Length + 1);
                bytes = bytes[..cut];
                parts.Add($"truncated at {cut}");
                break;
            case 1:
                string trailing = Pick(random, Trailing);
                bytes = [.. bytes, .. Encoding.UTF8.GetBytes(trailing)];
                parts.Add($"trailing \"{Printable(Encoding.UTF8.GetBytes(trailing))}\"");
                break;
            case 2 when random.Next(3) == 0:
                string top = Pick(random, TopShapes);
                bytes = Encoding.UTF8.GetBytes(top);
                parts.Add($"whole input \"{Printable(bytes)}\"");
                break;
        }
        return new Case(bytes, string.Join(" | ", parts));
    }

    private static readonly byte[] Interesting = "{}[]\":,\\0123456789-+.eE ntfu\t\r\n"u8.ToArray().Concat(new byte[] { 0x00, 0x7F, 0x80, 0xC3, 0xFF, 0xED }).ToArray();

    /// <summary>One byte-level case: a seed (compact or with whitespace) with one to four bytes flipped, inserted or deleted.</summary>
    public static Case Bytes(Random random, IReadOnlyList<Seed> seeds)
    {
        Seed seed = Pick(random, seeds);
        var parts = new List<string> { seed.Name };
        List<byte> bytes;
        if (random.Next(4) == 0)
        {
            double whitespace = Pick(random, [0.1, 0.5]);
            bytes = [.. Write(Parse(seed.Bytes), random, whitespace)];
            parts.Add($"whitespace {whitespace}");
        }
        else
            bytes = [.. seed.Bytes];
        int count = random.Next(3) == 0 ? random.Next(2, 5) : 1;
        for (int m = 0; m < count && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    byte flipped = (byte)(bytes[at] ^ (1 << random.Next(8)));
                    parts.Add($"bit flip at {at}: {Hex([bytes[at]])} -> {Hex([flipped])}");
                    bytes[at] = flipped;
                    break;
                case 1:
                    byte replaced = random.Next(2) == 0 ? (byte)random.Next(256) : Interesting[random.Next(Interesting.Length)];
                    parts.Add($"byte at {at}: {Hex([bytes[at]])} -> {Hex([replaced])}");
                    bytes[at] = replaced;
                    break;
                case 2:
                case 3:
                    byte inserted = random.Next(2) == 0 ? (byte)random.Next(256) : Interesting[random.Next(Interesting.Length)];
                    bytes.Insert(at, inserted);
                    parts.Add($"insert {Hex([inserted])} at {at}");
                    break;
                default:
                    int length = Math.Min(random.Next(1, 5), bytes.Count - at);
                    parts.Add($"delete {length} at {at}: {Hex(bytes.GetRange(at, length).ToArray())}");
                    bytes.RemoveRange(at, length);
                    break;
            }
        }
        return new Case(bytes.ToArray(), string.Join(" | ", parts));
    }

    /// <summary>
    /// Sequences nested <paramref name="depth"/> levels, for MaxSequenceDepth: items as arrays, at
    /// times a lone item, a null item, keys out of order, or a value array nested as deep in plain
    /// arrays (the JSON depth limit rather than the DICOM one).
    /// </summary>
    public static Case Nested(Random random, int depth)
    {
        var parts = new List<string> { $"nested {depth}" };
        string inner = """{"0020000E":{"vr":"UI","Value":["1.2"]}}""";
        if (random.Next(4) == 0)
        {
            inner = $$$"""{"00100010":{"vr":"PN","Value":{{{new string('[', depth * 3)}}}{{{new string(']', depth * 3)}}}}}""";
            parts.Add("plain arrays inside");
        }
        for (int level = depth; level >= 1; level--)
        {
            switch (random.Next(8))
            {
                case 0:
                    inner = $$$"""{"00081115":{"vr":"SQ","Value":{{{inner}}}}}""";
                    parts.Add($"lone item at {level}");
                    break;
                case 1:
                    inner = $$$"""{"00081115":{"vr":"SQ","Value":[null,{{{inner}}}]}}""";
                    parts.Add($"null item at {level}");
                    break;
                case 2:
                    inner = $$$"""{"00100020":{"vr":"LO","Value":["x"]},"00081115":{"vr":"SQ","Value":[{{{inner}}}]}}""";
                    parts.Add($"out of order at {level}");
                    break;
                case 3:
                    inner = $$$"""{"00081115":{"Value":[{{{inner}}}],"vr":"SQ"}}""";
                    parts.Add($"vr after Value at {level}");
                    break;
                case 4:
                    inner = $$$"""{"00081115":{"Value":[{{{inner}}}]}}""";
                    parts.Add($"no vr at {level}");
                    break;
                default:
                    inner = $$$"""{"00080060":{"vr":"CS","Value":["CT"]},"00081115":{"vr":"SQ","Value":[{},{{{inner}}}]}}""";
                    break;
            }
        }
        string json = random.Next(2) == 0 ? $"[{inner}]" : inner;
        byte[] bytes = random.Next(3) == 0 ? Write(Parse(json), random, 0.3) : Encoding.UTF8.GetBytes(json);
        return new Case(bytes, string.Join(" | ", parts));
    }

    // ---------------------------------------------------------------- seeds

    /// <summary>One attribute of every VR, in canonical form once written (sorted keys, compact).</summary>
    private const string EveryVR = """
        {"00080054":{"vr":"AE","Value":["STORESCP","ANY"]},"00101010":{"vr":"AS","Value":["042Y"]},"00209165":{"vr":"AT","Value":["00100010","7FE00010"]},
         "00080060":{"vr":"CS","Value":["CT"]},"00080020":{"vr":"DA","Value":["20250115"]},"00101030":{"vr":"DS","Value":[72.5,"1.50",-0.001]},
         "0008002A":{"vr":"DT","Value":["20250115143005.123+0100"]},"00189087":{"vr":"FD","Value":[1000.5,-0.0,1e-300]},"00089459":{"vr":"FL","Value":[29.97]},
         "00200013":{"vr":"IS","Value":[-7,2147483647]},"00080070":{"vr":"LO","Value":["ACME \"quoted\" back\\slash","é中","\ud83d\ude00"]},"00080108":{"vr":"LT","Value":["line1\r\nline2\ttab"]},
         "0008041B":{"vr":"OB","InlineBinary":"AAECAwQFBgc="},"00660022":{"vr":"OD","InlineBinary":"AAAAAAAA8D8="},"00181638":{"vr":"OF","BulkDataURI":"https://pacs.example/bulk/1?a=1&b=2"},
         "00660040":{"vr":"OL","InlineBinary":"AQAAAA=="},"00720081":{"vr":"OV","InlineBinary":"AQAAAAAAAAA="},"00281201":{"vr":"OW","InlineBinary":"AAEC"},
         "00100010":{"vr":"PN","Value":[{"Alphabetic":"Yamada^Tarou","Ideographic":"山田^太郎","Phonetic":"やまだ^たろう"},null,{"Ideographic":"山田"}]},
         "00080050":{"vr":"SH","Value":["A1"]},"00186020":{"vr":"SL","Value":[-2147483648]},
         "00081115":{"vr":"SQ","Value":[{"0020000E":{"vr":"UI","Value":["1.2.3"]},"00081199":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":["1.2.840.10008.5.1.4.1.1.2"]}},{}]}},{}]},
         "00189219":{"vr":"SS","Value":[-32768,32767]},"00080081":{"vr":"ST","Value":["1 Main St"]},"00720082":{"vr":"SV","Value":[-9223372036854775808,"9223372036854775807"]},
         "00080030":{"vr":"TM","Value":["143005.123"]},"00080119":{"vr":"UC","Value":["long code"]},"0020000D":{"vr":"UI","Value":["1.2.826.0.1.3680043.2.1125.1"]},
         "00081161":{"vr":"UL","Value":[4294967295,0]},"0072006D":{"vr":"UN","InlineBinary":"AAEC"},"0008010E":{"vr":"UR","Value":["http://example.com/a b"]},
         "00280010":{"vr":"US","Value":[65535]},"0008030E":{"vr":"UT","Value":["text"]},"0008040C":{"vr":"UV","Value":[18446744073709551615]},
         "00080090":{"vr":"PN"},"00100020":{"vr":"LO"},"00091010":{"vr":"LO","Value":["ACME 1.0"]},"00091011":{"vr":"SS","Value":[-5]}}
        """;

    /// <summary>The same attributes as <see cref="EveryVR"/> without a JSON escape or control character, so the fast path reads it by itself.</summary>
    private static string EveryVRPlain => EveryVR
        .Replace("""ACME \"quoted\" back\\slash""", "ACME quoted backslash", StringComparison.Ordinal)
        .Replace("""line1\r\nline2\ttab""", "line1 line2 tab", StringComparison.Ordinal)
        .Replace("""\ud83d\ude00""", "no emoji: the writer escapes what is outside the BMP", StringComparison.Ordinal);

    /// <summary>Values larger than the arena's chunks and its limit for sharing one (16 KiB, 64 KiB).</summary>
    private static byte[] Large()
    {
        var random = new Random(99);
        byte[] bulk = new byte[40_000];
        random.NextBytes(bulk);
        string text = string.Concat(Enumerable.Range(0, 7_000).Select(i => i % 10 == 9 ? "é" : "abcdefghi"));
        return Encoding.UTF8.GetBytes(
            "{\"00080070\":{\"vr\":\"LO\",\"Value\":[\"" + text + "\"]},\"00081030\":{\"vr\":\"LO\",\"Value\":[\"" + new string('x', 20_000)
            + "\"]},\"7FE00010\":{\"vr\":\"OB\",\"InlineBinary\":\"" + Convert.ToBase64String(bulk) + "\"}}");
    }

    /// <summary>
    /// The seeds: canonical DICOM JSON of the synthetic data sets and of one attribute of every VR,
    /// single objects and arrays; the corpus samples as they are (pretty, unsorted) and canonical.
    /// </summary>
    public static List<Seed> Seeds(string? corpusDirectory)
    {
        var seeds = new List<Seed>();
        byte[] everyVR = DicomJson.SerializeToUtf8Bytes(DicomJson.Deserialize(EveryVR));
        seeds.Add(new Seed("every-VR", everyVR));
        seeds.Add(new Seed("every-VR[array]", [(byte)'[', .. everyVR, (byte)']']));
        byte[] plain = DicomJson.SerializeToUtf8Bytes(DicomJson.Deserialize(EveryVRPlain));
        seeds.Add(new Seed("every-VR-plain", plain));
        seeds.Add(new Seed("every-VR-plain[array]", [(byte)'[', .. plain, (byte)',', .. plain, (byte)']']));
        seeds.Add(new Seed("large", Large()));
        var random = new Random(4711);
        var synthetic = new List<DicomDataset>();
        for (int i = 0; i < 16; i++)
        {
            DicomDataset dataset = SyntheticDatasets.Random(random, depth: i % 3);
            synthetic.Add(dataset);
            seeds.Add(new Seed($"synthetic#{i}", DicomJson.SerializeToUtf8Bytes(dataset)));
        }
        for (int i = 0; i < 6; i++)
        {
            DicomDataset[] datasets = Enumerable.Range(0, random.Next(1, 4)).Select(_ => synthetic[random.Next(synthetic.Count)]).ToArray();
            seeds.Add(new Seed($"synthetic-array#{i}({datasets.Length})", DicomJson.SerializeToUtf8Bytes(datasets)));
        }
        // #26: the same data sets as Orthanc lays them out, which the fast reader reads by itself.
        var layout = new Random(2026);
        foreach (Seed seed in seeds.Where(s => s.Name is "every-VR-plain[array]" or "large" || s.Name.StartsWith("synthetic-array#", StringComparison.Ordinal)).ToList())
            seeds.Add(new Seed($"orthanc:{seed.Name}", OrthancLayout(seed.Bytes, layout)));
        seeds.Add(new Seed("empty-object", "{}"u8.ToArray()));
        seeds.Add(new Seed("empty-array", "[]"u8.ToArray()));
        if (corpusDirectory is not null && Directory.Exists(corpusDirectory))
        {
            foreach (string file in Directory.GetFiles(corpusDirectory, "*.json").Order(StringComparer.Ordinal))
            {
                byte[] bytes = File.ReadAllBytes(file);
                string name = Path.GetFileName(file);
                seeds.Add(new Seed($"corpus:{name}", bytes));
                byte[] canonical = bytes.AsSpan().TrimStart(" \t\r\n"u8)[0] == '['
                    ? DicomJson.SerializeToUtf8Bytes(DicomJson.DeserializeArray(bytes))
                    : DicomJson.SerializeToUtf8Bytes(DicomJson.Deserialize(bytes));
                seeds.Add(new Seed($"corpus:{name}(canonical)", canonical));
                seeds.Add(new Seed($"corpus:{name}(canonical,array)", canonical[0] == '[' ? canonical : [(byte)'[', .. canonical, (byte)',', .. plain, (byte)']']));
            }
        }
        return seeds;
    }

    /// <summary>
    /// Canonical DICOM JSON laid out as Orthanc writes it (#26): the value of every attribute before
    /// its "vr", every character outside ASCII as a \u escape (surrogate pairs beyond U+FFFF), '/' in
    /// URLs as "\/", and whitespace between every two tokens.
    /// </summary>
    public static byte[] OrthancLayout(byte[] canonical, Random random)
    {
        Node tree = Parse(canonical);
        foreach (AttributeRef attribute in Attributes(tree))
        {
            if (attribute.Body is ObjectNode body && body.Find("vr") is Member vr)
            {
                body.Members.Remove(vr);
                body.Members.Add(vr);
            }
        }
        foreach (StringRef text in Strings(tree))
            text.Set(EscapeNonAscii(text.Get()));
        return Write(tree, random, 1.0);
    }

    private static byte[] EscapeNonAscii(byte[] content)
    {
        bool url = content.AsSpan().StartsWith("http"u8); // slashes escaped in URLs only, as some servers write them
        var escaped = new List<byte>(content.Length);
        Span<char> units = stackalloc char[2];
        for (int i = 0; i < content.Length;)
        {
            byte b = content[i];
            if (b == '\\')
            {
                int length = i + 1 < content.Length && content[i + 1] == 'u' ? 6 : 2; // an escape already: kept
                escaped.AddRange(content.AsSpan(i, Math.Min(length, content.Length - i)).ToArray());
                i += length;
            }
            else if (b == '/' && url)
            {
                escaped.AddRange("\\/"u8.ToArray());
                i++;
            }
            else if (b < 0x80 || System.Text.Rune.DecodeFromUtf8(content.AsSpan(i), out System.Text.Rune rune, out int used) != System.Buffers.OperationStatus.Done)
            {
                escaped.Add(b);
                i++;
            }
            else
            {
                int count = rune.EncodeToUtf16(units);
                foreach (char unit in units[..count])
                    escaped.AddRange(Encoding.ASCII.GetBytes("\\u" + ((int)unit).ToString("x4", CultureInfo.InvariantCulture)));
                i += used;
            }
        }
        return [.. escaped];
    }

    // ---------------------------------------------------------------- reporting

    /// <summary>Bytes as text a report can show: ASCII as is, everything else as \xNN.</summary>
    public static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (byte b in bytes)
        {
            if (b is >= 0x20 and < 0x7F)
                text.Append((char)b);
            else
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
        }
        return text.ToString();
    }

    private static string Hex(byte[] bytes) => string.Join(" ", bytes.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
}
