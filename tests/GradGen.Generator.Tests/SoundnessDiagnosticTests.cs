using System.Globalization;
using GradGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Tests;

/// <summary>
/// The soundness rule (docs/design.md): an active value of any type that reaches an operation with no derivative is an
/// error at that operation, once, at the innermost one; where the derivative cannot matter (conditions, logging, inert
/// results) the method is accepted. Each refusal is checked for id and exact span.
/// </summary>
public sealed class SoundnessDiagnosticTests
{
    private static string InStaticClass(string members) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using System.Linq;
        using GradGen;

        namespace Demo;

        public static partial class C
        {
        {{members}}
        }
        """;

    private const string Dot = """
            [Differentiable]
            public static double Dot(ReadOnlySpan<double> a, [NoDerivative] ReadOnlySpan<double> b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++)
                {
                    s += a[i] * b[i];
                }

                return s;
            }

        """;

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

    private static Diagnostic Expect(string members, string id) => GeneratorHarness.AssertSingleDiagnostic(InStaticClass(members), id);

    private static void Accepted(string members)
    {
        var run = GeneratorHarness.Run(InStaticClass(members));
        Assert.Empty(run.GeneratorDiagnostics);
        GeneratorHarness.AssertCompilesCleanly(run);
    }

    // ---- An active array through IEnumerable<double> and other parameter types (bugs 1 and 4) ----

    [Fact]
    public void GG0006_ExtensionReceiver_Sum()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double[] w, Func<double, double> twice) => [|w.Sum(twice)|] * 2;
            """, "GG0006");

        Assert.Contains("'Enumerable.Sum' passes 'w'", Message(diagnostic));
    }

    [Fact]
    public void GG0006_AsEnumerable_ReportsTheInnermostCall()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double[] w) => [|w.AsEnumerable()|].Sum();
            """, "GG0006");

        Assert.Contains("'Enumerable.AsEnumerable'", Message(diagnostic));
    }

    [Fact]
    public void GG0006_SelectWithAFuncParameter_NotOnlyAWarning()
    {
        Expect("""
                [Differentiable]
                public static double F(double[] w, Func<double, double> transform) => [|w.Select(transform)|].Sum();
            """, "GG0006");
    }

    [Fact]
    public void GG0006_EnumerableLocal_AtTheCallThatReadsIt()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double[] w)
                {
                    IEnumerable<double> e = w;
                    return [|e.Sum()|];
                }
            """, "GG0006");

        Assert.Contains("passes 'e'", Message(diagnostic));
    }

    [Fact]
    public void GG0006_ListInterfaceParameter()
    {
        Expect("""
                private static double First(IReadOnlyList<double> values) => values[0];

                [Differentiable]
                public static double F(double[] w) => [|First(w)|] + w[1];
            """, "GG0006");
    }

    [Fact]
    public void GG0009_DifferentiableCalleeTakingAnEnumerable()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double G(double a, IEnumerable<double> s) => a * s.Count();

                [Differentiable]
                public static double F(double x, double[] w) => [|G(x, w)|];
            """, "GG0009");

        Assert.Contains("'s'", Message(diagnostic));
    }

    // ---- Values that leave through strings, bits, decimal, or an object that may keep them ----

    [Fact]
    public void GG0006_TextOfAnActiveValueParsedBack()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    string s = [|x.ToString(CultureInfo.InvariantCulture)|];
                    return double.Parse(s, CultureInfo.InvariantCulture) * x;
                }
            """, "GG0006");

        Assert.Contains("passes 'x'", Message(diagnostic));
    }

    [Fact]
    public void GG0006_BitsOfAnActiveValue()
    {
        Expect("""
                [Differentiable]
                public static double F(double x) => BitConverter.Int64BitsToDouble([|BitConverter.DoubleToInt64Bits(x)|]) * x;
            """, "GG0006");
    }

    [Fact]
    public void GG0006_DecimalThroughAnOpaqueCall()
    {
        Expect("""
                [Differentiable]
                public static double F(double x) => (double)[|Math.Max((decimal)x, 0m)|] * x;
            """, "GG0006");
    }

    [Fact]
    public void GG0018_DecimalLocalConvertedBack()
    {
        var diagnostic = Expect("""
                [Differentiable]
                public static double F(double x)
                {
                    decimal d = (decimal)x;
                    return [|(double)d|] * x;
                }
            """, "GG0018");

        Assert.Contains("'decimal'", Message(diagnostic));
        Assert.Contains("'d'", Message(diagnostic));
    }

    [Fact]
    public void GG0006_VoidCallOnAnObjectThatMayKeepTheValue()
    {
        Expect("""
                [Differentiable]
                public static double F(double x, [NoDerivative] List<double> kept)
                {
                    [|kept.Add(x)|];
                    return kept.Sum() * x;
                }
            """, "GG0006");
    }

    [Fact]
    public void GG0006_InstanceCallOnThis()
    {
        GeneratorHarness.AssertSingleDiagnostic("""
            using GradGen;

            namespace Demo;

            public partial class M
            {
                private double _last;

                private void Keep(double v) => _last = v;

                [Differentiable]
                public double F(double x)
                {
                    [|Keep(x)|];
                    return x * _last;
                }
            }
            """, "GG0006");
    }

    [Fact]
    public void GG0028_ActionParameter()
    {
        Expect("""
                [Differentiable]
                public static double F(double x, Action<double> log)
                {
                    [|log(x)|];
                    return x;
                }
            """, "GG0028");
    }

    [Fact]
    public void GG0004_DataArrayPassedWhereACallMayWriteIt()
    {
        Expect("""
                private static void Poke(IList<double> values) => values[0] = 5;

                [Differentiable]
                public static double F(double[] w, [NoDerivative] double[] x)
                {
                    [|Poke(x)|];
                    return w[0] * x[0];
                }
            """, "GG0004");
    }

    // ---- Views (bug 2) ----

    // Views of differentiable parameters passed to [Differentiable] callees are differentiated now (ViewDiagnosticTests
    // has what stays refused); a view of an active local is still refused by the analysis:

    [Fact]
    public void GG0017_SliceOfAnActiveLocal_FromTheAnalysis()
    {
        Expect(Dot + """
                [Differentiable]
                public static double F(double[] w, [NoDerivative] double[] x, int n)
                {
                    double[] h = new double[n];
                    for (int i = 0; i < n; i++)
                    {
                        h[i] = w[i] * 2;
                    }

                    return Dot([|((ReadOnlySpan<double>)h).Slice(0, n)|], x);
                }
            """, "GG0017");
    }

    [Fact]
    public void GG0004_ForeachOverAViewOfALocalArray()
    {
        // A view of a parameter is walked element by element; a local array's elements change, and its adjoint has no view.
        Expect("""
                [Differentiable]
                public static double F(ReadOnlySpan<double> w, int n)
                {
                    double s = 0;
                    double[] h = new double[n];
                    h[0] = w[0];
                    foreach (var e in [|h.AsSpan(0, n)|])
                    {
                        s += e * e;
                    }

                    return s;
                }
            """, "GG0004");
    }

    [Fact]
    public void GG0004_RangeOfData()
    {
        var diagnostic = Expect(Dot + """
                [Differentiable]
                public static double F(ReadOnlySpan<double> w, [NoDerivative] double[] x, int n) => Dot(w, [|x[..n]|]);
            """, "GG0004");

        Assert.Contains("the range 'x[..n]'", Message(diagnostic));
    }

    [Fact]
    public void GG0004_WritableViewOfData_NamedAsAView()
    {
        var diagnostic = Expect(Dot + """
                [Differentiable]
                public static double F(ReadOnlySpan<double> w, [NoDerivative] double[] x, int n) => Dot(w, [|x.AsSpan(0, n)|]);
            """, "GG0004");

        Assert.Contains("the view 'x.AsSpan(0, n)'", Message(diagnostic));
    }

    // ---- Other ways out, refused by the parser whatever their activity ----

    [Theory]
    [InlineData("public static double F(double x) { object o = [|x|]; return (double)o * x; }")]
    [InlineData("public static double F(double x) { var t = [|(x, 2.0)|]; return t.Item1 * x; }")]
    [InlineData("private static double S(params double[] v) => v[0]; [Differentiable] public static double G(double x) => [|S(x, x)|] * x;")]
    [InlineData("private static void Twice(ref double v) => v *= 2; [Differentiable] public static double G(double x) { double y = x; Twice([|ref y|]); return y; }")]
    [InlineData("public static double F(double x) { Func<double> g = [|() => { return x * x; }|]; return g(); }")]
    public void GG0004_OtherWaysOut(string member)
    {
        var members = member.StartsWith("private", System.StringComparison.Ordinal) ? member : "[Differentiable] " + member;
        Expect(members, "GG0004");
    }

    // ---- Accepted: the derivative through these is zero or never needed ----

    [Fact]
    public void Accepted_OpaqueCallsInConditionsAndLogging()
    {
        Accepted("""
                private static double Halve(double v) => v * 0.5;

                [Differentiable]
                public static double F(double x, double[] w)
                {
                    Console.WriteLine(x);
                    string text = x.ToString(CultureInfo.InvariantCulture);
                    Console.WriteLine(text);
                    if (double.IsNaN(x) || Halve(x) > 1 || w.Sum() > 10 || w.Contains(x))
                    {
                        return 0;
                    }

                    return x * w[0];
                }
            """);
    }

    [Fact]
    public void Accepted_SliceOfData()
    {
        Accepted("""
                [Differentiable]
                public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => a[0] * b[0];

                [Differentiable]
                public static double F(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, int n) => Dot(w, x.Slice(0, n));
            """);
    }
}
