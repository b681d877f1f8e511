using System.Text.Json.Serialization;
using StudyService.Model;

namespace StudyService;

/// <summary>Every type the service writes as JSON, serialized by source-generated code (no reflection).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(List<StudyRow>))]
[JsonSerializable(typeof(List<SeriesRow>))]
[JsonSerializable(typeof(StoreSummary))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(UploadProblem))]
[JsonSerializable(typeof(Health))]
public sealed partial class StudyServiceJson : JsonSerializerContext;
