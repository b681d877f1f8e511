using System.Globalization;

namespace StudyService.Endpoints;

/// <summary>
/// Checks of request inputs before they become query values. Messages name the input and the
/// rule, never echo the value (a patient ID is patient data).
/// </summary>
public static class QueryInput
{
    /// <summary>A Patient ID (LO: at most 64 characters) that QIDO-RS matches exactly: no wildcard, no backslash, no control character.</summary>
    public static string? PatientIdProblem(string patientId)
    {
        if (patientId.Length is 0 or > 64)
            return "patientId must be 1 to 64 characters (VR LO).";
        foreach (char c in patientId)
        {
            if (c is '*' or '?' or '\\' || char.IsControl(c))
                return "patientId cannot hold wildcards (* ?), backslashes or control characters: it is matched exactly.";
        }
        return patientId.Trim().Length == 0 ? "patientId cannot be only spaces." : null;
    }

    /// <summary>A Code String (CS): 1 to 16 of A-Z, 0-9, space and underscore.</summary>
    public static string? CodeStringProblem(string value)
    {
        if (value.Length is 0 or > 16)
            return "modality must be 1 to 16 characters (VR CS), e.g. CT.";
        foreach (char c in value)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or ' ' or '_'))
                return "modality may hold only upper-case letters, digits, space and underscore (VR CS), e.g. CT.";
        }
        return null;
    }

    /// <summary>An optional date in ISO form (yyyy-MM-dd).</summary>
    public static bool TryDate(string? text, out DateOnly? date)
    {
        date = null;
        if (text is null)
            return true;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly parsed))
            return false;
        date = parsed;
        return true;
    }

    public static string NotAUid(string parameter) =>
        $"{parameter} must be a DICOM UID: 1 to 64 characters of digits and dots, e.g. 1.2.840.113619.2.55.3.";
}
