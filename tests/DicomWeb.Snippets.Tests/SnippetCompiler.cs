using System.Collections.Immutable;
using DicomWeb.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DicomWeb.Snippets.Tests;

/// <summary>
/// Compiles a <see cref="MarkdownSnippet"/> as a user's project would: C# latest, nullable on, the
/// .NET SDK's implicit usings, references to DicomWeb.Sdk.Json, DicomWeb.Sdk, DicomWeb.Hosting,
/// DicomWeb.Folder and the shared frameworks (Microsoft.NETCore.App, Microsoft.AspNetCore.App),
/// and the [DicomJsonModel] generator run on it.
/// </summary>
public static class SnippetCompiler
{
    // What `dotnet new console` (Microsoft.NET.Sdk) puts in scope.
    private const string ConsoleUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    // What Microsoft.NET.Sdk.Web (`dotnet new web`) and Microsoft.NET.Sdk.Worker (`dotnet new worker`) add.
    private const string WebAndWorkerUsings = """
        global using System.Net.Http.Json;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    // The surface of Azure.Core/Azure.Identity and Google.Apis.Auth that docs/hosting.md's recipes
    // touch, as those SDKs declare it: they are no dependencies of DicomWeb.
    private const string CloudSdkSurface = """
        namespace Azure.Core
        {
            public readonly struct AccessToken
            {
                public AccessToken(string accessToken, System.DateTimeOffset expiresOn) { Token = accessToken; ExpiresOn = expiresOn; }
                public string Token { get; }
                public System.DateTimeOffset ExpiresOn { get; }
            }
            public readonly struct TokenRequestContext
            {
                public TokenRequestContext(string[] scopes, string? parentRequestId = null, string? claims = null, string? tenantId = null, bool isCaeEnabled = false) { Scopes = scopes; }
                public string[] Scopes { get; }
            }
            public abstract class TokenCredential
            {
                public abstract System.Threading.Tasks.ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, System.Threading.CancellationToken cancellationToken);
                public abstract AccessToken GetToken(TokenRequestContext requestContext, System.Threading.CancellationToken cancellationToken);
            }
        }
        namespace Azure.Identity
        {
            public class DefaultAzureCredential : Azure.Core.TokenCredential
            {
                public DefaultAzureCredential(bool includeInteractiveCredentials = false) { }
                public override System.Threading.Tasks.ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, System.Threading.CancellationToken cancellationToken) => default;
                public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, System.Threading.CancellationToken cancellationToken) => default;
            }
        }
        namespace Google.Apis.Auth.OAuth2
        {
            public interface ITokenAccess
            {
                System.Threading.Tasks.Task<string> GetAccessTokenForRequestAsync(string? authUri = null, System.Threading.CancellationToken cancellationToken = default);
            }
            public interface ICredential : ITokenAccess { }
            public class GoogleCredential : ICredential
            {
                public static System.Threading.Tasks.Task<GoogleCredential> GetApplicationDefaultAsync(System.Threading.CancellationToken cancellationToken = default) => null!;
                public GoogleCredential CreateScoped(params string[] scopes) => this;
                public ICredential UnderlyingCredential => this;
                System.Threading.Tasks.Task<string> ITokenAccess.GetAccessTokenForRequestAsync(string? authUri, System.Threading.CancellationToken cancellationToken) => null!;
            }
        }
        """;

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    // The runtime's own assemblies (this test runs on the shared frameworks it compiles against)
    // and the DicomWeb libraries beside the test; not the test itself.
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("DicomWeb.Snippets.Tests", StringComparison.Ordinal))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => MetadataReference.CreateFromFile(g.First())),
    ]);

    /// <summary>The libraries the blocks are compiled against, for a test to check they are all there.</summary>
    public static IEnumerable<string> ReferencedAssemblyNames => References.Value.Select(r => Path.GetFileNameWithoutExtension(r.Display!));

    /// <summary>
    /// Compiles the block (a program when it has top-level statements, a library otherwise) and
    /// returns the image, or null, and every error plus each warning in the block itself.
    /// </summary>
    public static (byte[]? Image, IReadOnlyList<Diagnostic> Problems) Compile(MarkdownSnippet snippet)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(snippet.Source, Parse, path: snippet.File);
        bool program = tree.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any();
        bool hosted = snippet.Source.Contains("WebApplication.", StringComparison.Ordinal) || snippet.Source.Contains("Host.Create", StringComparison.Ordinal);
        var compilation = CSharpCompilation.Create(
            "Snippet_" + string.Concat(snippet.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')),
            [
                tree,
                CSharpSyntaxTree.ParseText(hosted ? ConsoleUsings + "\n" + WebAndWorkerUsings : ConsoleUsings, Parse, path: "ImplicitUsings.g.cs"),
                CSharpSyntaxTree.ParseText(CloudSdkSurface, Parse, path: "CloudSdkSurface.cs"),
            ],
            References.Value,
            new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        GeneratorDriver driver = CSharpGeneratorDriver.Create([new ModelGenerator().AsSourceGenerator()], parseOptions: Parse);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation generated, out ImmutableArray<Diagnostic> generatorDiagnostics);

        using var image = new MemoryStream();
        var result = generated.Emit(image);
        var problems = generatorDiagnostics.Concat(result.Diagnostics)
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree == tree))
            .ToList();
        return (result.Success ? image.ToArray() : null, problems);
    }
}
