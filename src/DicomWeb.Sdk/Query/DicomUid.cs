namespace DicomWeb.Client;

/// <summary>The UID rule (PS3.5 9.1): digits and dots, components without leading zeros, at most 64 characters.</summary>
internal static class DicomUid
{
    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > 64)
            return false;
        foreach (string component in uid.Split('.'))
        {
            if (component.Length == 0 || (component.Length > 1 && component[0] == '0') || !component.All(char.IsAsciiDigit))
                return false;
        }
        return true;
    }

    /// <exception cref="ArgumentException">The text is not a DICOM UID; the message quotes it.</exception>
    public static string Check(string uid, string parameter) =>
        IsValid(uid) ? uid : throw new ArgumentException($"'{uid}' is not a DICOM UID (digits and dots, at most 64 characters).", parameter);
}
