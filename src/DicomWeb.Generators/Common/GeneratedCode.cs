namespace DicomWeb.Generators.Common;

/// <summary>
/// The [GeneratedCode] attribute on what the generators emit, so analyzers, coverage and readers
/// tell it from hand-written code and know which generator version wrote it. It goes on a type
/// only when the generator writes all of it; where a generated part completes a hand-written or
/// user's partial type it goes on each generated member, because on the type it would mark the
/// hand-written half as generated too (analyzers skip a type so marked, and coverage drops it).
/// </summary>
internal static class GeneratedCode
{
    public const string Generator = "DicomWeb.Generators";

    /// <summary>The generator assembly's version, e.g. "0.1.0.0".</summary>
    public static readonly string Version = typeof(GeneratedCode).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    /// <summary>The attribute as C#, fully qualified.</summary>
    public static readonly string Attribute = $"[global::System.CodeDom.Compiler.GeneratedCode(\"{Generator}\", \"{Version}\")]";
}
