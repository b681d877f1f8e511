using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DicomWeb.Generators.Tests;

/// <summary>
/// [GeneratedCode("DicomWeb.Generators", version)] on what the generators write: on a type they
/// write whole, else on each member they add, never on the hand-written half of a partial type.
/// </summary>
public class GeneratedCodeTests
{
    private static readonly string Version = typeof(ModelGenerator).Assembly.GetName().Version!.ToString();

    private static bool IsGeneratedCode(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute"
            && a.ConstructorArguments is [{ Value: "DicomWeb.Generators" }, { Value: string version }] && version == Version);

    [Fact]
    public void Model_members_the_generator_adds_are_marked_and_the_users_own_are_not()
    {
        var compilation = GeneratorHarness.EmptyCompilation(ModelGeneratorTests.StudyRow).AddReferences(MetadataReference.CreateFromFile(typeof(DicomTag).Assembly.Location));
        var result = CSharpGeneratorDriver.Create(new ModelGenerator()).RunGenerators(compilation).GetRunResult();
        SyntaxTree generated = result.GeneratedTrees.Single(t => t.FilePath.EndsWith("Sample.StudyRow.DicomJson.g.cs", StringComparison.Ordinal));
        INamedTypeSymbol row = compilation.AddSyntaxTrees(result.GeneratedTrees).GetTypeByMetadataName("Sample.StudyRow")!;

        Assert.False(IsGeneratedCode(row));
        // Accessors are left out: the attribute is on their property.
        var added = row.GetMembers().Where(m => m is not IMethodSymbol { AssociatedSymbol: not null } && m.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == generated)).ToList();
        Assert.Equal(5, added.Count); // the tag list, DicomTags, two ReadDicomJson and WriteDicomJson
        Assert.All(added, member => Assert.True(IsGeneratedCode(member), member.Name));
        Assert.All(row.GetMembers().Where(m => !m.IsImplicitlyDeclared && m is not IMethodSymbol { AssociatedSymbol: not null } && !added.Contains(m, SymbolEqualityComparer.Default)),
            member => Assert.False(IsGeneratedCode(member), member.Name));
    }

    [Fact]
    public void Dictionary_types_written_whole_are_marked_and_partial_ones_only_on_the_generated_members()
    {
        var result = GeneratorHarness.CreateDriver(GeneratorHarness.FilesOf(GeneratorHarness.TestDictionaryFolder))
            .RunGenerators(GeneratorHarness.EmptyCompilation())
            .GetRunResult();
        var compilation = GeneratorHarness.CompilationWithModel(result);
        var generatedTrees = compilation.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).ToHashSet();
        Assert.Equal(5, generatedTrees.Count);

        foreach (string whole in new[] { "DicomWeb.DicomTags", "DicomWeb.StringTag", "DicomWeb.NumberTag`1", "DicomWeb.BinaryTag" })
            Assert.True(IsGeneratedCode(compilation.GetTypeByMetadataName(whole)!), whole);

        foreach (string partial in new[] { "DicomWeb.DicomUids", "DicomWeb.DicomDictionary", "DicomWeb.DicomTransferSyntax" })
        {
            INamedTypeSymbol type = compilation.GetTypeByMetadataName(partial)!;
            Assert.False(IsGeneratedCode(type), partial);
            var members = type.GetMembers().Where(m => !m.IsImplicitlyDeclared && m is not IMethodSymbol { AssociatedSymbol: not null }).ToList();
            var generated = members.Where(m => m.DeclaringSyntaxReferences.All(r => generatedTrees.Contains(r.SyntaxTree))).ToList();
            var handWritten = members.Except(generated, SymbolEqualityComparer.Default).ToList();
            Assert.NotEmpty(generated);
            Assert.NotEmpty(handWritten);
            Assert.All(generated, m => Assert.True(IsGeneratedCode(m), $"{partial}.{m.Name}"));
            Assert.All(handWritten, m => Assert.False(IsGeneratedCode(m), $"{partial}.{m.Name}"));
        }
    }
}
