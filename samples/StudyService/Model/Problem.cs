using System.Text.Json.Serialization;

namespace StudyService.Model;

/// <summary>
/// An RFC 9457 problem (application/problem+json), with its lower-case member names. Parameter
/// (an extension member) names the request input at fault: a route value, query parameter,
/// header or "body".
/// </summary>
public sealed record Problem(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("parameter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Parameter = null);
