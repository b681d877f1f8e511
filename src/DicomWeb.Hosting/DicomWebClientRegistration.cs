namespace DicomWeb.Hosting;

/// <summary>
/// A client registered by AddDicomWebClient: its name, and how its settings are named in errors
/// ("DicomWeb:" for a configuration section, so that a missing base address reads "DicomWeb:BaseAddress").
/// </summary>
internal sealed record DicomWebClientRegistration(string Name, string SettingPrefix)
{
    public string Setting(string property) => SettingPrefix + property;
}
