namespace DicomWeb.Client;

/// <summary>Progress of <see cref="DicomWebClient.SaveInstancesAsync(WadoResource, string, IReadOnlyList{AcceptableMediaType}?, IProgress{SaveProgress}?, CancellationToken)"/>, reported after each instance is on disk.</summary>
/// <param name="Instances">Instances saved so far.</param>
/// <param name="Bytes">Bytes written so far.</param>
/// <param name="LastFile">The file just written.</param>
public readonly record struct SaveProgress(int Instances, long Bytes, string LastFile);
