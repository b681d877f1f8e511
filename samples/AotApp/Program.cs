// Reads and writes DICOM JSON in a Native AOT binary and prints what it read; then builds the
// generic host with DicomWeb.Hosting, its options bound from configuration (appsettings.json,
// environment variables DicomWeb__BaseAddress, DicomWeb__QidoPageSize, command line) and, given a
// base address, searches that server with the injected IDicomWebClient and prints the count.
// Exit code 1 if anything differs.
//   dotnet publish samples/AotApp -c Release -r linux-x64 -o /tmp/aot && /tmp/aot/AotApp
//   DicomWeb__BaseAddress=http://127.0.0.1:8042/dicom-web/ DicomWeb__QidoPageSize=2 /tmp/aot/AotApp
using System.Text;
using System.Text.Json;
using DicomWeb;
using DicomWeb.Client;
using DicomWeb.Hosting;
using DicomWeb.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static DicomWeb.DicomTags;

const string json = """
    [{"00080020":{"vr":"DA","Value":["20250115"]},"00080061":{"vr":"CS","Value":["CT","PT"]},
      "00081115":{"vr":"SQ","Value":[{"0020000E":{"vr":"UI","Value":["1.2.3.4"]}}]},
      "00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane","Ideographic":"ドウ"}]},
      "0020000D":{"vr":"UI","Value":["1.2.3"]},"00201208":{"vr":"IS","Value":[42]},
      "00280106":{"vr":"US","Value":[0]},"7FE00010":{"vr":"OW","InlineBinary":"AAECAw=="}}]
    """;

int failures = 0;
void Check(string what, object? actual, object? expected)
{
    bool same = Equals(actual, expected) || (actual is System.Collections.IEnumerable a && expected is System.Collections.IEnumerable b && a.Cast<object>().SequenceEqual(b.Cast<object>()));
    Console.WriteLine($"{(same ? "ok" : "FAIL")} {what}: {actual}");
    if (!same) failures++;
}

DicomDataset study = DicomJson.DeserializeArray(Encoding.UTF8.GetBytes(json))[0];
Check("PatientName", study.Get(PatientName)?.ToDicomString(), "Doe^Jane=ドウ");
Check("StudyDate", study.Get(StudyDate)?.ToDateOnly(), new DateOnly(2025, 1, 15));
Check("ModalitiesInStudy", study.GetAll(ModalitiesInStudy), new[] { "CT", "PT" });
Check("NumberOfStudyRelatedInstances", study.Get(NumberOfStudyRelatedInstances), 42);
Check("SmallestImagePixelValue", study.Get(SmallestImagePixelValue), 0);
Check("series in sequence", study.Get(ReferencedSeriesSequence)[0].Get(SeriesInstanceUID), "1.2.3.4");
Check("PixelData bytes", study.Get(PixelData)?.Bytes?.Length, 4);

study.Set(StudyDescription, "Chest CT").Set(ImagePositionPatient, 1.5, -2.25, 3);
DicomDataset again = DicomJson.Deserialize(DicomJson.SerializeToUtf8Bytes(study));
Check("round trip", again.Equals(study), true);
Check("JsonSerializer with type info", JsonSerializer.Deserialize(JsonSerializer.Serialize(study, DicomJson.DatasetTypeInfo), DicomJson.DatasetTypeInfo)?.Equals(study), true);

Study row = DicomJson.DeserializeArray<Study>(Encoding.UTF8.GetBytes(json))[0];
Check("model StudyInstanceUID", row.StudyInstanceUID, "1.2.3");
Check("model PatientName", row.PatientName?.ToString(), "Doe^Jane");
Check("model StudyDate", row.StudyDate, new DateOnly(2025, 1, 15));
Check("model series", row.ReferencedSeriesSequence.Select(s => s.SeriesInstanceUID), new[] { "1.2.3.4" });
Study back = DicomJson.Deserialize<Study>(DicomJson.SerializeToUtf8Bytes(row));
Check("model round trip", back.ModalitiesInStudy, new[] { "CT", "PT" });

// DicomWeb.Hosting: options from configuration, bound without reflection.
HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddDicomWebClient(builder.Configuration.GetSection("DicomWeb"));
using (IHost host = builder.Build())
{
    if (builder.Configuration["DicomWeb:BaseAddress"] is null)
    {
        // Without a server: the host refuses to start and names the setting.
        string? error = null;
        try
        {
            await host.StartAsync();
        }
        catch (OptionsValidationException e)
        {
            error = e.Message;
        }
        Check("validation at start names DicomWeb:BaseAddress", error?.Contains("DicomWeb:BaseAddress is missing", StringComparison.Ordinal), true);
        Console.WriteLine("no DicomWeb:BaseAddress (DicomWeb__BaseAddress): no search");
    }
    else
    {
        await host.StartAsync();
        DicomWebClientOptions options = host.Services.GetRequiredService<IOptionsMonitor<DicomWebClientOptions>>().Get(DicomWebServiceCollectionExtensions.DefaultClientName);
        Console.WriteLine($"bound BaseAddress={options.BaseAddress} QidoPageSize={options.QidoPageSize?.ToString() ?? "none"}");
        IDicomWebClient client = host.Services.GetRequiredService<IDicomWebClient>();
        int studies = 0, typed = 0;
        await foreach (DicomDataset found in client.SearchAsync(Qido.Studies()))
            studies += found.Get(StudyInstanceUID) is null ? 0 : 1;
        await foreach (Study found in client.SearchAsync<Study>(Qido.Studies()))
            typed += found.StudyInstanceUID is null ? 0 : 1;
        Check("typed search finds the same studies", typed, studies);
        Console.WriteLine($"studies found: {studies}");
        await host.StopAsync();
    }
}

Console.WriteLine(failures == 0 ? "all checks passed" : $"{failures} checks failed");
return failures == 0 ? 0 : 1;

[DicomJsonModel]
public partial record Study
{
    public string? StudyInstanceUID { get; init; }
    public PersonName? PatientName { get; init; }
    public DateOnly? StudyDate { get; init; }
    public IReadOnlyList<string> ModalitiesInStudy { get; init; } = [];
    public IReadOnlyList<Series> ReferencedSeriesSequence { get; init; } = [];

    [DicomJsonModel]
    public partial record Series
    {
        public string? SeriesInstanceUID { get; init; }
    }
}
