using System.CommandLine;
using DicomWeb.Cli.Output;
using DicomWeb.Client;
using DicomWeb.Json;

namespace DicomWeb.Cli.Commands;

/// <summary>
/// `dicomweb search studies|series|instances KEY=VALUE...`: each match is checked against the
/// tag's VR by <see cref="QidoTextMatch"/> (the typed API's matchers) before anything is sent.
/// </summary>
internal static class SearchCommand
{
    private static readonly string[] StudyColumns = ["StudyInstanceUID", "StudyDate", "PatientName", "PatientID", "ModalitiesInStudy", "StudyDescription"];
    private static readonly string[] SeriesColumns = ["SeriesInstanceUID", "Modality", "SeriesNumber", "SeriesDescription"];
    private static readonly string[] InstanceColumns = ["SOPInstanceUID", "SOPClassUID", "InstanceNumber"];

    public static Command Create()
    {
        var level = new Argument<string>("level") { Description = "studies, series or instances" };
        level.AcceptOnlyFromAmong("studies", "series", "instances");
        var matches = new Argument<string[]>("match") { Description = "KEY=VALUE, KEY a keyword or tag; VALUE as its VR allows (wildcards on text and names, ranges on dates and times, UID lists)", Arity = ArgumentArity.ZeroOrMore };
        var study = new Option<string?>("--study") { Description = "Search within this study" };
        var series = new Option<string?>("--series") { Description = "Search within this series (needs --study)" };
        var include = new Option<string[]>("--include") { Description = "More attributes in the results (keyword or tag, or 'all')", AllowMultipleArgumentsPerToken = true };
        var limit = new Option<int?>("--limit") { Description = "At most this many results" };
        var offset = new Option<int?>("--offset") { Description = "Skip this many results" };
        var fuzzy = new Option<bool>("--fuzzy") { Description = "Ask for fuzzy matching of person names" };
        var format = new Option<string>("--format") { Description = "table, json (DICOM JSON, one array) or csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var command = new Command("search", "Search (QIDO-RS) for studies, series or instances") { level, matches, study, series, include, limit, offset, fuzzy, format };

        Verb.SetAction(command, async (parse, cancellationToken) =>
        {
            string what = parse.GetValue(level)!;
            QidoQuery query = Query(what, parse.GetValue(study), parse.GetValue(series));
            var columns = new List<DicomTag>(Defaults(what).Select(DicomTag.Parse));
            // Every default column is asked for: a server returns only some attributes unasked
            // (PS3.18 Table 6.7.1-2 has no StudyDescription), and a column must not stay empty
            // because it was not requested.
            foreach (DicomTag column in columns)
                query = query.Include(column);
            foreach (string text in parse.GetValue(matches) ?? [])
            {
                int equals = text.IndexOf('=');
                if (equals <= 0)
                    throw new UsageException($"'{text}' is not KEY=VALUE{(DicomTag.TryParse(text, out _) ? "" : Suggestions.ForKeyword(text))}");
                string key = text[..equals];
                if (!DicomTag.TryParse(key, out _))
                    throw new UsageException($"'{key}' is neither a DICOM keyword nor a tag{Suggestions.ForKeyword(key)}");
                QidoMatch match = QidoTextMatch.Parse(key, text[(equals + 1)..]);
                query = query.Where(match);
                AddColumn(columns, match.Tag);
            }
            foreach (string key in parse.GetValue(include) ?? [])
            {
                if (key.Equals("all", StringComparison.OrdinalIgnoreCase))
                {
                    query = query.IncludeAll();
                    continue;
                }
                if (!DicomTag.TryParse(key, out DicomTag tag))
                    throw new UsageException($"--include '{key}' is neither a DICOM keyword nor a tag{Suggestions.ForKeyword(key)}");
                query = query.Include(tag);
                AddColumn(columns, tag);
            }
            if (parse.GetValue(limit) is int l)
                query = l > 0 ? query.Limit(l) : throw new UsageException("--limit is at least 1");
            if (parse.GetValue(offset) is int o)
                query = o >= 0 ? query.Offset(o) : throw new UsageException("--offset is at least 0");
            if (parse.GetValue(fuzzy))
                query = query.FuzzyMatching();

            using Connection.Lease store = Connection.Open(parse);
            var warnings = new List<QidoWarning>();
            var results = new List<DicomDataset>();
            await foreach (DicomDataset found in store.Client.SearchAsync(query, warnings, cancellationToken))
                results.Add(found);
            foreach (QidoWarning warning in warnings)
                Console.Error.WriteLine($"dicomweb: server warning: {SafeText.Escape(warning.Text)}");
            Write(parse.GetValue(format)!, results, columns);
            return results.Count > 0 ? ExitCodes.Ok : ExitCodes.Partial;
        });
        return command;
    }

    private static QidoQuery Query(string level, string? study, string? series)
    {
        if (series is not null && study is null)
            throw new UsageException("--series needs --study");
        return level switch
        {
            "studies" when study is null => Qido.Studies(),
            "studies" => throw new UsageException("search studies takes no --study: use StudyInstanceUID=UID"),
            "series" when series is not null => throw new UsageException("search series takes no --series: use SeriesInstanceUID=UID"),
            "series" => study is null ? Qido.Series() : Qido.Series(study),
            _ => study is null ? Qido.Instances() : series is null ? Qido.Instances(study) : Qido.Instances(study, series),
        };
    }

    private static string[] Defaults(string level) => level switch
    {
        "studies" => StudyColumns,
        "series" => SeriesColumns,
        _ => InstanceColumns,
    };

    private static void AddColumn(List<DicomTag> columns, DicomTag tag)
    {
        if (!columns.Contains(tag))
            columns.Add(tag);
    }

    private static void Write(string format, List<DicomDataset> results, List<DicomTag> columns)
    {
        string[] names = columns.Select(t => DicomDictionary.GetKeyword(t) ?? t.ToString()).ToArray();
        switch (format)
        {
            case "json":
                using (Stream stdout = Console.OpenStandardOutput())
                {
                    stdout.Write(SafeText.EscapeJson(DicomJson.SerializeToUtf8Bytes(results)));
                    stdout.Write("\n"u8);
                }
                break;
            case "csv":
                Console.Out.WriteLine(Csv.Line(names));
                foreach (DicomDataset row in results)
                    Console.Out.WriteLine(Csv.Line(columns.Select(c => Cell(row, c))));
                break;
            default:
                var table = new TextTable(names);
                foreach (DicomDataset row in results)
                    table.Add(columns.Select(c => Cell(row, c)).ToArray());
                table.Write(Console.Out);
                Console.Out.WriteLine($"{results.Count} result{(results.Count == 1 ? "" : "s")}");
                break;
        }
    }

    private static string Cell(DicomDataset row, DicomTag tag)
    {
        try
        {
            return string.Join('\\', row.GetStrings(tag));
        }
        catch (InvalidOperationException)
        {
            return "…"; // a sequence or bulk data: json output shows it
        }
    }
}
