using System.CommandLine;
using System.Net;
using System.Text.Json;
using DicomWeb.Cli.Output;
using DicomWeb.Client;
using static DicomWeb.DicomTags;

namespace DicomWeb.Cli.Commands;

/// <summary>
/// `dicomweb probe`: what a server does with the requests PS3.18 leaves room for, measured with a
/// test study of its own (two instances, UIDs under 2.25, patient "Probe&amp;Test^Dicomweb"), which
/// it stores first and deletes at the end. Nothing else on the server is read or written.
/// </summary>
internal static class ProbeCommand
{
    private const string PatientText = "Probe&Test^Dicomweb";
    private const string GivenName = "Dicomweb";

    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("probe", "Report what a server supports, using a test study that it stores and deletes") { format };
        Verb.SetAction(command, async (parse, cancellationToken) =>
        {
            using Connection.Lease store = Connection.Open(parse);
            var report = new List<ProbeResult>();
            string study = DicomUid.Generate(), series = DicomUid.Generate();
            string[] sops = [DicomUid.Generate(), DicomUid.Generate()];
            byte[][] files = [await Instance(study, series, sops[0], 1), await Instance(study, series, sops[1], 2)];
            IDicomWebClient client = store.Client;
            var strays = new List<string>(); // studies only a server that ignores the study in the URL would store

            StowResult stored = await client.StoreAsync(files, null, null, cancellationToken);
            HttpStatusCode? stowStatus = stored.Responses.Count > 0 ? stored.Responses[0].StatusCode : null;
            report.Add(new("stow.status", stored.AllStored, $"{(stowStatus is { } s ? (int)s : 0)}; {stored.Stored.Count} of 2 stored"));
            report.Add(new("stow.retrieve-url", stored.Stored.All(x => x.RetrieveUrl is not null), "RetrieveURL for each instance"));
            report.Add(new("stow.response-format", stored.ResponseMediaType == "application/dicom+json",
                $"{stored.ResponseMediaType ?? "no Content-Type"} for Accept: application/dicom+json"));
            if (!stored.AllStored)
            {
                Write(parse.GetValue(format)!, report);
                return Verb.Fail(ExitCodes.Server, "the test study could not be stored; nothing else was probed", null);
            }
            try
            {
                await Search(report, "qido.exact-uid", client, Qido.Studies().Where(StudyInstanceUID.Is(study)), 1, cancellationToken);
                await Search(report, "qido.uid-list", client, Qido.Studies().Where(StudyInstanceUID.In(study, "2.25.1")), 1, cancellationToken);
                await Search(report, "qido.wildcard-star", client, Qido.Studies().Where(StudyInstanceUID.Is(study)).Where(PatientName.Like("Probe*Dicomweb")), 1, cancellationToken);
                await Search(report, "qido.wildcard-question", client, Qido.Studies().Where(StudyInstanceUID.Is(study)).Where(PatientName.Like("Prob?*Dicomweb")), 1, cancellationToken);
                await Search(report, "qido.percent-decoding", client, Qido.Studies().Where(StudyInstanceUID.Is(study)).Where(PatientName.Is(PatientText)), 1, cancellationToken,
                    "an exact match on a value with '&' (sent as %26)");
                await Search(report, "qido.date-range", client, Qido.Studies().Where(StudyInstanceUID.Is(study)).Where(StudyDate.Between(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31))), 1, cancellationToken);
                await Fuzzy(report, client, study, cancellationToken);
                await Paging(report, client, study, cancellationToken);
                await Accept(report, "wado.accept-quoted", parse, true, study, cancellationToken);
                await Accept(report, "wado.accept-unquoted", parse, false, study, cancellationToken);
                WadoResource instance = Wado.Study(study).Series(series).Instance(sops[0]);
                await Parts(report, "wado.single-part", () => client.RetrieveAsync(instance, [AcceptableMediaType.DicomSinglePart("*")], cancellationToken));
                await Parts(report, "wado.rendered", () => client.RetrieveRenderedAsync(instance, null, cancellationToken));
                await Parts(report, "wado.thumbnail", () => client.RetrieveThumbnailAsync(instance, "image/jpeg", null, cancellationToken));
                await Parts(report, "wado.metadata", async () => { var m = await client.RetrieveMetadataAsync(Wado.Study(study), cancellationToken); return m.Count == 2; });
                // Last, as they add an instance to the test study.
                await StowStatuses(report, client, study, series, strays, cancellationToken);
            }
            finally
            {
                foreach (string stray in strays)
                    await RemoveStray(report, client, stray);
                try
                {
                    await client.DeleteAsync(Wado.Study(study), CancellationToken.None);
                    report.Add(new("delete", true, "the test study was deleted"));
                }
                catch (DicomWebException e)
                {
                    report.Add(new("delete", false, $"not offered ({Status(e)}): remove test study {study} by other means"));
                }
            }
            Write(parse.GetValue(format)!, report);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One line of the report: a check, whether the server passed it, and what was seen.</summary>
    private sealed record ProbeResult(string Check, bool Supported, string Detail);

    private static string Status(DicomWebException e) => e.StatusCode is { } s ? ((int)s).ToString() : "no response";

    private static async Task<byte[]> Instance(string study, string series, string sop, int number)
    {
        byte[] pixels = new byte[16 * 16];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (byte)(i * 7);
        var dataset = new DicomDataset()
            .Set(SpecificCharacterSet, "ISO_IR 192")
            .Set(SOPClassUID, DicomUids.SecondaryCaptureImageStorage)
            .Set(SOPInstanceUID, sop)
            .Set(StudyDate, new DicomDate(new DateOnly(2025, 1, 15)))
            .Set(StudyTime, DicomTime.Parse("101500"))
            .Set(Modality, "OT")
            .Set(PatientName, PersonName.Parse(PatientText))
            .Set(PatientID, "DICOMWEB-PROBE")
            .Set(StudyDescription, "dicomweb probe test study (safe to delete)")
            .Set(StudyInstanceUID, study)
            .Set(SeriesInstanceUID, series)
            .Set(InstanceNumber, number)
            .Set(SamplesPerPixel, (ushort)1)
            .Set(PhotometricInterpretation, "MONOCHROME2")
            .Set(Rows, (ushort)16)
            .Set(Columns, (ushort)16)
            .Set(BitsAllocated, (ushort)8)
            .Set(BitsStored, (ushort)8)
            .Set(HighBit, (ushort)7)
            .Set(PixelRepresentation, (ushort)0)
            .Set(new BinaryTag(PixelData.Tag, DicomVR.OB), DicomBulkData.FromBytes(pixels));
        using var buffer = new MemoryStream();
        await DicomFile.Create(dataset).SaveAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// The statuses PS3.18 10.5.3 gives a partly or wholly refused store, with instances a server
    /// must refuse: ones of another study posted to the test study's URL. 409 for none stored,
    /// 202 for some; the other study stays empty on a server that follows the URL.
    /// </summary>
    private static async Task StowStatuses(List<ProbeResult> report, IDicomWebClient client, string study, string series, List<string> strays, CancellationToken cancellationToken)
    {
        var into = new StowOptions { StudyInstanceUid = study };
        string otherStudy = DicomUid.Generate();
        strays.Add(otherStudy);
        var stow = new List<ProbeResult>();
        try
        {
            StowResult conflict = await client.StoreAsync([await Instance(otherStudy, DicomUid.Generate(), DicomUid.Generate(), 1)], into, null, cancellationToken);
            stow.Add(new("stow.conflict-409", Status(conflict) == HttpStatusCode.Conflict && conflict.Failed.Count == 1 && conflict.Failed[0].FailureReason is not null,
                $"an instance of another study: {Outcome(conflict)}"));

            StowResult mixed = await client.StoreAsync([await Instance(study, series, DicomUid.Generate(), 3), await Instance(otherStudy, DicomUid.Generate(), DicomUid.Generate(), 1)], into, null, cancellationToken);
            stow.Add(new("stow.partial-202", Status(mixed) == HttpStatusCode.Accepted && mixed.Stored.Count == 1 && mixed.Failed.Count == 1,
                $"one instance of the study and one of another: {Outcome(mixed)}"));
        }
        catch (DicomWebException e)
        {
            stow.Add(new("stow.conflict-409", false, $"refused ({Status(e)})"));
        }
        // Listed with the other STOW checks, though run last.
        report.InsertRange(report.FindIndex(r => r.Check == "stow.response-format") + 1, stow);
    }

    // A server that stored what it should have refused: say so, and remove it where delete is offered.
    private static async Task RemoveStray(List<ProbeResult> report, IDicomWebClient client, string stray)
    {
        try
        {
            bool stored = false;
            await foreach (DicomDataset _ in client.SearchAsync(Qido.Studies().Where(StudyInstanceUID.Is(stray)), CancellationToken.None))
                stored = true;
            if (!stored)
                return;
            await client.DeleteAsync(Wado.Study(stray), CancellationToken.None);
            report.Add(new("stow.stray-study", false, $"instances posted to the test study's URL were stored under their own study {stray} (deleted)"));
        }
        catch (DicomWebException e)
        {
            report.Add(new("stow.stray-study", false, $"instances posted to the test study's URL were stored under their own study {stray}, which could not be deleted ({Status(e)}): remove it by other means"));
        }
    }

    private static HttpStatusCode? Status(StowResult result) => result.Responses.Count > 0 ? result.Responses[0].StatusCode : null;

    // e.g. "409, 1 stored, 1 failed (FailureReason 0x0110), Content-Type none"
    private static string Outcome(StowResult result)
    {
        string status = Status(result) is HttpStatusCode code ? ((int)code).ToString() : "no response";
        string reasons = string.Join(", ", result.Failed.Where(f => f.FailureReason is not null).Select(f => $"0x{f.FailureReason:X4}").Distinct());
        return $"{status}, {result.Stored.Count} stored, {result.Failed.Count} failed{(reasons.Length > 0 ? $" (FailureReason {reasons})" : "")}, Content-Type {result.ResponseMediaType ?? "none"}";
    }

    private static async Task Search(List<ProbeResult> report, string check, IDicomWebClient client, QidoQuery query, int expected, CancellationToken cancellationToken, string? what = null)
    {
        try
        {
            int found = 0;
            await foreach (DicomDataset _ in client.SearchAsync(query, cancellationToken))
                found++;
            report.Add(new(check, found == expected, $"{found} found of {expected}" + (what is null ? "" : $": {what}")));
        }
        catch (DicomWebException e)
        {
            report.Add(new(check, false, $"refused ({Status(e)})"));
        }
    }

    /// <summary>
    /// Fuzzy matching of person names (PS3.18 8.3.4.2): what it matches is the server's to define
    /// (PS3.4 C.2.2.2.1.1), and a literal person-name match may ignore case already (PS3.4
    /// C.2.2.2.1), so a name in another case proves nothing. The test patient's given name alone
    /// matches "Probe&amp;Test^Dicomweb" by no literal rule but by the component or word matching
    /// fuzzy matchers do; it counts only when the same search without fuzzymatching finds nothing.
    /// A server that does not support it should say so in a Warning 299.
    /// </summary>
    private static async Task Fuzzy(List<ProbeResult> report, IDicomWebClient client, string study, CancellationToken cancellationToken)
    {
        QidoQuery literal = Qido.Studies().Where(StudyInstanceUID.Is(study)).Where(PatientName.Is(GivenName));
        try
        {
            var warnings = new List<QidoWarning>();
            int fuzzy = 0, plain = 0;
            await foreach (DicomDataset _ in client.SearchAsync(literal.FuzzyMatching(), warnings, cancellationToken))
                fuzzy++;
            await foreach (DicomDataset _ in client.SearchAsync(literal, cancellationToken))
                plain++;
            bool refused = warnings.Any(w => w.Kind == QidoWarningKind.FuzzyMatchingNotSupported);
            string detail = $"the given name alone ({GivenName}): {fuzzy} found with fuzzymatching=true, {plain} without"
                + (refused ? "; Warning 299: not supported"
                    : plain > 0 ? "; components match without fuzzymatching too"
                    : fuzzy == 0 ? "; no Warning 299 saying it is not supported"
                    : "");
            report.Add(new("qido.fuzzy", fuzzy == 1 && plain == 0, detail));
        }
        catch (DicomWebException e)
        {
            report.Add(new("qido.fuzzy", false, $"refused ({Status(e)})"));
        }
    }

    private static async Task Paging(List<ProbeResult> report, IDicomWebClient client, string study, CancellationToken cancellationToken)
    {
        try
        {
            var warnings = new List<QidoWarning>();
            var first = new List<string?>();
            await foreach (DicomDataset d in client.SearchAsync(Qido.Instances(study).Limit(1), warnings, cancellationToken))
                first.Add(d.Get(SOPInstanceUID));
            var second = new List<string?>();
            await foreach (DicomDataset d in client.SearchAsync(Qido.Instances(study).Limit(1).Offset(1), warnings, cancellationToken))
                second.Add(d.Get(SOPInstanceUID));
            bool ok = first.Count == 1 && second.Count == 1 && first[0] != second[0];
            report.Add(new("qido.limit-offset", ok, $"limit=1 gave {first.Count}, offset=1 gave {second.Count}" + (ok ? ", different instances" : "")));
            report.Add(new("qido.warning-299", warnings.Count > 0, warnings.Count > 0 ? warnings[0].ToString()! : "none sent for a limited page"));
        }
        catch (DicomWebException e)
        {
            report.Add(new("qido.limit-offset", false, $"refused ({Status(e)})"));
        }
    }

    // The multipart type parameter quoted or not: two clients that differ only in that.
    private static async Task Accept(List<ProbeResult> report, string check, ParseResult parse, bool quoted, string study, CancellationToken cancellationToken)
    {
        using Connection.Lease other = Connection.Open(parse, new DicomWebClientOptions { QuoteMultipartType = quoted });
        await Parts(report, check, async () =>
        {
            int parts = 0;
            await foreach (DicomPart part in other.Client.RetrieveAsync(Wado.Study(study), cancellationToken))
            {
                await part.Content.CopyToAsync(Stream.Null, cancellationToken);
                parts++;
            }
            return parts == 2;
        });
    }

    private static Task Parts(List<ProbeResult> report, string check, Func<IAsyncEnumerable<DicomPart>> retrieve) =>
        Parts(report, check, async () =>
        {
            int parts = 0;
            await foreach (DicomPart part in retrieve())
            {
                await part.Content.CopyToAsync(Stream.Null);
                parts++;
            }
            return parts > 0;
        });

    private static async Task Parts(List<ProbeResult> report, string check, Func<Task<bool>> run)
    {
        try
        {
            bool ok = await run();
            report.Add(new(check, ok, ok ? "200" : "answered, but not as asked"));
        }
        catch (DicomWebException e)
        {
            report.Add(new(check, false, $"refused ({Status(e)})"));
        }
    }

    private static void Write(string format, List<ProbeResult> report)
    {
        if (format == "json")
        {
            using Stream stdout = Console.OpenStandardOutput();
            using (var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartArray();
                foreach (ProbeResult r in report)
                {
                    json.WriteStartObject();
                    json.WriteString("check", r.Check);
                    json.WriteBoolean("supported", r.Supported);
                    json.WriteString("detail", r.Detail);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            stdout.Write("\n"u8);
            return;
        }
        var table = new TextTable("check", "supported", "detail") { Wrappable = new HashSet<string> { "detail" } };
        foreach (ProbeResult r in report)
            table.Add(r.Check, r.Supported ? "yes" : "no", r.Detail);
        table.Write(Console.Out);
    }
}
