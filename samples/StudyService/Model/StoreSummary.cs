namespace StudyService.Model;

/// <summary>The answer to POST /studies: every instance of the request, stored or failed.</summary>
public sealed record StoreSummary(IReadOnlyList<StoredInstance> Stored, IReadOnlyList<FailedInstance> Failed);

/// <summary>
/// An instance the upstream server stored. Preview is this service's URL of its preview (from the
/// server's RetrieveURL; null when the server gave none): the server's own address is never shown.
/// </summary>
public sealed record StoredInstance(string SopClassUid, string SopInstanceUid, string? Preview, int? WarningReason, string Source);

/// <summary>
/// An instance (or a part, or the whole request) that was not stored: the upstream's FailureReason
/// when it gave one, and why in words. SopInstanceUid is null when the part was not DICOM.
/// </summary>
public sealed record FailedInstance(string? SopInstanceUid, int? FailureReason, string Reason, string? Source);
