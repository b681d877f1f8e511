// StudyService: a Native AOT microservice in front of any DICOMweb server (docs/study-service.md).
//   dotnet publish samples/StudyService -c Release -r linux-x64 -o /tmp/study-service
//   DicomWeb__BaseAddress=http://127.0.0.1:8042/dicom-web/ ASPNETCORE_URLS=http://127.0.0.1:5080 /tmp/study-service/StudyService
// Endpoints: GET /patients/{patientId}/studies, GET /studies/{study}/series,
// GET /studies/{study}/series/{series}/instances/{instance}/preview, POST /studies, GET /healthz.
using DicomWeb.Hosting;
using StudyService;
using StudyService.Endpoints;

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);

IHttpClientBuilder upstream = builder.Services.AddDicomWebClient(builder.Configuration.GetSection("DicomWeb"));
UpstreamAuthentication.Add(upstream, builder.Configuration.GetSection("StudyService:Upstream"));
ServiceTelemetry.Add(builder.Services, builder.Configuration.GetSection("StudyService:Telemetry"));
builder.Services.AddSingleton(ServiceSettings.Read(builder.Configuration.GetSection("StudyService")));
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, StudyServiceJson.Default));

WebApplication app = builder.Build();
app.MapSearchEndpoints();
app.MapPreviewEndpoint();
app.MapStoreEndpoint();
app.MapHealthEndpoint();
app.Run();
