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
/// The generator's source stays in small files and, in Differentiation/, in short members: no .cs file under
/// src/GradGen.Generator over <see cref="MaxFileLines"/> lines, and no method, constructor, local function or accessor
/// under src/GradGen.Generator/Differentiation over <see cref="MaxMemberLines"/> lines.
/// </summary>
public sealed class CodeShapeTests
{
    private const int MaxFileLines = 500;
    private const int MaxMemberLines = 80;

    // Files (relative to src/GradGen.Generator) that still exceed MaxFileLines. This list must only shrink: a file
    // that is split must leave it, and no file may join it.
    private static readonly string[] NotYetSplit =
    {
    };

    // Files under Differentiation/ that still hold members over MaxMemberLines. This list must only shrink: a file
    // whose long members are split must leave it, and no file may join it.
    private static readonly string[] MethodsNotYetSplit =
    {
    };

    [Fact]
    public void No_generator_file_exceeds_500_lines()
    {
        var sizes = SourceFiles("").ToDictionary(f => f, f => File.ReadAllLines(Path.Combine(GeneratorFolder(), f)).Length);
        Assert.NotEmpty(sizes);
        var offending = sizes.Where(s => s.Value > MaxFileLines && !NotYetSplit.Contains(s.Key))
            .Select(s => s.Key + " (" + s.Value + " lines)").ToList();
        var stale = NotYetSplit.Where(f => !sizes.TryGetValue(f, out var lines) || lines <= MaxFileLines)
            .Select(f => f + " (now within the limit: remove it from NotYetSplit)").ToList();
        Assert.True(offending.Count == 0 && stale.Count == 0,
            "Files over " + MaxFileLines + " lines: " + string.Join(", ", offending.Concat(stale)));
    }

    [Fact]
    public void No_differentiation_member_exceeds_80_lines()
    {
        var members = SourceFiles("Differentiation")
            .SelectMany(f => LongMembers(f, File.ReadAllText(Path.Combine(GeneratorFolder(), f))))
            .ToList();
        var offending = members.Where(m => !MethodsNotYetSplit.Contains(m.File))
            .Select(m => m.File + ": " + m.Name + " (" + m.Lines + " lines)").ToList();
        var stale = MethodsNotYetSplit.Where(f => !members.Any(m => m.File == f))
            .Select(f => f + " (no member over the limit now: remove it from MethodsNotYetSplit)").ToList();
        Assert.True(offending.Count == 0 && stale.Count == 0,
            "Members over " + MaxMemberLines + " lines: " + string.Join(", ", offending.Concat(stale)));
    }

    [Fact]
    public void The_member_counter_sees_methods_constructors_local_functions_accessors_and_expression_bodied_properties()
    {
        var body = string.Concat(Enumerable.Repeat("        x++;\n", MaxMemberLines));
        var source = "class C\n{\n    int x;\n"
            + "    void M()\n    {\n" + body + "    }\n"
            + "    C()\n    {\n" + body + "    }\n"
            + "    void Outer()\n    {\n        void Local()\n        {\n" + body + "        }\n    }\n"
            + "    int P\n    {\n        get\n        {\n" + body + "            return x;\n        }\n    }\n"
            + "    int Q =>\n" + string.Concat(Enumerable.Repeat("        1 +\n", MaxMemberLines)) + "        0;\n"
            + "    void AtTheLimit()\n    {\n" + string.Concat(Enumerable.Repeat("        x++;\n", MaxMemberLines - 3)) + "    }\n}\n";
        var names = LongMembers("C.cs", source).Select(m => m.Name).ToList();
        Assert.Equal(new[] { "C.M", "C.C", "C.Outer", "C.Outer.Local", "C.P.get", "C.Q" }, names);
    }

    private sealed record LongMember(string File, string Name, int Lines);

    private static IEnumerable<LongMember> LongMembers(string file, string source)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        foreach (var node in root.DescendantNodes())
        {
            // An expression-bodied property or indexer is its getter without the accessor syntax.
            if (node is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax
                    or BasePropertyDeclarationSyntax { AccessorList: null }))
            {
                continue;
            }

            var span = node.GetLocation().GetLineSpan();
            var lines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
            if (lines > MaxMemberLines)
                yield return new LongMember(file, NameOf(node), lines);
        }
    }

    private static string NameOf(SyntaxNode node)
    {
        var parts = new List<string>();
        for (var n = node; n is not null; n = n.Parent)
        {
            var name = n switch
            {
                MethodDeclarationSyntax m => m.Identifier.Text,
                ConstructorDeclarationSyntax c => c.Identifier.Text,
                LocalFunctionStatementSyntax l => l.Identifier.Text,
                AccessorDeclarationSyntax a => a.Keyword.Text,
                PropertyDeclarationSyntax p => p.Identifier.Text,
                IndexerDeclarationSyntax => "this[]",
                OperatorDeclarationSyntax o => "operator " + o.OperatorToken.Text,
                BaseTypeDeclarationSyntax t => t.Identifier.Text,
                _ => null,
            };
            if (name is not null)
                parts.Add(name);
        }
        parts.Reverse();
        return string.Join(".", parts);
    }

    // Paths relative to src/GradGen.Generator with '/' separators, so that they compare with the lists above.
    private static IEnumerable<string> SourceFiles(string under) =>
        Directory.GetFiles(Path.Combine(GeneratorFolder(), under), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(GeneratorFolder(), f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("obj/", StringComparison.Ordinal) && !f.StartsWith("bin/", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);

    private static string GeneratorFolder() =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "src", "GradGen.Generator"));

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
