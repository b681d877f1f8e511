using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DicomWeb.Client;
using DicomWeb.Tests;
using Xunit.Abstractions;
using static DicomWeb.DicomTags;

namespace DicomWeb.StudyService.Tests;

/// <summary>
/// The Native AOT StudyService in front of a real Orthanc: the publish is clean and native, every
/// endpoint answers what the same DICOMweb request answers directly, uploads are stored and then
/// found and previewed, and bad input is a 400 problem naming the parameter.
/// </summary>
[Collection(StudyServiceCollection.Name)]
public sealed class StudyServiceTests(PublishedStudyService fixture, ITestOutputHelper output)
{
    private static readonly DicomTag[] StudyFields = [StudyInstanceUID, StudyDate, StudyDescription, ModalitiesInStudy, NumberOfStudyRelatedInstances, PatientName];

    [Fact]
    public void The_publish_is_a_native_binary_without_trim_or_AOT_warnings()
    {
        var warnings = fixture.PublishOutput.Split('\n')
            .Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"warning (IL[23]\d{3}|SYSLIB)"))
            .Distinct().ToList();
        Assert.True(warnings.Count == 0, "trim/AOT warnings:\n" + string.Join("\n", warnings));
        Assert.Contains("Generating native code", fixture.PublishOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(fixture.Binary), $"no native binary at {fixture.Binary}");
        Assert.False(File.Exists(Path.Combine(fixture.OutputFolder, "StudyService.dll")), "a framework-dependent build was published, not a native one");
    }

    [Fact]
    public async Task The_studies_of_a_patient_are_the_typed_rows_QIDO_returns()
    {
        using var http = fixture.Service.CreateClient();
        using var response = await http.GetAsync($"patients/{PublishedStudyService.PatientId}/studies");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var rows = await ReadRowsAsync(response);

        var expected = await QidoRowsAsync(Qido.Studies().Where(PatientID.Is(PublishedStudyService.PatientId)));
        Assert.Equal(3, expected.Count);
        Assert.Equal(expected.OrderBy(r => r), rows.OrderBy(r => r));
        Assert.Contains("\"PatientName\":\"Doe^Jane\"", rows[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("modality=CT&from=2025-01-01&to=2025-01-31", "CT", "2025-01-01", "2025-01-31", 1)]
    [InlineData("modality=CT", "CT", null, null, 2)]
    [InlineData("from=2025-01-15", null, "2025-01-15", null, 2)]
    [InlineData("to=2025-01-15", null, null, "2025-01-15", 1)]
    [InlineData("modality=PT", "PT", null, null, 0)]
    public async Task Modality_and_dates_narrow_the_studies_as_the_same_typed_matchers_do(string queryString, string? modality, string? from, string? to, int count)
    {
        using var http = fixture.Service.CreateClient();
        using var response = await http.GetAsync($"patients/{PublishedStudyService.PatientId}/studies?{queryString}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = await ReadRowsAsync(response);

        QidoQuery query = Qido.Studies().Where(PatientID.Is(PublishedStudyService.PatientId));
        if (modality is not null)
            query = query.Where(ModalitiesInStudy.Is(modality));
        if (from is not null && to is not null)
            query = query.Where(StudyDate.Between(DateOnly.Parse(from), DateOnly.Parse(to)));
        else if (from is not null)
            query = query.Where(StudyDate.From(DateOnly.Parse(from)));
        else if (to is not null)
            query = query.Where(StudyDate.Until(DateOnly.Parse(to)));
        var expected = await QidoRowsAsync(query);
        Assert.Equal(count, expected.Count);
        Assert.Equal(expected.OrderBy(r => r), rows.OrderBy(r => r));
    }

    [Theory]
    [InlineData("patients/SVC-PATIENT-1/studies?modality=ct", "modality")]
    [InlineData("patients/SVC-PATIENT-1/studies?modality=C%2AT", "modality")]
    [InlineData("patients/SVC-PATIENT-1/studies?modality=ABCDEFGHIJKLMNOPQ", "modality")]
    [InlineData("patients/SVC-PATIENT-1/studies?from=2025-13-01", "from")]
    [InlineData("patients/SVC-PATIENT-1/studies?from=20250101", "from")]
    [InlineData("patients/SVC-PATIENT-1/studies?to=yesterday", "to")]
    [InlineData("patients/SVC-PATIENT-1/studies?from=2025-02-01&to=2025-01-01", "from")]
    [InlineData("patients/SVC%2A/studies", "patientId")]
    [InlineData("patients/SVC%3F/studies", "patientId")]
    [InlineData("studies/1.2.abc/series", "study")]
    [InlineData("studies/1.2.3/series/4.5.6/instances/7.8.9/preview?size=0", "size")]
    [InlineData("studies/1.2.3/series/4.5.6/instances/7.8.9/preview?size=big", "size")]
    [InlineData("studies/1.2.3/series/4.5.6/instances/7.8.9/preview?size=100000", "size")]
    [InlineData("studies/1.2.3/series/x/instances/7.8.9/preview", "series")]
    [InlineData("studies/1.2.3/series/4.5.6/instances/7..9/preview", "instance")]
    public async Task Bad_input_is_a_400_problem_naming_the_parameter(string path, string parameter)
    {
        using var http = fixture.Service.CreateClient();
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        Assert.Contains(parameter, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_series_of_a_study_are_the_typed_rows_QIDO_returns()
    {
        string study = fixture.Stored[0].Study;
        using var http = fixture.Service.CreateClient();
        using var response = await http.GetAsync($"studies/{study}/series");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var rows = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement row = Assert.Single(rows.RootElement.EnumerateArray());

        using var client = new DicomWebClient(fixture.Orthanc.CreateClient());
        var found = new List<DicomDataset>();
        await foreach (DicomDataset series in client.SearchAsync(Qido.Series(study).Include(SeriesDescription, SeriesNumber, NumberOfSeriesRelatedInstances)))
            found.Add(series);
        DicomDataset expected = Assert.Single(found);
        Assert.Equal(expected.Get(SeriesInstanceUID), row.GetProperty("SeriesInstanceUID").GetString());
        Assert.Equal(fixture.Stored[0].Series, row.GetProperty("SeriesInstanceUID").GetString());
        Assert.Equal(expected.Get(Modality), row.GetProperty("Modality").GetString());
        Assert.Equal(expected.Get(SeriesDescription), row.GetProperty("SeriesDescription").GetString());
        Assert.Equal(expected.Get(SeriesNumber), row.GetProperty("SeriesNumber").GetInt32());
        Assert.Equal(expected.Get(NumberOfSeriesRelatedInstances), row.GetProperty("NumberOfSeriesRelatedInstances").GetInt32());
    }

    [Fact]
    public async Task An_uploaded_instance_is_stored_then_found_and_previewed()
    {
        string patient = "SVC-UPLOAD-" + Guid.NewGuid().ToString("N")[..8];
        string study = SyntheticInstances.NewUid(), series = SyntheticInstances.NewUid(), instance = SyntheticInstances.NewUid();
        byte[] part10 = await Part10Async(SyntheticInstances.Create(study, series, instance, patientId: patient, modality: "MR", rows: 64, columns: 64));

        using var http = fixture.Service.CreateClient();
        using var content = new ByteArrayContent(part10);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        using var stored = await http.PostAsync("studies", content);
        string summary = await stored.Content.ReadAsStringAsync();
        Assert.True(stored.StatusCode == HttpStatusCode.OK, summary);
        using (var json = JsonDocument.Parse(summary))
        {
            JsonElement one = Assert.Single(json.RootElement.GetProperty("Stored").EnumerateArray());
            Assert.Equal(instance, one.GetProperty("SopInstanceUid").GetString());
            Assert.Empty(json.RootElement.GetProperty("Failed").EnumerateArray());
        }

        using var found = await http.GetAsync($"patients/{patient}/studies");
        var rows = await ReadRowsAsync(found);
        string row = Assert.Single(rows);
        Assert.Contains($"\"StudyInstanceUID\":\"{study}\"", row, StringComparison.Ordinal);
        Assert.Contains("\"ModalitiesInStudy\":[\"MR\"]", row, StringComparison.Ordinal);

        using var preview = await http.GetAsync($"studies/{study}/series/{series}/instances/{instance}/preview?size=32");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("image/jpeg", preview.Content.Headers.ContentType?.MediaType);
        byte[] image = await preview.Content.ReadAsByteArrayAsync();
        Assert.True(image.Length > 4 && image[0] == 0xFF && image[1] == 0xD8, "the preview is not a JPEG");
    }

    [Fact]
    public async Task A_multipart_upload_stores_each_DICOM_part_and_answers_202_naming_the_part_that_failed()
    {
        string patient = "SVC-MULTI-" + Guid.NewGuid().ToString("N")[..8];
        string study = SyntheticInstances.NewUid();
        string first = SyntheticInstances.NewUid(), second = SyntheticInstances.NewUid();
        const string boundary = "study-service-test-boundary";
        using var body = new MemoryStream();
        foreach (byte[] part in new[] {
            await Part10Async(SyntheticInstances.Create(study, SyntheticInstances.NewUid(), first, patientId: patient)),
            await Part10Async(SyntheticInstances.Create(study, SyntheticInstances.NewUid(), second, patientId: patient)),
            Encoding.ASCII.GetBytes("this part is not DICOM") })
        {
            body.Write(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n"));
            body.Write(part);
            body.Write("\r\n"u8);
        }
        body.Write(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"));

        using var http = fixture.Service.CreateClient();
        using var content = new ByteArrayContent(body.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/related; type=\"application/dicom\"; boundary={boundary}");
        using var response = await http.PostAsync("studies", content);
        string summary = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, summary);
        using var json = JsonDocument.Parse(summary);
        Assert.Equal(new[] { first, second }, json.RootElement.GetProperty("Stored").EnumerateArray().Select(s => s.GetProperty("SopInstanceUid").GetString()!).ToArray());
        var failed = json.RootElement.GetProperty("Failed").EnumerateArray().ToList();
        Assert.Equal(new[] { "part 3", "part 4" }, failed.Select(f => f.GetProperty("Source").GetString()!).ToArray());
        Assert.Contains("not a DICOM", failed[0].GetProperty("Reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("not application/dicom", failed[1].GetProperty("Reason").GetString(), StringComparison.Ordinal);

        using var found = await http.GetAsync($"patients/{patient}/studies");
        Assert.Contains("\"NumberOfStudyRelatedInstances\":2", Assert.Single(await ReadRowsAsync(found)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_that_stores_nothing_is_409_and_an_unknown_media_type_is_415()
    {
        using var http = fixture.Service.CreateClient();
        using var notDicom = new ByteArrayContent("not DICOM"u8.ToArray());
        notDicom.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        using var conflict = await http.PostAsync("studies", notDicom);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        using (var json = JsonDocument.Parse(await conflict.Content.ReadAsStringAsync()))
        {
            Assert.Empty(json.RootElement.GetProperty("Stored").EnumerateArray());
            Assert.Equal("body", Assert.Single(json.RootElement.GetProperty("Failed").EnumerateArray()).GetProperty("Source").GetString());
        }

        using var text = new StringContent("hello", Encoding.UTF8, "text/plain");
        using var unsupported = await http.PostAsync("studies", text);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
        Assert.Equal("application/problem+json", unsupported.Content.Headers.ContentType?.MediaType);

        using var jsonFlavour = new ByteArrayContent([]);
        jsonFlavour.Headers.TryAddWithoutValidation("Content-Type", "multipart/related; type=\"application/dicom+json\"; boundary=x");
        using var refused = await http.PostAsync("studies", jsonFlavour);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
    }

    [Fact]
    public async Task With_the_console_exporter_the_SDK_span_of_the_upstream_search_shows_up_without_patient_data()
    {
        ServiceProcess traced = fixture.Start(new Dictionary<string, string>
        {
            ["DicomWeb__BaseAddress"] = fixture.Orthanc.DicomWebRoot.AbsoluteUri,
            ["StudyService__Telemetry__Exporter"] = "console",
        });
        await traced.WaitForOkAsync("healthz", TimeSpan.FromSeconds(30));
        using var http = traced.CreateClient();
        using var response = await http.GetAsync($"patients/{PublishedStudyService.PatientId}/studies");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The console exporter prints an activity when it ends: the SDK's, from ActivitySource "DicomWeb".
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!traced.Log.Contains("QIDO-RS search", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(100);
        string log = traced.Log;
        output.WriteLine(log.Length > 4000 ? log[..4000] : log);
        var span = System.Text.RegularExpressions.Regex.Match(log, @"Activity\.DisplayName:\s+QIDO-RS search(?<rest>.*?)(Activity\.TraceId|$)", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(span.Success, "no QIDO-RS search activity in the service's console output");
        Assert.Contains("dicomweb.service: QIDO-RS", span.Groups["rest"].Value, StringComparison.Ordinal);
        Assert.Matches(@"(Activity\.Source\.Name|Name):\s+DicomWeb\b", span.Groups["rest"].Value); // the exporter's line for the ActivitySource
        Assert.DoesNotContain(PublishedStudyService.PatientId, span.Groups["rest"].Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_MaxUploadBytes_is_a_413_problem_and_nothing_is_stored()
    {
        ServiceProcess small = fixture.Start(new Dictionary<string, string>
        {
            ["DicomWeb__BaseAddress"] = fixture.Orthanc.DicomWebRoot.AbsoluteUri,
            ["StudyService__MaxUploadBytes"] = "4096",
        });
        await small.WaitForOkAsync("healthz", TimeSpan.FromSeconds(30));
        string patient = "SVC-LARGE-" + Guid.NewGuid().ToString("N")[..8];
        byte[] part10 = await Part10Async(SyntheticInstances.Create(SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), SyntheticInstances.NewUid(), patientId: patient, rows: 128, columns: 128));
        Assert.True(part10.Length > 4096);

        using var http = small.CreateClient();
        using var content = new ByteArrayContent(part10);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        using var response = await http.PostAsync("studies", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("StudyService:MaxUploadBytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var found = await http.GetAsync($"patients/{patient}/studies");
        Assert.Empty(await ReadRowsAsync(found));
    }

    [Fact]
    public async Task The_preview_of_an_instance_the_server_does_not_have_is_404()
    {
        using var http = fixture.Service.CreateClient();
        var (study, series, _, _, _) = fixture.Stored[0];
        using var response = await http.GetAsync($"studies/{study}/series/{series}/instances/{SyntheticInstances.NewUid()}/preview");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_is_200_with_the_upstream_and_503_without_it()
    {
        using var http = fixture.Service.CreateClient();
        using var ok = await http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        // Nothing listens on a port just freed.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int closed = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        ServiceProcess orphan = fixture.Start(new Dictionary<string, string>
        {
            ["DicomWeb__BaseAddress"] = $"http://127.0.0.1:{closed}/dicom-web/",
            ["StudyService__HealthTimeout"] = "00:00:03",
        });
        using var orphanHttp = orphan.CreateClient();
        HttpResponseMessage? unavailable = null;
        for (int attempt = 0; attempt < 300 && unavailable is null; attempt++)
        {
            try { unavailable = await orphanHttp.GetAsync("healthz"); }
            catch (HttpRequestException) { await Task.Delay(20); }
        }
        Assert.NotNull(unavailable);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        using var json = JsonDocument.Parse(await unavailable.Content.ReadAsStringAsync());
        Assert.Equal("unavailable", json.RootElement.GetProperty("Status").GetString());
        Assert.DoesNotContain(closed.ToString(System.Globalization.CultureInfo.InvariantCulture), json.RootElement.GetProperty("Reason").GetString(), StringComparison.Ordinal);
        unavailable.Dispose();

        using var search = await orphanHttp.GetAsync($"patients/{PublishedStudyService.PatientId}/studies");
        Assert.Equal(HttpStatusCode.BadGateway, search.StatusCode);
    }

    [Fact]
    public async Task Upstream_credentials_come_from_the_environment()
    {
        await using var guarded = new OrthancServer(new Dictionary<string, string> { ["reader"] = "s3cret:pass" });
        await guarded.StartAsync();
        ServiceProcess anonymous = fixture.Start(new Dictionary<string, string> { ["DicomWeb__BaseAddress"] = guarded.DicomWebRoot.AbsoluteUri });
        ServiceProcess signedIn = fixture.Start(new Dictionary<string, string>
        {
            ["DicomWeb__BaseAddress"] = guarded.DicomWebRoot.AbsoluteUri,
            ["StudyService__Upstream__User"] = "reader",
            ["StudyService__Upstream__Password"] = "s3cret:pass",
        });
        await signedIn.WaitForOkAsync("healthz", TimeSpan.FromSeconds(30));

        using var http = anonymous.CreateClient();
        HttpResponseMessage? refused = null;
        for (int attempt = 0; attempt < 300 && refused is null; attempt++)
        {
            try { refused = await http.GetAsync("healthz"); }
            catch (HttpRequestException) { await Task.Delay(20); }
        }
        Assert.NotNull(refused);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("401", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        refused.Dispose();
        Assert.DoesNotContain("s3cret", signedIn.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Traces_are_exported_when_configured_and_an_unknown_exporter_stops_the_start()
    {
        ServiceProcess traced = fixture.Start(new Dictionary<string, string>
        {
            ["DicomWeb__BaseAddress"] = fixture.Orthanc.DicomWebRoot.AbsoluteUri,
            ["StudyService__Telemetry__Exporter"] = "console",
        });
        await traced.WaitForOkAsync("healthz", TimeSpan.FromSeconds(30));
        var deadline = System.DateTime.UtcNow.AddSeconds(10);
        while (!traced.Log.Contains("Activity.TraceId", StringComparison.Ordinal) && System.DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Contains("Activity.TraceId", traced.Log, StringComparison.Ordinal);
        Assert.Contains("System.Net.Http", traced.Log, StringComparison.Ordinal);   // the upstream call's span

        ServiceProcess refused = fixture.Start(new Dictionary<string, string>
        {
            ["DicomWeb__BaseAddress"] = fixture.Orthanc.DicomWebRoot.AbsoluteUri,
            ["StudyService__Telemetry__Exporter"] = "jaeger",
        });
        Assert.True(refused.Process.WaitForExit(30_000), "the service started with an unknown exporter");
        Assert.NotEqual(0, refused.Process.ExitCode);
        refused.Process.WaitForExit();
        Assert.Contains("StudyService:Telemetry:Exporter", refused.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_binary_stays_small_and_answers_a_thousand_searches_on_one_connection_alike()
    {
        // Its speed, start-up time and resident set are reported by tests/DicomWeb.Benchmarks
        // (--study-service), not asserted here: they belong to the machine.
        long size = new FileInfo(fixture.Binary).Length;
        output.WriteLine($"published binary: {size / 1024.0 / 1024.0:F1} MB ({size} bytes)");
        Assert.True(size < 64L * 1024 * 1024, $"the binary grew to {size} bytes");

        using var http = fixture.Service.CreateClient();
        string? first = null;
        for (int i = 0; i < 1000; i++)
        {
            using HttpResponseMessage response = await http.GetAsync($"patients/{PublishedStudyService.PatientId}/studies");
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"request {i + 1}: {(int)response.StatusCode} {body}");
            first ??= body;
            Assert.Equal(first, body);
        }
        Assert.Equal(3, JsonDocument.Parse(first!).RootElement.GetArrayLength());
        Assert.False(fixture.Service.Process.HasExited);
    }

    private async Task<List<string>> QidoRowsAsync(QidoQuery query)
    {
        using var client = new DicomWebClient(fixture.Orthanc.CreateClient());
        var rows = new List<string>();
        await foreach (DicomDataset study in client.SearchAsync(query.Include(StudyFields)))
        {
            rows.Add(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["StudyInstanceUID"] = study.Get(StudyInstanceUID),
                ["StudyDate"] = study.Get(StudyDate)?.ToDateOnly().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["StudyDescription"] = study.Get(StudyDescription),
                ["ModalitiesInStudy"] = study.GetAll(ModalitiesInStudy),
                ["NumberOfStudyRelatedInstances"] = study.Get(NumberOfStudyRelatedInstances),
                ["PatientName"] = study.Get(PatientName)?.ToString(),
            }));
        }
        return rows;
    }

    /// <summary>The rows of a service answer, each written back as compact JSON in the service's member order.</summary>
    private static async Task<List<string>> ReadRowsAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.EnumerateArray().Select(r => JsonSerializer.Serialize(r)).ToList();
    }

    private static async Task<byte[]> Part10Async(DicomDataset dataset)
    {
        using var part10 = new MemoryStream();
        await DicomFile.Create(dataset).SaveAsync(part10);
        return part10.ToArray();
    }
}
