using System.Net;
using DicomWeb.Client;
using StudyService.Model;

namespace StudyService.Endpoints;

/// <summary>The service's problem+json answers.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    /// <summary>400: a request input is wrong; <paramref name="parameter"/> names it.</summary>
    public static IResult BadParameter(string parameter, string detail) =>
        Answer(new Problem("https://dicomweb.example/problems/bad-parameter", $"Invalid {parameter}", 400, detail, parameter));

    public static IResult NotFound(string detail) =>
        Answer(new Problem("https://dicomweb.example/problems/not-found", "Not found", 404, detail));

    public static IResult UnsupportedMediaType(string detail) =>
        Answer(new Problem("https://dicomweb.example/problems/unsupported-media-type", "Unsupported media type", 415, detail, "Content-Type"));

    /// <summary>
    /// 502: the upstream failed. The detail gives its status (or that it could not be reached),
    /// never its body: a server's error text can carry patient data.
    /// </summary>
    public static IResult Upstream(Exception e) =>
        Answer(new Problem("https://dicomweb.example/problems/upstream", "The DICOMweb server failed", 502, Describe(e)));

    /// <summary>504: the request ran past StudyService:RequestTimeout.</summary>
    public static Problem Timeout(ServiceSettings settings) =>
        new("https://dicomweb.example/problems/timeout", "Request timed out", 504,
            $"no answer within StudyService:RequestTimeout ({settings.RequestTimeout:c}): the DICOMweb server was too slow, or the request body too long in coming.");

    public static string Describe(Exception e) => e switch
    {
        DicomWebException { StatusCode: HttpStatusCode status } => $"the DICOMweb server answered {(int)status} {status}",
        DicomWebException { InnerException: HttpRequestException } => "the DICOMweb server could not be reached",
        DicomWebException { InnerException: OperationCanceledException or TimeoutException } => "the DICOMweb server did not answer in time",
        DicomWebException => "the DICOMweb server's answer could not be read",
        HttpRequestException => "the DICOMweb server could not be reached",
        OperationCanceledException => "the DICOMweb server did not answer in time",
        _ => e.GetType().Name,
    };

    /// <summary>Failures of the upstream call that become a 502 (anything else is a bug and a 500).</summary>
    public static bool IsUpstream(Exception e) => e is DicomWebException or HttpRequestException or DicomWeb.Json.DicomJsonException;

    public static IResult Answer(UploadProblem problem) =>
        Results.Json(problem, StudyServiceJson.Default.UploadProblem, ContentType, problem.Status);

    public static IResult Answer(Problem problem) =>
        Results.Json(problem, StudyServiceJson.Default.Problem, ContentType, problem.Status);
}
