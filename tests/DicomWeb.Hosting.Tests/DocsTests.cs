using System.Text.RegularExpressions;
using DicomWeb.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DicomWeb.Hosting.Tests;

/// <summary>
/// Every ```csharp block of docs/hosting.md compiles, each on its own, against the built DicomWeb
/// assemblies and the shared frameworks, with the .NET SDK's implicit usings. Azure.Identity and
/// Google.Apis.Auth are not dependencies: the few types their recipes use are declared here with
/// the signatures of those SDKs.
/// </summary>
public sealed partial class DocsTests
{
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    // The surface of Azure.Core/Azure.Identity and Google.Apis.Auth that the recipes touch, as those SDKs declare it.
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

    [GeneratedRegex(@"^```csharp\r?\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    public static TheoryData<int> Blocks()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < ReadBlocks().Count; i++)
            data.Add(i);
        return data;
    }

    private static List<(int Line, string Code)> ReadBlocks()
    {
        string text = File.ReadAllText(RepositoryPaths.InRepository("docs", "hosting.md"));
        return [.. CSharpBlock().Matches(text).Select(m => (text[..m.Index].Count(c => c == '\n') + 1, m.Groups["code"].Value))];
    }

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(p => !Path.GetFileName(p).StartsWith("DicomWeb.Hosting.Tests", StringComparison.Ordinal))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        return [.. paths.Select(p => MetadataReference.CreateFromFile(p))];
    });

    [Fact]
    public void The_page_has_every_recipe()
    {
        string text = File.ReadAllText(RepositoryPaths.InRepository("docs", "hosting.md"));
        foreach (string recipe in new[] { "### ASP.NET Core", "### Worker service", "### Console app without DI", "### Azure Health Data Services", "### Google Cloud Healthcare", "### Orthanc with users" })
            Assert.Contains(recipe, text, StringComparison.Ordinal);
        Assert.True(ReadBlocks().Count >= 8, $"{ReadBlocks().Count} C# blocks");
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Each_csharp_block_compiles(int block)
    {
        (int line, string code) = ReadBlocks()[block];
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        SyntaxTree tree = CSharpSyntaxTree.ParseText(code, parse, path: $"docs/hosting.md:{line}");
        bool program = tree.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            $"HostingDoc{block}",
            [tree, CSharpSyntaxTree.ParseText(ImplicitUsings, parse), CSharpSyntaxTree.ParseText(CloudSdkSurface, parse)],
            References.Value,
            new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var output = new MemoryStream();
        var result = compilation.Emit(output);
        var problems = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree == tree)).ToList();
        Assert.True(problems.Count == 0, $"the block at docs/hosting.md line {line} does not compile:\n" + string.Join("\n", problems));
    }
}
