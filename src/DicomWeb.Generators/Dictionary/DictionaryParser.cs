using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using DicomWeb.Generators.Common;

namespace DicomWeb.Generators.Dictionary;

/// <summary>
/// Reads the three dictionary files (format: data/dictionary/README.md) into a
/// <see cref="DictionarySpec"/>. A bad row becomes a diagnostic pointing at its file and line and
/// is left out, so the generated code always compiles. The diagnostics travel beside the spec, not
/// in it: the generator reports them from a step of their own.
/// </summary>
internal static class DictionaryParser
{
    public const string ElementsFile = "elements.tsv";
    public const string UidsFile = "uids.tsv";
    public const string TransferSyntaxesFile = "transfer-syntaxes.tsv";

    public static DictionaryParseResult Parse(DictionaryFile elements, DictionaryFile uids, DictionaryFile transferSyntaxes, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var elementSpecs = ParseElements(elements, diagnostics, cancellationToken);
        var uidSpecs = ParseUids(uids, diagnostics);
        var transferSyntaxSpecs = ParseTransferSyntaxes(transferSyntaxes, uidSpecs, diagnostics);
        var spec = new DictionarySpec(
            new EquatableArray<ElementSpec>(elementSpecs),
            new EquatableArray<UidSpec>(uidSpecs),
            new EquatableArray<TransferSyntaxSpec>(transferSyntaxSpecs));
        return new DictionaryParseResult(spec, new EquatableArray<DiagnosticInfo>(diagnostics));
    }

