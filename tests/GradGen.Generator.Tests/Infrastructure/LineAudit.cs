using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using GradGen.Generator.Differentiation.Adjoint;
using GradGen.Generator.Emission;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.Generator.Tests.Infrastructure;

/// <summary>
/// Checks every adjoint line the generator prints in this test run: each identifier its text mentions (not a member after
/// '.', not a 'global::' qualifier) must be in the line's <see cref="Line.Mentions"/>. The clean-up passes decide what
/// a line reads and writes from those names alone, so a name missing there could let a pass move an update past a line
/// that reads or changes it: a wrong gradient. A line that fails throws inside the generator, so the test that ran it
/// fails, and is kept in <see cref="Failures"/>.
/// </summary>
internal static class LineAudit
{
    public static readonly ConcurrentQueue<string> Failures = new();

    private static long _checked;

    public static long Checked => System.Threading.Interlocked.Read(ref _checked);

    [ModuleInitializer]
    internal static void Install() => AdjointLinePrinter.Audit = Check;

    public static void Check(Line line, string text)
    {
        if (line is Comment or Blank)
        {
            return;
        }

        System.Threading.Interlocked.Increment(ref _checked);
        var missing = Mentioned(line, text).Where(name => !line.Mentions.Contains(name)).ToList();
        if (missing.Count > 0)
        {
            var failure = line.GetType().Name + " '" + text + "' does not list " + string.Join(", ", missing);
            Failures.Enqueue(failure);
            throw new InvalidOperationException(failure);
        }
    }

    /// <summary>The names of variables and locals <paramref name="line"/> mentions: not types, not members after '.'.</summary>
    public static string[] Mentioned(Line line, string text)
    {
        SyntaxNode? node = line switch
        {
            Open { Condition: { } condition } => SyntaxFactory.ParseExpression(condition.Text),
            Close { DoCondition: { } condition } => SyntaxFactory.ParseExpression(condition.Text),
            Open or Close => null,
            _ => SyntaxFactory.ParseStatement(text),
        };
        if (node is null)
        {
            return Array.Empty<string>();
        }

        var names = node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Where(n => !SyntaxFacts.IsInTypeOnlyContext(n)
                && !(n.Parent is MemberAccessExpressionSyntax access && access.Name == n)
                && n.Parent is not (AliasQualifiedNameSyntax or QualifiedNameSyntax)
                && n.Identifier.Text is not ("var" or "nameof"))
            .Select(n => n.Identifier.Text);
        var declared = node.DescendantNodesAndSelf().OfType<VariableDeclaratorSyntax>().Select(d => d.Identifier.Text);
        return names.Concat(declared).Distinct().ToArray();
    }
}
