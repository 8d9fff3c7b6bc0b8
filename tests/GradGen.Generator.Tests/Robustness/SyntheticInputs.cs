using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace GradGen.Generator.Robustness;

/// <summary>
/// Inputs that grow along one axis (expression size, nesting, statements, parameters, methods, call chains), valid C#
/// that the compiler accepts at every size. Shared by the robustness tests and the scaling table of
/// tests/GradGen.Generator.Benchmarks (linked there), so the table measures the inputs the tests run.
/// </summary>
internal static class SyntheticInputs
{
    /// <summary>The shapes by name, each a function of its size.</summary>
    public static readonly IReadOnlyDictionary<string, Func<int, string>> Shapes = new Dictionary<string, Func<int, string>>(StringComparer.Ordinal)
    {
        ["sum"] = LongSum,
        ["nested-calls"] = NestedCalls,
        ["conditional"] = NestedConditional,
        ["parameters"] = ManyParameters,
        ["array-parameters"] = ManyArrayParameters,
        ["nested-for"] = NestedFor,
        ["nested-if"] = NestedIf,
        ["statements"] = Statements,
        ["methods"] = Methods,
        ["call-chain"] = CallChain,
    };

    private static string Wrap(string members) =>
        "using System;\nusing GradGen;\n\npublic static partial class Deep\n{\n" + members + "}\n";

    private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>return x * 0.5 + x * x + Math.Sin(x) + y * x + …</c>: one expression of <paramref name="terms"/> terms, one a line.</summary>
    public static string LongSum(int terms)
    {
        var forms = new[] { "x * 0.5", "x * x", "Math.Sin(x)", "y * x", "Math.Exp(-x) * y" };
        var body = new StringBuilder("        return ");
        for (var i = 0; i < terms; i++)
        {
            body.Append(i == 0 ? string.Empty : "\n            + ").Append(forms[i % forms.Length]);
        }

        return Wrap("    [Differentiable]\n    public static double F(double x, double y)\n    {\n" + body + ";\n    }\n");
    }

    /// <summary><c>Math.Sin(Math.Cos(… x …)) * 0.5</c> nested <paramref name="depth"/> deep.</summary>
    public static string NestedCalls(int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            text.Append(i % 2 == 0 ? "Math.Sin(" : "Math.Cos(0.5 * ");
        }

        text.Append('x').Append(')', depth);
        return Wrap("    [Differentiable]\n    public static double F(double x) => " + text + ";\n");
    }

    /// <summary><c>x &gt; 0 ? x * x : x &gt; 1 ? Math.Sin(x) : …</c>: <paramref name="depth"/> conditionals nested in the false branch.</summary>
    public static string NestedConditional(int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            text.Append("x > ").Append(I(i)).Append(".5 ? x * ").Append(I(i)).Append(".0 : ");
        }

        text.Append("-x");
        return Wrap("    [Differentiable]\n    public static double F(double x) => " + text + ";\n");
    }

    /// <summary>A method of <paramref name="count"/> double parameters summed one statement each.</summary>
    public static string ManyParameters(int count)
    {
        var parameters = string.Join(", ", Enumerable.Range(0, count).Select(i => "double p" + I(i)));
        var body = new StringBuilder("        double s = 0.0;\n");
        for (var i = 0; i < count; i++)
        {
            body.Append("        s += p").Append(I(i)).Append(" * p").Append(I(i)).Append(";\n");
        }

        return Wrap("    [Differentiable]\n    public static double F(" + parameters + ")\n    {\n" + body + "        return s;\n    }\n");
    }

    /// <summary>A method of <paramref name="count"/> array parameters, the first element of each summed one statement each.</summary>
    public static string ManyArrayParameters(int count)
    {
        var parameters = string.Join(", ", Enumerable.Range(0, count).Select(i => "double[] p" + I(i)));
        var body = new StringBuilder("        double s = 0.0;\n");
        for (var i = 0; i < count; i++)
        {
            body.Append("        s += p").Append(I(i)).Append("[0] * s;\n");
        }

        return Wrap("    [Differentiable]\n    public static double F(" + parameters + ")\n    {\n" + body + "        return s;\n    }\n");
    }

    /// <summary><paramref name="depth"/> nested <c>for</c> loops of two iterations each around one update.</summary>
    public static string NestedFor(int depth)
    {
        var body = new StringBuilder("        double s = 0.0;\n");
        for (var i = 0; i < depth; i++)
        {
            body.Append("for (int i").Append(I(i)).Append(" = 0; i").Append(I(i)).Append(" < 1; i").Append(I(i)).Append("++) {\n");
        }

        body.Append("s += x * s + Math.Sin(x);\n").Append('}', depth).Append('\n');
        return Wrap("    [Differentiable]\n    public static double F(double x)\n    {\n" + body + "        return s;\n    }\n");
    }

    /// <summary><paramref name="count"/> methods, each <paramref name="depth"/> nested <c>for</c> loops deep.</summary>
    public static string NestedForMethods(int depth, int count)
    {
        var one = NestedFor(depth);
        var start = one.IndexOf("    [Differentiable]", StringComparison.Ordinal);
        var member = one.Substring(start, one.LastIndexOf('}') - start);
        return Wrap(string.Concat(Enumerable.Range(0, count).Select(i => member.Replace(" F(", " F" + I(i) + "(")).ToArray()));
    }

    /// <summary><paramref name="depth"/> nested <c>if</c>s, each updating the sum before the next test.</summary>
    public static string NestedIf(int depth)
    {
        var body = new StringBuilder("        double s = x;\n");
        for (var i = 0; i < depth; i++)
        {
            body.Append("if (s > ").Append(I(i % 7)).Append(".5) { s = s * x + 0.5;\n");
        }

        body.Append('}', depth).Append('\n');
        return Wrap("    [Differentiable]\n    public static double F(double x)\n    {\n" + body + "        return s;\n    }\n");
    }

    /// <summary><paramref name="count"/> straight-line statements, each reading the previous value.</summary>
    public static string Statements(int count)
    {
        var body = new StringBuilder("        double s = x;\n");
        var forms = new[] { "s = s * 0.5 + Math.Sin(x);", "s += x * s;", "double t{0} = Math.Exp(-s) * x; s -= t{0};", "s = s / (1.0 + x * x);" };
        for (var i = 0; i < count; i++)
        {
            body.Append("        ").Append(string.Format(CultureInfo.InvariantCulture, forms[i % forms.Length], i)).Append('\n');
        }

        return Wrap("    [Differentiable]\n    public static double F(double x)\n    {\n" + body + "        return s;\n    }\n");
    }

    /// <summary><paramref name="count"/> small [Differentiable] methods in one class.</summary>
    public static string Methods(int count)
    {
        var members = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            members.Append("    [Differentiable]\n    public static double M").Append(I(i)).Append("(double a, double b)\n    {\n")
                .Append("        var y = Math.Sin(a) * b + ").Append(I(i)).Append(".0;\n        return y * y + a;\n    }\n\n");
        }

        return Wrap(members.ToString());
    }

    /// <summary>M0 calls M1 calls … M(<paramref name="length"/> - 1), each a [Differentiable] method.</summary>
    public static string CallChain(int length)
    {
        var members = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var next = i + 1 < length ? "M" + I(i + 1) + "(a * 0.5)" : "Math.Sin(a)";
            members.Append("    [Differentiable]\n    public static double M").Append(I(i)).Append("(double a) => a * ").Append(next).Append(";\n\n");
        }

        return Wrap(members.ToString());
    }
}