    private static List<ElementSpec> ParseElements(DictionaryFile file, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var specs = new List<ElementSpec>();
        var keywords = new Dictionary<string, int>(StringComparer.Ordinal);
        var tags = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Row row in Rows(file, "tag\tkeyword\tvr\tvm\tstatus\tname", diagnostics))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string pattern = row[0], keyword = row[1], vrText = row[2], vm = row[3], status = row[4], name = row[5];
            if (!TryParseTagPattern(pattern, out uint tag, out uint fixedMask))
            {
                diagnostics.Add(row.Problem(Diagnostics.MalformedRow, $"tag '{pattern}' is not of the form (gggg,eeee) with hex digits or x"));
                continue;
            }
            string[] vrs = vrText.Length == 0 ? Array.Empty<string>() : vrText.Split('/');
            string? unknownVR = vrs.FirstOrDefault(vr => !VRFacts.IsKnown(vr));
            if (unknownVR is not null)
            {
                diagnostics.Add(row.Problem(Diagnostics.MalformedRow, $"{pattern} has the unknown VR '{unknownVR}'"));
                continue;
            }
            if (keyword.Length > 0 && !IsIdentifier(keyword))
            {
                diagnostics.Add(row.Problem(Diagnostics.MalformedRow, $"{pattern} has the keyword '{keyword}', which is not a C# identifier"));
                continue;
            }
            if (status is not ("current" or "retired"))
            {
                diagnostics.Add(row.Problem(Diagnostics.MalformedRow, $"{pattern} has the status '{status}'; expected current or retired"));
                continue;
            }
            if (tags.TryGetValue(pattern, out int firstTagLine))
            {
                diagnostics.Add(row.Problem(Diagnostics.DuplicateEntry, $"{pattern} is already listed on line {firstTagLine}; this row is ignored"));
                continue;
            }
            if (keyword.Length > 0 && keywords.TryGetValue(keyword, out int firstLine))
            {
                diagnostics.Add(row.Problem(Diagnostics.DuplicateKeyword, $"the keyword '{keyword}' of {pattern} is already used on line {firstLine}; this row is ignored"));
                continue;
            }
            tags[pattern] = row.LineNumber;
            if (keyword.Length > 0)
                keywords[keyword] = row.LineNumber;
            specs.Add(new ElementSpec(pattern, tag, fixedMask, keyword, new EquatableArray<string>(vrs), vm, status == "retired", name));
        }
        return specs;
    }

    private static List<UidSpec> ParseUids(DictionaryFile file, List<DiagnosticInfo> diagnostics)
    {
        var specs = new List<UidSpec>();
        var uids = new Dictionary<string, int>(StringComparer.Ordinal);
        var keywords = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Row row in Rows(file, "uid\tkeyword\ttype\tstatus\tname\tinfo", diagnostics))
        {
            string uid = row[0], keyword = row[1];
            if (!IsUid(uid))
            {
                diagnostics.Add(row.Problem(Diagnostics.MalformedRow, $"'{uid}' is not a UID (digits and dots, at most 64 characters)"));
                continue;
            }
            if (keyword.Length > 0 && !IsIdentifier(keyword))
            {
                diagnostics.Add(row.Problem(Diagnostics.MalformedRow, $"{uid} has the keyword '{keyword}', which is not a C# identifier"));
                continue;
            }
            if (row[3] is not ("current" or "retired"))
            {
                diagnostics.Add(row.Problem(Diagnostics.MalformedRow, $"{uid} has the status '{row[3]}'; expected current or retired"));
                continue;
            }
            if (uids.TryGetValue(uid, out int firstUidLine))
            {
                diagnostics.Add(row.Problem(Diagnostics.DuplicateEntry, $"{uid} is already listed on line {firstUidLine}; this row is ignored"));
                continue;
            }
            if (keyword.Length > 0 && keywords.TryGetValue(keyword, out int firstLine))
            {
                diagnostics.Add(row.Problem(Diagnostics.DuplicateKeyword, $"the keyword '{keyword}' of {uid} is already used on line {firstLine}; this row is ignored"));
                continue;
            }
            uids[uid] = row.LineNumber;
            if (keyword.Length > 0)
                keywords[keyword] = row.LineNumber;
            specs.Add(new UidSpec(uid, keyword, row[2], row[3] == "retired", row[4], row[5]));
        }
        return specs;
    }

    private static List<TransferSyntaxSpec> ParseTransferSyntaxes(DictionaryFile file, List<UidSpec> uids, List<DiagnosticInfo> diagnostics)
    {
        var byUid = uids.Where(u => u.Type == "Transfer Syntax").ToDictionary(u => u.Uid, StringComparer.Ordinal);
        var specs = new List<TransferSyntaxSpec>();
        var described = new HashSet<string>(StringComparer.Ordinal);
        foreach (Row row in Rows(file, "uid\tkeyword\tvr\tendian\tencapsulated\tlossy\tdeflated", diagnostics))
        {
            string uid = row[0];
            if (!byUid.TryGetValue(uid, out UidSpec? registered))
            {
                diagnostics.Add(row.Problem(Diagnostics.MalformedRow, $"{uid} is not a transfer syntax in uids.tsv"));
                continue;
            }
            if (!described.Add(uid))
            {
                diagnostics.Add(row.Problem(Diagnostics.DuplicateEntry, $"{uid} is already described; this row is ignored"));
                continue;
            }
            if (row[2] is not ("explicit" or "implicit") || row[3] is not ("little" or "big")
                || !TryParseYesNo(row[4], out bool encapsulated) || !TryParseYesNo(row[5], out bool lossy) || !TryParseYesNo(row[6], out bool deflated))
            {
                diagnostics.Add(row.Problem(Diagnostics.MalformedRow, $"{uid}: expected vr explicit|implicit, endian little|big and yes|no flags"));
                continue;
            }
            specs.Add(new TransferSyntaxSpec(uid, registered.Keyword, registered.Name, row[2] == "explicit", row[3] == "big", encapsulated, lossy, deflated, registered.Retired));
        }
        foreach (UidSpec missing in byUid.Values.Where(u => !described.Contains(u.Uid)).OrderBy(u => u.Uid, StringComparer.Ordinal))
        {
            diagnostics.Add(new DiagnosticInfo(Diagnostics.TransferSyntaxWithoutProperties.Id,
                $"{file.Name} does not describe the transfer syntax {missing.Uid} ({missing.Name}) listed in uids.tsv; add a row for it",
                file.Path, 0, 0, 0, 0, 0, 0));
        }
        return specs;
    }

    /// <summary>Reads "(gggg,eeee)" where any digit may be x (a repeating digit).</summary>
    internal static bool TryParseTagPattern(string text, out uint tag, out uint fixedMask)
    {
        tag = 0;
        fixedMask = 0;
        if (text.Length != 11 || text[0] != '(' || text[5] != ',' || text[10] != ')')
            return false;
        foreach (char c in text.Substring(1, 4) + text.Substring(6, 4))
        {
            tag <<= 4;
            fixedMask <<= 4;
            if (c == 'x')
                continue;
            int digit = c is >= '0' and <= '9' ? c - '0' : c is >= 'A' and <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0)
                return false;
            tag |= (uint)digit;
            fixedMask |= 0xF;
        }
        return true;
    }

    private static bool IsIdentifier(string text) =>
        text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c == '_');

    private static bool IsUid(string text) =>
        text.Length is > 0 and <= 64 && text.All(c => c is >= '0' and <= '9' or '.')
        && !text.StartsWith(".", StringComparison.Ordinal) && !text.EndsWith(".", StringComparison.Ordinal) && !text.Contains("..");

    private static bool TryParseYesNo(string text, out bool value)
    {
        value = text == "yes";
        return text is "yes" or "no";
    }

    /// <summary>The data rows of a file, each with its position for diagnostics; a bad header or column count is reported here.</summary>
    private static IEnumerable<Row> Rows(DictionaryFile file, string header, List<DiagnosticInfo> diagnostics)
    {
        int start = 0, lineIndex = 0;
        string text = file.Text;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0)
                end = text.Length;
            string line = text.Substring(start, end - start).TrimEnd('\r');
            var row = new Row(file, lineIndex, start, line);
            if (lineIndex == 0)
            {
                if (line != header)
                {
                    diagnostics.Add(row.Problem(Diagnostics.MalformedRow, $"the first line must be the header '{header.Replace('\t', ' ')}' (tab-separated)"));
                    yield break;
                }
            }
            else if (line.Length > 0)
            {
                int expected = header.Split('\t').Length;
                if (row.Cells.Length != expected)
                    diagnostics.Add(row.Problem(Diagnostics.MalformedRow, $"expected {expected} tab-separated columns, found {row.Cells.Length}"));
                else
                    yield return row;
            }
            start = end + 1;
            lineIndex++;
        }
    }

    private readonly struct Row(DictionaryFile file, int lineIndex, int start, string line)
    {
        public string[] Cells { get; } = line.Split('\t');

        public int LineNumber => lineIndex + 1;

        public string this[int column] => Cells[column];

        public DiagnosticInfo Problem(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string message) =>
            new(descriptor.Id, $"{file.Name} line {LineNumber.ToString(CultureInfo.InvariantCulture)}: {message}", file.Path, start, line.Length, lineIndex, 0, lineIndex, line.Length);
    }
}
