namespace StudyService.Model;

/// <summary>The answer to GET /healthz: "ok", or "unavailable" and why (the kind of failure, never a URL or credentials).</summary>
public sealed record Health(string Status, string? Reason = null);
