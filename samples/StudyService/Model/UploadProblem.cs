using System.Text.Json.Serialization;

namespace StudyService.Model;

/// <summary>
/// A problem (application/problem+json) of a POST /studies that went wrong after its body started
/// to be read: a body over the limit (413), malformed or cut short (400), an upstream that failed
/// (502) or the deadline (504). Stored and Failed (extension members, as in <see cref="StoreSummary"/>)
/// list every part read so far, so a caller knows what is stored and what to send again.
/// </summary>
public sealed record UploadProblem(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("parameter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Parameter,
    IReadOnlyList<StoredInstance> Stored,
    IReadOnlyList<FailedInstance> Failed);
