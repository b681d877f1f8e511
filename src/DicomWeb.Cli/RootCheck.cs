using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DicomWeb.Client;

namespace DicomWeb.Cli;

/// <summary>
/// Tells a URL that is not a DICOMweb root (Orthanc's http://host:8042/ instead of
/// http://host:8042/dicom-web/, a mistyped path, a web page) from a resource that is not there:
/// after an answer a wrong root gives (404, 405, or a success that is not DICOM JSON) the root is
/// asked for one study (QIDO-RS studies?limit=1), which every DICOMweb server answers. When that
/// fails too, the error says what the root answered and what a root looks like (exit 3); when it
/// works, the first error stands (a 404 is then "not found", exit 1).
/// </summary>
internal static partial class RootCheck
{
    /// <summary>True for the answers a URL that is not a DICOMweb root gives.</summary>
    public static bool IsSuspect(Exception e) =>
        e is DicomWebException { StatusCode: { } status } && (status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed || (int)status is >= 200 and < 300);

    /// <summary>An exception saying that <paramref name="root"/> is not a DICOMweb root, or null when it answers as one.</summary>
    public static async Task<Exception?> ExplainAsync(IDicomWebClient client, Uri root, CancellationToken cancellationToken)
    {
        // limit=1 keeps the answer short; a 400 to it (Orthanc's own REST API wants "since" with
        // "limit") is asked again without, as a search of every study is what the root must answer.
        DicomWebException? failure = await SearchAsync(client, Qido.Studies().Limit(1), cancellationToken);
        if (failure is { StatusCode: HttpStatusCode.BadRequest })
            failure = await SearchAsync(client, Qido.Studies(), cancellationToken);
        if (failure is null || !IsSuspect(failure))
            return null;
        return new ServerAnswerException($"{root} is not a DICOMweb root: GET {root}studies answered {Answer(failure)}; the root is the URL that /studies follows, and usually ends in /dicom-web/ (Orthanc: http://HOST:8042/dicom-web/)", failure);
    }

    private static async Task<DicomWebException?> SearchAsync(IDicomWebClient client, QidoQuery query, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (DicomDataset _ in client.SearchAsync(query, cancellationToken))
                break;
            return null;
        }
        catch (DicomWebException e)
        {
            return e;
        }
    }

    private static string Answer(DicomWebException e)
    {
        int code = (int)e.StatusCode!.Value;
        if (code is < 200 or >= 300)
            return $"{code} {e.StatusCode}";
        if (e.InnerException is JsonException || e.InnerException?.InnerException is JsonException)
            return $"{code} with JSON that is not DICOM JSON";
        return ContentType().Match(e.Message) is { Success: true } type ? $"{code} with Content-Type '{type.Groups[1].Value}'" : $"{code}: {e.Message}";
    }

    [GeneratedRegex("Content-Type '([^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex ContentType();
}
