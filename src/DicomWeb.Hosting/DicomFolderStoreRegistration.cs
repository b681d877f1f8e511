using DicomWeb.Folder;

namespace DicomWeb.Hosting;

/// <summary>A folder registered by AddDicomFolderStore (or by a configuration section with <c>Folder</c>): its name, full path and options.</summary>
internal sealed record DicomFolderStoreRegistration(string Name, string Folder, DicomFolderOptions Options);
