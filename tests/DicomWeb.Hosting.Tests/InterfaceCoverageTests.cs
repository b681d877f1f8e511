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
        Assert.True(onInterface.Count >= 14, $"{onInterface.Count} methods on the interface");
    }

    [Fact]
    public void The_convenience_overloads_are_written_once_for_every_IDicomWebClient_as_extension_methods()
    {
        // Store files, streams, byte arrays, data sets; search, retrieve and save with the defaults (#27 item 2).
        MethodInfo[] extensions = typeof(DicomWebClientExtensions).GetMethods(BindingFlags.Public | BindingFlags.Static);
        Assert.Equal(8, extensions.Length);
        Assert.All(extensions, m => Assert.Equal(typeof(IDicomWebClient), m.GetParameters()[0].ParameterType));
        var convenience = extensions.Select(m => (m.Name, Parameters: m.GetParameters().Skip(1).Select(p => p.ParameterType).ToArray())).ToList();
        foreach (Type type in new[] { typeof(IDicomWebClient), typeof(DicomWebClient) })
        {
            Assert.DoesNotContain(type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly),
                m => !m.IsGenericMethod && convenience.Any(c => c.Name == m.Name && c.Parameters.SequenceEqual(m.GetParameters().Select(p => p.ParameterType))));
        }
    }

    [Fact]
    public void Every_method_of_IDicomWebClient_is_implemented_by_DicomWebClient_itself()
    {
        InterfaceMapping map = typeof(DicomWebClient).GetInterfaceMap(typeof(IDicomWebClient));
        Assert.All(map.TargetMethods, m => Assert.Equal(typeof(DicomWebClient), m.DeclaringType));
    }
}
