using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using GradGen.Generator.Robustness;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.Generator.Tests.Robustness;

/// <summary>
/// Seeded mutations of a C# source: truncations, token deletions and swaps, unsupported constructs and values of other
/// types inserted into a [Differentiable] body, identifiers renamed into the generator's own name space, and deep
/// shapes of <see cref="SyntheticInputs"/> appended. Most stay valid C#, so the generated code gets compiled too.
/// </summary>
internal static class Mutations
{
    public static readonly string[] Kinds = { "truncate", "delete", "swap", "insert", "rename", "deep" };

    /// <summary>Statements put at the start of a [Differentiable] body (each one valid C# there, most unsupported).</summary>
    private static readonly string[] Insertions =
    {
        "var o = new object();",
        "string str = \"a\"; for (int q = 0; q < 2; q++) { str = str + q; }",
        "decimal m = 1.5m; m *= 2m;",
        "System.DayOfWeek day = System.DayOfWeek.Monday; if (day == System.DayOfWeek.Friday) { }",
        "var pair = (1.0, 2.0);",
        "System.Numerics.Vector2 vec = default;",
        "System.Func<double, double> f = t => t;",
        "try { } finally { }",
        "goto L0; L0:;",
        "int k = 0; k = k;",
        "double _d_x = 1.0, _t0 = 2.0, _s0 = 3.0, _result = 4.0, _done = 5.0, seed = 6.0;",
        "double[] _doubles = new double[2]; _doubles[0] = _doubles[1];",
        "#pragma warning disable CS0168\n",
        "checked { }",
        "object boxed = 1.0; double unboxed = (double)boxed;",
        "int? nullable = null; double nd = nullable ?? 2;",
        "var span = new double[3]; span[1] = span.Length;",
        "System.Console.WriteLine(\"x\");",
        "double local() => 1.0; double lv = local();",
        "const double c0 = 2.0; double cv = c0 * c0;",
    };

    private static readonly string[] GeneratedNames =
    {
        "FGradient", "FPullback", "_d_x", "_t0", "_s0", "_e0", "_b0", "_n0", "seed", "seed_1", "_result", "_done", "_value",
        "_doubles", "_branches", "_counts", "_slots0", "_inv0", "dX", "dA", "_break0", "global", "value",
    };

    public static SourceVariant Create(string file, string text, Random random)
    {
        var kind = Kinds[random.Next(Kinds.Length)];
        var tokens = IllFormedSources.Tokens(text);
        if (tokens.Count < 2)
        {
            kind = "deep";
        }

        switch (kind)
        {
            case "truncate":
            {
                var at = tokens[random.Next(tokens.Count)];
                return new SourceVariant(file, kind, $"truncated after '{at.Text}' at {at.Span.End}", text.Substring(0, at.Span.End));
            }

            case "delete":
            {
                var at = tokens[random.Next(tokens.Count)];
                return new SourceVariant(file, kind, $"deleted '{at.Text}' at {at.SpanStart}", text.Remove(at.SpanStart, at.Span.Length));
            }

            case "swap":
            {
                var i = random.Next(tokens.Count - 1);
                var (a, b) = (tokens[i], tokens[i + 1]);
                var swapped = text.Substring(0, a.SpanStart) + b.Text + text.Substring(a.Span.End, b.SpanStart - a.Span.End) + a.Text + text.Substring(b.Span.End);
                return new SourceVariant(file, kind, $"swapped '{a.Text}' and '{b.Text}' at {a.SpanStart}", swapped);
            }

            case "insert":
                return Insert(file, text, random);
            case "rename":
                return Rename(file, text, tokens, random);
            default:
            {
                var shapes = SyntheticInputs.Shapes.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
                var shape = shapes[random.Next(shapes.Length)];
                var size = 1 + random.Next(random.Next(2) == 0 ? 8 : 400);
                var deep = SyntheticInputs.Shapes[shape](size).Replace("class Deep", "class Deep" + size.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("using System;\nusing GradGen;\n", string.Empty, StringComparison.Ordinal);
                return new SourceVariant(file, kind, $"appended {shape} of size {size}", "using System;\nusing GradGen;\n" + text + "\n" + deep);
            }
        }
    }

    private static SourceVariant Insert(string file, string text, Random random)
    {
        var root = CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions).GetRoot();
        var bodies = root.DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => m.Body is { Statements.Count: > 0 } && m.AttributeLists.ToString().Contains("Differentiable", StringComparison.Ordinal))
            .Select(m => m.Body!)
            .ToList();
        var insertion = Insertions[random.Next(Insertions.Length)];
        if (bodies.Count == 0)
        {
            return new SourceVariant(file, "insert", "nothing to insert into", text);
        }

        var body = bodies[random.Next(bodies.Count)];
        var statement = body.Statements[random.Next(body.Statements.Count)];
        var at = statement.SpanStart;
        return new SourceVariant(file, "insert", $"inserted '{insertion.Split('\n')[0]}' at {at}", text.Insert(at, insertion + "\n"));
    }

    /// <summary>Every occurrence of one identifier renamed to a name the generator also writes.</summary>
    private static SourceVariant Rename(string file, string text, IReadOnlyList<SyntaxToken> tokens, Random random)
    {
        var identifiers = tokens.Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
        if (identifiers.Count == 0)
        {
            return new SourceVariant(file, "rename", "no identifier", text);
        }

        var from = identifiers[random.Next(identifiers.Count)];
        var to = GeneratedNames[random.Next(GeneratedNames.Length)];
        if (random.Next(3) == 0 && text.Contains("[Differentiable]", StringComparison.Ordinal))
        {
            // A method named like the generated members of another: 'F' next to 'FGradient'.
            to = from + (random.Next(2) == 0 ? "Gradient" : "Pullback");
            from = identifiers[random.Next(identifiers.Count)];
        }

        var result = new StringBuilder(text);
        foreach (var token in tokens.Where(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == from).OrderByDescending(t => t.SpanStart))
        {
            result.Remove(token.SpanStart, token.Span.Length).Insert(token.SpanStart, to);
        }

        return new SourceVariant(file, "rename", $"renamed '{from}' to '{to}'", result.ToString());
    }
}
