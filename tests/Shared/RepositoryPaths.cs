namespace DicomWeb.Tests;

/// <summary>Where the repository and ../shared are, found from the test assembly's folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Dictionary => Path.Combine(Root, "data", "dictionary");

    /// <summary>../shared beside the clone (CI has it there); may be absent.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string InRepository(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DicomWeb.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No DicomWeb.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A fact that needs ../shared; skipped with a clear message where it is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string relativePath = "")
    {
        string path = Path.Combine(RepositoryPaths.Shared, relativePath);
        if (!Directory.Exists(path) && !File.Exists(path))
            Skip = $"{path} is absent: this test reads the shared DICOM data beside the clone.";
    }
}
