using System.Reflection;
using DicomWeb.Client;

namespace DicomWeb.Hosting.Tests;

/// <summary>
/// The injected IDicomWebClient loses nothing: every public method of DicomWebClient is on the
/// interface with the same signature (so a method added to the client later without the
/// interface fails here).
/// </summary>
public sealed class InterfaceCoverageTests
{
    // Members about the client's own HttpClient, not about DICOMweb.
    private static readonly HashSet<string> ClientOnly = ["Dispose", "get_DefaultRequestHeaders", "get_BaseAddress"];

    private static string Signature(MethodInfo method) =>
        $"{method.ReturnType} {method.Name}<{method.GetGenericArguments().Length}>({string.Join(", ", method.GetParameters().Select(p => $"{p.ParameterType} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")}"))})";

    [Fact]
    public void Every_public_method_of_DicomWebClient_is_on_IDicomWebClient()
    {
        var onInterface = typeof(IDicomWebClient).GetMethods().Select(Signature).ToHashSet();
        var missing = typeof(DicomWebClient).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !ClientOnly.Contains(m.Name))
            .Select(Signature)
            .Where(s => !onInterface.Contains(s))
            .ToList();
        Assert.True(missing.Count == 0, "not on IDicomWebClient:\n" + string.Join("\n", missing));
        Assert.True(onInterface.Count >= 20, $"{onInterface.Count} methods on the interface");
    }

    [Fact]
    public void Every_method_of_IDicomWebClient_is_implemented_by_DicomWebClient_itself()
    {
        InterfaceMapping map = typeof(DicomWebClient).GetInterfaceMap(typeof(IDicomWebClient));
        Assert.All(map.TargetMethods, m => Assert.Equal(typeof(DicomWebClient), m.DeclaringType));
    }
}
