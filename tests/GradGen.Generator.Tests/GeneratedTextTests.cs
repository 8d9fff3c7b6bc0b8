using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.Generator.Tests;

/// <summary>
/// The differentiation and the emission never read back the code they generate: passes ask the adjoint's lines
/// (<c>Differentiation/Adjoint/Line</c>) what they read and write. A regular expression or a string search over
/// generated text would miss a spelling sooner or later (a merge across the restore of an index once gave a wrong
/// gradient that way). String searches are allowed only on model data (user source text, names, type keywords),
/// listed below one by one.
/// </summary>
public sealed class GeneratedTextTests
{
    private static readonly string[] Searches = { "IndexOf", "LastIndexOf", "StartsWith", "EndsWith", "Contains", "Split", "Substring", "Replace", "IsMatch", "Match", "Matches", "Trim", "TrimStart", "TrimEnd" };

    // "file: receiver.Method" of each string search on model data, with what it reads.
    private static readonly string[] OnModelData =
    {
        "Differentiation/Throws.cs: target.EndsWith", // an exception type's name
        "Differentiation/Throws.cs: opaque.Member.StartsWith", // a called member's name
        "Differentiation/AdjointWriter.Statements.cs: ret.Source.StartsWith", // the user's source, for a comment
        "Differentiation/AdjointWriter.Branches.cs: branch.Source.StartsWith", // the user's source, for a comment
        "Differentiation/AdjointWriter.cs: baseName.StartsWith", // a variable's name
        "Differentiation/AdjointWriter.cs: _names.Variable(id).TrimStart", // a variable's name
        "Emission/SourceEmitter.cs: type.Keyword.StartsWith", // a containing type's keyword
        "Emission/SourceEmitter.cs: type.Keyword.Substring",
        "Emission/SourceEmitter.cs: t.TypeParameters.Replace(\"in \", string.Empty).Replace", // a containing type's type parameters
        "Emission/SourceEmitter.cs: t.TypeParameters.Replace",
        "Emission/SourceEmitter.cs: text.Replace(\"&\", \"&amp;\").Replace(\"<\", \"&lt;\").Replace", // XML documentation text
        "Emission/SourceEmitter.cs: text.Replace(\"&\", \"&amp;\").Replace",
        "Emission/SourceEmitter.cs: text.Replace",
        "Emission/TangentHelperWriter.cs: baseName.Substring", // a pullback's name
        "Emission/TangentCallPrinter.cs: baseName.Substring",
        "Emission/SecondOrderEmitter.cs: parameter.GradientName!.Substring", // a gradient parameter's name
        "Emission/HessianWriter.cs: direction.Substring", // a direction parameter's name
        "Emission/VectorEmitter.cs: Naming.GradientName(output.Name).Substring",
        "Emission/JacobianWriter.cs: p.GradientName!.Substring",
        "Emission/ExprPrinter.cs: s.Texts", // the literal parts of the user's interpolated string
        "Emission/ArgumentChecksPrinter.cs: gradients.IndexOf", // a parameter's position in a list
        "Emission/SourceEmitter.cs: model.Name.TrimStart", // the method's name
        "Emission/TangentCallPrinter.cs: call.PullbackName.TrimStart", // a callee's name
        "Emission/TangentHelperWriter.cs: call.PullbackName.TrimStart",
        "Emission/TangentColumns.cs: _names.Variable(id).TrimStart", // a variable's name
    };

    [Fact]
    public void Differentiation_and_emission_do_not_search_generated_text()
    {
        var found = new List<string>();
        foreach (var file in SourceFiles("Differentiation").Concat(SourceFiles("Emission")))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(GeneratorFolder(), file))).GetRoot();
            found.AddRange(Violations(file, root));
        }

        Assert.True(found.Count == 0, "Searches over text in Differentiation/ or Emission/: " + string.Join("; ", found));
    }

    [Fact]
    public void A_regular_expression_or_a_search_of_printed_code_is_found()
    {
        var root = CSharpSyntaxTree.ParseText("""
            using System.Text.RegularExpressions;
            class C
            {
                static readonly Regex R = new("x");
                bool M(Code c, string line, HashSet<string> names) => c.Text.StartsWith("-") || line.IndexOf(':') >= 0 || names.Contains(line) || line.Contains("[");
            }
            """).GetRoot();
        Assert.Equal(
            new[] { "Emission/X.cs: using System.Text.RegularExpressions", "Emission/X.cs: Regex", "Emission/X.cs: c.Text.StartsWith", "Emission/X.cs: line.IndexOf", "Emission/X.cs: line.Contains" },
            Violations("Emission/X.cs", root));
    }

    private static IEnumerable<string> Violations(string file, SyntaxNode root)
    {
        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case UsingDirectiveSyntax u when u.Name?.ToString() == "System.Text.RegularExpressions":
                    yield return file + ": using System.Text.RegularExpressions";
                    break;
                case IdentifierNameSyntax { Identifier.Text: "Regex" }:
                    yield return file + ": Regex";
                    break;
                case MemberAccessExpressionSyntax access when IsSearch(access):
                    var entry = file + ": " + access.Expression + "." + access.Name.Identifier.Text;
                    if (!OnModelData.Contains(entry))
                    {
                        yield return entry;
                    }

                    break;
            }
        }
    }

    /// <summary>A string search method called, or the old line buffer's text (Texts); Contains only with a literal (else it is a set's).</summary>
    private static bool IsSearch(MemberAccessExpressionSyntax access)
    {
        var name = access.Name.Identifier.Text;
        if (name == "Texts")
        {
            return true;
        }

        if (!Searches.Contains(name) || access.Parent is not InvocationExpressionSyntax call)
        {
            return false;
        }

        return name != "Contains" || call.ArgumentList.Arguments.Any(a => a.Expression is LiteralExpressionSyntax);
    }

    private static IEnumerable<string> SourceFiles(string under) =>
        Directory.GetFiles(Path.Combine(GeneratorFolder(), under), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(GeneratorFolder(), f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal);

    private static string GeneratorFolder() =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "src", "GradGen.Generator"));

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
