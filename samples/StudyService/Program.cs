// StudyService: a Native AOT microservice in front of any DICOMweb server (docs/study-service.md).
//   dotnet publish samples/StudyService -c Release -r linux-x64 -o /tmp/study-service
//   DicomWeb__BaseAddress=http://127.0.0.1:8042/dicom-web/ ASPNETCORE_URLS=http://127.0.0.1:5080 /tmp/study-service/StudyService
// Endpoints: GET /patients/{patientId}/studies, GET /studies/{study}/series,
// GET /studies/{study}/series/{series}/instances/{instance}/preview, POST /studies, GET /healthz.
// A start that fails (a missing or invalid setting, an address in use) prints one line on stderr
// and exits with 1; --verbose adds the exception with its stack trace.
using DicomWeb.Hosting;
using StudyService;
using StudyService.Endpoints;
using StudyService.Logging;
using StudyService.Startup;

bool verbose = args.Contains("--verbose");
WebApplication app;
try
{
    WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
    {
        Args = [.. args.Where(a => a != "--verbose")],
        // appsettings.json is the one beside the binary, whatever folder the service is started from.
        ContentRootPath = AppContext.BaseDirectory,
    });
    ServiceLogging.Add(builder.Logging);
    ListenAddresses.Check(builder.Configuration);
    ServiceSettings settings = ServiceSettings.Read(builder.Configuration.GetSection("StudyService"));

    IHttpClientBuilder upstream = builder.Services.AddDicomWebClient(builder.Configuration.GetSection("DicomWeb"));
    UpstreamAuthentication.Add(upstream, builder.Configuration.GetSection("StudyService:Upstream"));
    ServiceTelemetry.Add(builder.Services, builder.Configuration.GetSection("StudyService:Telemetry"));
    builder.Services.AddSingleton(settings);
    builder.Services.AddSingleton<UpstreamLog>();
    RequestDeadline.Add(builder.Services, settings);
    builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, StudyServiceJson.Default));

    app = builder.Build();
    app.UseRequestTimeouts();
    app.MapSearchEndpoints();
    app.MapPreviewEndpoint();
    app.MapStoreEndpoint();
    app.MapHealthEndpoint();
    await app.StartAsync();
}
catch (Exception e)
{
    Console.Error.WriteLine(StartFailure.Describe(e));
    if (verbose)
    {
        foreach (string line in e.ToString().Split('\n'))
            Console.Error.WriteLine(LogText.Escape(line.TrimEnd('\r')));
    }
    return 1;
}
await app.WaitForShutdownAsync();
return 0;
